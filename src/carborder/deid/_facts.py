"""Small helpers to read and rewrite fact values inside operator promises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from carborder.model.facts import FactValue

__all__ = ["as_set", "coarsened_precision", "without"]


def as_set(facts: Mapping[str, FactValue], name: str) -> set[str]:
    """Return a set-valued fact as a Python set (absent → empty).

    >>> sorted(as_set({"pi.kinds": ["vin", "phone"]}, "pi.kinds"))
    ['phone', 'vin']
    """
    value = facts.get(name)
    if isinstance(value, list):
        return {str(v) for v in value}
    if isinstance(value, str):
        return {value}
    return set()


def without(facts: Mapping[str, FactValue], name: str, removed: Iterable[str]) -> list[str]:
    """Return the sorted set fact ``name`` minus ``removed``.

    >>> without({"pi.kinds": ["vin", "phone"]}, "pi.kinds", ["vin"])
    ['phone']
    """
    return sorted(as_set(facts, name) - set(removed))


def coarsened_precision(facts: Mapping[str, FactValue], precision_m: float) -> dict[str, FactValue]:
    """Precision after generalising to ``precision_m``: never finer than it was.

    >>> coarsened_precision({"geo.precision_m": 0.1}, 1000)
    {'geo.precision_m': 1000}
    >>> coarsened_precision({"geo.precision_m": 5000.0}, 1000)
    {'geo.precision_m': 5000.0}
    """
    current = facts.get("geo.precision_m")
    base = float(current) if isinstance(current, int | float) else 0.0
    return {"geo.precision_m": max(base, precision_m)}
