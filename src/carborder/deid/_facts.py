"""Small helpers to read and rewrite fact values inside operator promises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from carborder.model.facts import FactValue

if TYPE_CHECKING:
    from carborder.rulebook.pack import Pack

__all__ = ["as_set", "coarsened_precision", "settle_sensitive", "without"]


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


def settle_sensitive(
    pack: Pack, before: Mapping[str, FactValue], after: Mapping[str, FactValue]
) -> dict[str, FactValue]:
    """Sensitive facts after a step that removed PI kinds, recomputed through the pack's mapping.

    A category leaves ``pi.sensitive_kinds`` with the last kind the pack maps to it (on any
    date: the promise is not dated); categories no kind maps to (``medical``, a scan's
    ``trajectory``) are the operators' own business. When the categories are known and none
    is left, and no remaining kind is sensitive on any date, ``pi.sensitive_individuals``
    becomes 0: the people were sensitive-PI individuals only through the removed columns.

    >>> from carborder.rulebook import load_pack
    >>> settle_sensitive(load_pack(),
    ...     {"pi.kinds": ["id_number", "vin"], "pi.sensitive_kinds": ["specific_identity"],
    ...      "pi.sensitive_individuals": 150000},
    ...     {"pi.kinds": ["vin"], "pi.sensitive_kinds": ["specific_identity"],
    ...      "pi.sensitive_individuals": 150000})
    {'pi.sensitive_kinds': [], 'pi.sensitive_individuals': 0}
    """
    kinds_before, kinds_after = as_set(before, "pi.kinds"), as_set(after, "pi.kinds")
    removed = kinds_before - kinds_after
    if not removed:
        return {}
    kept = {c for k in kinds_after for c in pack.ever_sensitive(k)}
    gone = {c for k in removed for c in pack.ever_sensitive(k)} - kept
    out: dict[str, FactValue] = {}
    stored = after.get("pi.sensitive_kinds")
    if isinstance(stored, list):
        left = sorted({str(c) for c in stored} - gone)
        if len(left) != len(stored):
            out["pi.sensitive_kinds"] = left
        count = after.get("pi.sensitive_individuals")
        had = as_set(before, "pi.sensitive_kinds") or any(pack.ever_sensitive(k) for k in removed)
        if had and not left and not kept and isinstance(count, int) and count > 0:
            out["pi.sensitive_individuals"] = 0
    return out
