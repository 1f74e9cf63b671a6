"""A loaded rulebook pack: lookups by id and dated parameter values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from carborder.rulebook.schema import (
    Confidence,
    CountingRule,
    Exemption,
    FactSpec,
    Gate,
    ImportantItem,
    Instrument,
    Localized,
    Obligation,
    PackMeta,
    Parameter,
    ParameterValue,
    PathwayRule,
    PathwaySpec,
    ReviewRule,
    RuleBase,
)

__all__ = ["SENSITIVE_PI_PREFIX", "Pack", "Rule"]

Rule = ImportantItem | Exemption | PathwayRule | Gate | Obligation | ReviewRule | CountingRule
R = TypeVar("R", bound=RuleBase)

#: Parameters ``<prefix><pi kind>`` map a PI kind to its sensitive-PI category (or false), dated.
SENSITIVE_PI_PREFIX = "parameters.sensitive_pi."


@dataclass(frozen=True)
class Pack:
    """Everything a pack holds, checked for integrity by the loader."""

    meta: PackMeta
    root: Path
    instruments: dict[str, Instrument]
    facts: dict[str, FactSpec]
    parameters: dict[str, Parameter]
    rules: dict[str, Rule]
    folders: dict[str, Localized] = field(default_factory=dict)
    locations: dict[str, tuple[str, dict[str, int]]] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """``id@version``, recorded with every decision."""
        return f"{self.meta.id}@{self.meta.version}"

    def param_at(
        self, param_id: str, as_of: date
    ) -> tuple[float | int | str | bool, ParameterValue]:
        """Return the value of a parameter in force on ``as_of`` and its dated entry."""
        param = self.parameters[param_id]
        dated = [d for d in sorted(param.values) if d <= as_of]
        if not dated:
            first = min(param.values)
            raise LookupError(f"parameter '{param_id}' has no value before {first} (asked {as_of})")
        entry = param.values[dated[-1]]
        return entry.value, entry

    def in_force(self, rule: RuleBase, as_of: date) -> bool:
        """Whether a rule applies on ``as_of``."""
        if rule.effective_from > as_of:
            return False
        return rule.effective_until is None or as_of <= rule.effective_until

    def of_kind(self, kind: type[R], as_of: date | None = None) -> list[R]:
        """Rules of one kind, in id order, optionally only those in force."""
        out = [r for r in self.rules.values() if isinstance(r, kind)]
        if as_of is not None:
            out = [r for r in out if self.in_force(r, as_of)]
        return sorted(out, key=lambda r: r.id)

    def pathway(self, pathway_id: str) -> PathwaySpec:
        """The pathway spec with this id."""
        return next(p for p in self.meta.pathways if p.id == pathway_id)

    def weight(self, pathway_id: str) -> int:
        """Weight of a pathway (heavier wins)."""
        return self.pathway(pathway_id).weight

    def lightest(self) -> PathwaySpec:
        """The lightest pathway (no mechanism)."""
        return min(self.meta.pathways, key=lambda p: p.weight)

    def confidence_of(self, rule_id: str) -> Confidence:
        """Confidence of a rule or parameter (a parameter's weakest dated entry)."""
        if rule_id in self.rules:
            return self.rules[rule_id].confidence
        values = self.parameters[rule_id].values.values()
        return min((v.confidence for v in values), key=lambda c: c.rank)

    def sensitive_category(self, kind: str, as_of: date) -> tuple[str | None, str | None]:
        """The sensitive-PI category of a PI kind on ``as_of`` and the parameter that says so.

        Returns ``(None, None)`` for kinds the pack never maps; ``(None, pid)`` when the kind is
        not sensitive on that date. Before the first dated entry the earliest one applies (the
        mapping never silently starts empty).
        """
        pid = SENSITIVE_PI_PREFIX + kind
        param = self.parameters.get(pid)
        if param is None:
            return None, None
        dated = [d for d in sorted(param.values) if d <= as_of] or [min(param.values)]
        value = param.values[dated[-1]].value
        return (value if isinstance(value, str) else None), pid

    def sensitive_categories(self, kinds: Iterable[str], as_of: date) -> dict[str, str]:
        """PI kind → sensitive category on ``as_of``, for the kinds that are sensitive then."""
        out: dict[str, str] = {}
        for kind in kinds:
            category, _pid = self.sensitive_category(kind, as_of)
            if category is not None:
                out[kind] = category
        return out

    def ever_sensitive(self, kind: str) -> frozenset[str]:
        """Every category the pack maps ``kind`` to on any date (what a promise may remove)."""
        param = self.parameters.get(SENSITIVE_PI_PREFIX + kind)
        if param is None:
            return frozenset()
        return frozenset(v.value for v in param.values.values() if isinstance(v.value, str))
