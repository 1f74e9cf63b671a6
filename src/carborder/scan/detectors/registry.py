"""Name-keyed detector registry: built-ins and plugins register the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from carborder.scan.detectors.base import Detector

__all__ = ["BUILTIN_MODALITIES", "DETECTORS", "create", "for_modality", "get", "names", "register"]

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
    if name not in DETECTORS:
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
    _load_builtins(modality)
    return [DETECTORS[n] for n in sorted(DETECTORS) if modality in DETECTORS[n].modalities]


def create(selected: Iterable[str] | None = None, *, modality: str = "tabular") -> list[Detector]:
    """Instantiate the selected detectors (default: every detector for ``modality``)."""
    classes = for_modality(modality) if selected is None else [get(n) for n in selected]
    return [c() for c in classes]


def _identifiers() -> None:
    from carborder.scan.detectors import identifiers  # noqa: F401  (they register on import)


def _geo() -> None:
    from carborder.scan.detectors import geo  # noqa: F401  (they register on import)


def _vehicle() -> None:
    from carborder.scan.vehicle.engine import register_all

    register_all()  # the vehicle readers and the vehicle.facts detector


#: The built-in detector modules and the modalities their detectors read. A module is
#: imported when batches of one of its modalities are scanned, so a Parquet scan imports no
#: vehicle code; naming a detector not registered yet, listing them, or a modality no module
#: lists (a plugin's) imports them all. A test checks the modalities against what each
#: module registers.
BUILTIN_MODALITIES: dict[str, frozenset[str]] = {
    "carborder.scan.detectors.identifiers": frozenset({"tabular"}),
    "carborder.scan.detectors.geo": frozenset({"tabular", "gnss"}),
    "carborder.scan.vehicle.engine": frozenset({"vehicle"}),
}

_LOADERS: dict[str, Callable[[], None]] = {
    "carborder.scan.detectors.identifiers": _identifiers,
    "carborder.scan.detectors.geo": _geo,
    "carborder.scan.vehicle.engine": _vehicle,
}
_loaded: set[str] = set()


def _load_builtins(modality: str | None = None) -> None:
    """Register the built-in detectors (those reading ``modality``, when it is a known one)."""
    # Imported lazily so importing the registry has no side effects beyond this module.
    known = any(modality in m for m in BUILTIN_MODALITIES.values())
    for module, modalities in BUILTIN_MODALITIES.items():
        if module not in _loaded and (not known or modality in modalities):
            _LOADERS[module]()
            _loaded.add(module)
