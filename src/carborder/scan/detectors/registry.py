"""Name-keyed detector registry: built-ins and plugins register the same way."""

from __future__ import annotations

from collections.abc import Iterable

from carborder.scan.detectors.base import Detector

__all__ = ["DETECTORS", "create", "for_modality", "get", "names", "register"]

#: Registered detector classes by ``name``.
DETECTORS: dict[str, type[Detector]] = {}


def register(cls: type[Detector]) -> type[Detector]:
    """Register a detector class (usable as a decorator); names must be unique.

    Raises:
        ValueError: another class already uses the name.
    """
    known = DETECTORS.get(cls.name)
    if known is not None and known is not cls:
        raise ValueError(f"detector name {cls.name!r} already registered by {known.__qualname__}")
    DETECTORS[cls.name] = cls
    return cls


def get(name: str) -> type[Detector]:
    """Return the detector class registered under ``name``.

    Raises:
        KeyError: no such detector.
    """
    _load_builtins()
    try:
        return DETECTORS[name]
    except KeyError:
        raise KeyError(f"unknown detector {name!r}; known: {', '.join(names())}") from None


def names() -> list[str]:
    """Registered detector names, sorted."""
    _load_builtins()
    return sorted(DETECTORS)


def for_modality(modality: str) -> list[type[Detector]]:
    """Detector classes that read batches of ``modality``, in name order."""
    _load_builtins()
    return [DETECTORS[n] for n in sorted(DETECTORS) if modality in DETECTORS[n].modalities]


def create(selected: Iterable[str] | None = None, *, modality: str = "tabular") -> list[Detector]:
    """Instantiate the selected detectors (default: every detector for ``modality``)."""
    classes = for_modality(modality) if selected is None else [get(n) for n in selected]
    return [c() for c in classes]


def _load_builtins() -> None:
    # Imported lazily so importing the registry has no side effects beyond this module.
    from carborder.scan.detectors import geo, identifiers  # noqa: F401
    from carborder.scan.vehicle.engine import register_all

    register_all()  # the vehicle readers and the vehicle.facts detector
