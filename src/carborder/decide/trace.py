"""Recording rule evaluations as structured trace steps with citations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from carborder.decide.facts_view import open_lookup
from carborder.model.decision import Citation, TraceStep
from carborder.rulebook.conditions import Evaluation, Tri, evaluate
from carborder.rulebook.pack import Pack
from carborder.rulebook.schema import Cite, Confidence

__all__ = ["Tracer", "tri_text"]


def tri_text(value: Tri) -> str:
    """'true', 'false' or 'unknown'."""
    return "unknown" if value is None else str(value).lower()


class Tracer:
    """Evaluates conditions for one decision and keeps every step."""

    def __init__(self, pack: Pack, as_of: date) -> None:
        self.pack = pack
        self.as_of = as_of
        self.steps: list[TraceStep] = []
        self.params_read: dict[str, dict[str, Any]] = {}

    def param(self, pid: str) -> Any:
        """A parameter's value in force, remembered for the trace."""
        value, _entry = self.pack.param_at(pid, self.as_of)
        return value

    def citation(self, cite: Cite) -> Citation:
        """A citation with the instrument's titles."""
        ins = self.pack.instruments[cite.instrument]
        return Citation(
            instrument=cite.instrument,
            article=cite.article,
            short=ins.short,
            title_zh=ins.title.zh,
            title_en=ins.title.en,
            note=cite.note,
        )

    def param_cites(self, pid: str) -> list[Citation]:
        """Citations of a parameter's value in force."""
        _value, entry = self.pack.param_at(pid, self.as_of)
        return [self.citation(c) for c in entry.cites]

    def evaluate(
        self,
        cond: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        closed: bool = False,
    ) -> tuple[Tri, Evaluation]:
        """Evaluate a condition; in the closed world an unknown reads as false."""
        ev = Evaluation()
        result = evaluate(cond, open_lookup(values), self.param, ev)
        if closed and result is None:
            result = False
        return result, ev

    def record(
        self,
        rule_id: str,
        kind: str,
        result: str,
        ev: Evaluation | None,
        *,
        asset: str | None = None,
        note: str | None = None,
    ) -> None:
        """Append a trace step for a rule or parameter."""
        if rule_id in self.pack.rules:
            rule = self.pack.rules[rule_id]
            cites = [self.citation(c) for c in rule.cites]
            confidence = rule.confidence
        else:
            cites = self.param_cites(rule_id)
            confidence = self.pack.confidence_of(rule_id)
        params = dict(ev.params) if ev else {}
        self.steps.append(
            TraceStep(
                rule=rule_id,
                kind=kind,
                asset=asset,
                result=result,
                inputs=dict(ev.inputs) if ev else {},
                params=params,
                cites=cites,
                confidence=confidence.value,
                note=note,
            )
        )

    def weakest(self, rule_ids: list[str]) -> Confidence:
        """Weakest confidence among rules and the parameters they read."""
        ids = set(rule_ids)
        for step in self.steps:
            if step.rule in ids:
                ids.update(step.params)
        if not ids:
            return Confidence.SOURCE
        return min((self.pack.confidence_of(i) for i in ids), key=lambda c: c.rank)
