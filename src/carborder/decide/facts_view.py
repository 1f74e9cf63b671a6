"""How rules read facts: per asset or aggregated per flow, in the open or the closed world."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from carborder.model.facts import Facts
from carborder.rulebook.conditions import FactLookup
from carborder.rulebook.pack import Pack

__all__ = [
    "DERIVED_SPI",
    "UNKNOWN",
    "aggregate",
    "derive_sensitive",
    "open_lookup",
    "read_asset",
    "with_sensitive_categories",
]


class _Unknown:
    """Marker for a fact nobody established."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


#: Per-asset key (not a vocabulary fact) for the sensitive categories the pack's dated mapping
#: derives from ``pi.kinds``: kind → category. ``aggregate`` leaves it out.
DERIVED_SPI = "pi.sensitive_kinds.from_kinds"


def derive_sensitive(pack: Pack, values: dict[str, Any], as_of: date) -> None:
    """Add to ``values`` the sensitive categories its ``pi.kinds`` carry on ``as_of``.

    The one place categories come from kinds: a declared ``pi.kinds: [id_number]`` and a
    scanned one decide alike, and a kind that left the data (dropped, masked) takes its
    category with it. Categories established otherwise (declared ``medical``, a scan's
    ``trajectory``) stay; when nobody established them, ``pi.sensitive_kinds`` stays unknown
    (rules that ask what else is sensitive must not read a partial list as complete) and the
    derived ones are kept aside under :data:`DERIVED_SPI`.
    """
    kinds = values.get("pi.kinds", UNKNOWN)
    derived = pack.sensitive_categories(kinds, as_of) if isinstance(kinds, list) else {}
    values[DERIVED_SPI] = derived
    stored = values.get("pi.sensitive_kinds", UNKNOWN)
    if isinstance(stored, list) and derived:
        values["pi.sensitive_kinds"] = sorted({*stored, *derived.values()})


def with_sensitive_categories(pack: Pack, facts: Facts, as_of: date) -> Facts:
    """``facts`` with the categories its PI kinds carry on ``as_of`` listed in ``pi.sensitive_kinds``.

    For documents and views that list an asset's sensitive categories (filings, tables); the
    decision itself reads :func:`read_asset`, which keeps a partial list apart.
    """
    kinds = facts.get("pi.kinds")
    derived = pack.sensitive_categories(kinds, as_of) if isinstance(kinds, list) else {}
    if not derived:
        return facts
    stored = facts.get("pi.sensitive_kinds")
    have = [str(c) for c in stored] if isinstance(stored, list) else []
    return {**facts, "pi.sensitive_kinds": sorted({*have, *derived.values()})}


def read_asset(pack: Pack, facts: Facts, as_of: date) -> dict[str, Any]:
    """Every vocabulary fact for one asset on ``as_of``, the pack's ``absent`` policy applied.

    Sensitive categories are derived from ``pi.kinds`` through the pack's dated mapping
    (:func:`derive_sensitive`).
    """
    out: dict[str, Any] = {}
    for name, spec in pack.facts.items():
        if name in facts:
            out[name] = facts[name]
        elif spec.absent == "false":
            out[name] = False
        elif spec.absent == "empty":
            out[name] = []
        elif spec.absent == "zero":
            out[name] = 0
        else:
            out[name] = UNKNOWN
    derive_sensitive(pack, out, as_of)
    return out


def _merge(strategy: str, values: list[Any]) -> Any:
    known = [v for v in values if v is not UNKNOWN]
    if strategy == "any":
        if any(v is True for v in known):
            return True
        return UNKNOWN if len(known) < len(values) else any(bool(v) for v in known)
    if strategy == "all":
        if any(v is False for v in known):
            return False
        return UNKNOWN if len(known) < len(values) else True
    if len(known) < len(values) or not known:
        return UNKNOWN
    if strategy == "max":
        return max(known)
    if strategy == "min":
        return min(known)
    if strategy == "union":
        merged: list[str] = []
        for v in known:
            for x in v if isinstance(v, list) else [v]:
                if x not in merged:
                    merged.append(x)
        return sorted(merged)
    if strategy == "first_domestic":
        return "domestic" if "domestic" in known else known[0]
    return known[0]


def aggregate(pack: Pack, per_asset: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Combine assets' facts for flow-level rules, always the stricter reading."""
    rows = list(per_asset)
    return {name: _merge(spec.merge, [r[name] for r in rows]) for name, spec in pack.facts.items()}


def open_lookup(values: Mapping[str, Any]) -> FactLookup:
    """Criteria: a fact nobody established is unknown."""

    def look(name: str) -> tuple[bool, Any]:
        value = values.get(name, UNKNOWN)
        return (value is not UNKNOWN), (None if value is UNKNOWN else value)

    return look
