"""How rules read facts: per asset or aggregated per flow, in the open or the closed world."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from carborder.model.facts import Facts
from carborder.rulebook.conditions import FactLookup
from carborder.rulebook.pack import Pack

__all__ = ["UNKNOWN", "aggregate", "open_lookup", "read_asset"]


class _Unknown:
    """Marker for a fact nobody established."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


def read_asset(pack: Pack, facts: Facts) -> dict[str, Any]:
    """Every vocabulary fact for one asset, with the pack's ``absent`` policy applied."""
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
