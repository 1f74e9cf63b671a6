"""Name-keyed operator registry: built-ins and plugins register the same way."""

from __future__ import annotations

from typing import Any

from carborder.deid.base import Operator

__all__ = ["OPERATORS", "get", "names", "register"]

#: Registered operator classes by ``name``.
OPERATORS: dict[str, type[Operator[Any]]] = {}


def register(cls: type[Operator[Any]]) -> type[Operator[Any]]:
    """Register an operator class (usable as a decorator); names must be unique.

    Raises:
        ValueError: another class already uses the name.
    """
    known = OPERATORS.get(cls.name)
    if known is not None and known is not cls:
        if _same_definition(known, cls):  # the same module imported twice (doctest, reload)
            return cls
        raise ValueError(f"operator name {cls.name!r} already registered by {known.__qualname__}")
    OPERATORS[cls.name] = cls
    return cls


def _same_definition(a: type[Operator[Any]], b: type[Operator[Any]]) -> bool:
    return a.__qualname__ == b.__qualname__ and (
        a.__module__.rsplit(".", 1)[-1] == b.__module__.rsplit(".", 1)[-1]
    )


def get(name: str) -> type[Operator[Any]]:
    """Return the operator class registered under ``name``.

    Raises:
        KeyError: no such operator.

    >>> from carborder.deid import registry
    >>> registry.get("drop").name
    'drop'
    """
    _load_builtins()
    try:
        return OPERATORS[name]
    except KeyError:
        raise KeyError(f"unknown operator {name!r}; known: {', '.join(names())}") from None


def names() -> list[str]:
    """Registered operator names, sorted."""
    _load_builtins()
    return sorted(OPERATORS)


def _load_builtins() -> None:
    # Imported lazily: importing the registry registers nothing by itself.
    from carborder.deid import (  # noqa: F401
        drop,
        generalise_geo,
        generalise_time,
        mask_text,
        pseudonymise,
        suppress_rare,
        truncate_trajectory,
    )
