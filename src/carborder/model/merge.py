"""Combine two readings of facts (declared and detected): the stricter wins, differences are listed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from carborder.model.facts import Facts, FactValue

__all__ = ["STRATEGIES", "Conflict", "combine", "merge_facts"]

#: Merge strategies a fact vocabulary may name.
STRATEGIES = ("any", "all", "max", "min", "union", "first", "first_domestic")


class Conflict(BaseModel):
    """A fact where declared and detected readings differ."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fact: str = Field(description="Fact name.")
    declared: FactValue = Field(description="Value a person declared.")
    detected: FactValue = Field(description="Value the scan detected.")
    merged: FactValue = Field(description="Value that applies (the stricter reading).")
    strategy: str = Field(description="Merge strategy used.")
    stricter: Literal["declared", "detected", "equal"] = Field(
        description="Which side the merged value came from."
    )
    message: str = Field(description="One-line explanation for people.")


def _guess(value: FactValue) -> str:
    if isinstance(value, bool):
        return "any"
    if isinstance(value, int | float):
        return "max"
    if isinstance(value, list):
        return "union"
    return "first"


def combine(strategy: str, first: FactValue, second: FactValue) -> FactValue:
    """Combine two readings of one fact.

    >>> combine("any", False, True), combine("min", 5.0, 0.1), combine("union", ["vin"], ["phone"])
    (True, 0.1, ['phone', 'vin'])
    >>> combine("first_domestic", "foreign_transit", "domestic")
    'domestic'

    Raises:
        ValueError: unknown strategy.
    """
    if strategy == "any":
        return bool(first) or bool(second)
    if strategy == "all":
        return bool(first) and bool(second)
    if strategy in ("max", "min"):
        if not isinstance(first, int | float) or not isinstance(second, int | float):
            return first
        pick = max if strategy == "max" else min
        return pick(first, second)
    if strategy == "union":
        a = first if isinstance(first, list) else [str(first)]
        b = second if isinstance(second, list) else [str(second)]
        return sorted(set(a) | set(b))
    if strategy == "first":
        return first
    if strategy == "first_domestic":
        return "domestic" if "domestic" in (first, second) else first
    raise ValueError(f"unknown merge strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")


def _differs(strategy: str, declared: FactValue, detected: FactValue) -> bool:
    if strategy == "union" and isinstance(declared, list) and isinstance(detected, list):
        # Declared kinds the scan did not see are not a conflict: a scan sees only some files.
        return bool(set(detected) - set(declared))
    if strategy in ("any", "all") and isinstance(declared, bool) and isinstance(detected, bool):
        return combine(strategy, declared, detected) != declared
    return declared != detected


def merge_facts(
    declared: Facts, detected: Facts, strategies: Mapping[str, str]
) -> tuple[Facts, list[Conflict]]:
    """Merge declared and detected facts; the stricter reading wins and differences are listed.

    >>> merged, conflicts = merge_facts(
    ...     {"pi.sensitive_kinds": [], "pi.individuals": 0},
    ...     {"pi.sensitive_kinds": ["trajectory"], "pi.individuals": 40000},
    ...     {"pi.sensitive_kinds": "union", "pi.individuals": "max"})
    >>> merged["pi.sensitive_kinds"], merged["pi.individuals"], [c.fact for c in conflicts]
    (['trajectory'], 40000, ['pi.individuals', 'pi.sensitive_kinds'])
    """
    merged: Facts = {}
    conflicts: list[Conflict] = []
    for name in sorted(set(declared) | set(detected)):
        if name not in detected:
            merged[name] = declared[name]
            continue
        if name not in declared:
            merged[name] = detected[name]
            continue
        d, s = declared[name], detected[name]
        strategy = strategies.get(name) or _guess(d)
        value = combine(strategy, d, s)
        merged[name] = value
        if _differs(strategy, d, s):
            side: Literal["declared", "detected", "equal"] = (
                "equal" if value == d and value == s else "declared" if value == d else "detected"
            )
            conflicts.append(
                Conflict(
                    fact=name,
                    declared=d,
                    detected=s,
                    merged=value,
                    strategy=strategy,
                    stricter=side,
                    message=f"{name}: declared {d!r}, scan found {s!r}; {strategy} → {value!r}",
                )
            )
    return merged, conflicts
