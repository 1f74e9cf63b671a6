"""Merge declared and detected facts: the stricter reading wins and conflicts are kept."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from carborder.model.facts import Facts, FactValue
from carborder.rulebook.pack import Pack

__all__ = ["FactConflict", "merge_declared_detected"]


class FactConflict(BaseModel):
    """A detected value that contradicts a declared one."""

    model_config = ConfigDict(frozen=True)

    fact: str
    declared: FactValue
    detected: FactValue
    used: FactValue


def _stricter(strategy: str, a: FactValue, b: FactValue) -> FactValue:
    if strategy == "any":
        return bool(a) or bool(b)
    if strategy == "all":
        return bool(a) and bool(b)
    if strategy == "max" and isinstance(a, int | float) and isinstance(b, int | float):
        return max(a, b)
    if strategy == "min" and isinstance(a, int | float) and isinstance(b, int | float):
        return min(a, b)
    if strategy == "union":
        la = a if isinstance(a, list) else [str(a)]
        lb = b if isinstance(b, list) else [str(b)]
        return sorted(set(la) | set(lb))
    if strategy == "first_domestic":
        return "domestic" if "domestic" in (a, b) else a
    return a


def merge_declared_detected(
    pack: Pack, declared: Mapping[str, FactValue], detected: Mapping[str, FactValue]
) -> tuple[Facts, list[FactConflict]]:
    """Declared facts overlaid with detected ones; conflicts listed, stricter value used."""
    merged: Facts = dict(declared)
    conflicts: list[FactConflict] = []
    for name, value in detected.items():
        spec = pack.facts.get(name)
        if spec is None:
            continue
        if name not in merged:
            merged[name] = value
            continue
        used = _stricter(spec.merge, merged[name], value)
        if used != merged[name] or used != value:
            conflicts.append(
                FactConflict(fact=name, declared=merged[name], detected=value, used=used)
            )
        merged[name] = used
    return merged, conflicts
