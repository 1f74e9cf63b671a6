"""Small helpers to read and rewrite fact values inside operator promises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from carborder.model.facts import FactValue

__all__ = ["as_set", "without"]


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
