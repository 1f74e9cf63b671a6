"""What-if planner: the smallest de-identification plan that lightens a flow's pathway.

Operators declare which facts they change (``changes``) and how (``promise``); the planner
tries combinations of suggested steps on the flow's facts, re-decides each one with the
same pure engine, and keeps the cheapest plan per reachable outcome. No data is read.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from carborder.deid.registry import get as get_operator
from carborder.deid.registry import names as operator_names
from carborder.model.decision import Decision, Status
from carborder.model.facts import Facts
from carborder.model.flow import DeidStep, Flow
from carborder.model.inventory import Inventory
from carborder.rulebook.pack import Pack

__all__ = ["PlanOption", "WhatIf", "plan_whatif"]

#: Operators that must run last (they judge what earlier steps left).
_LAST = ("suppress_rare",)


@dataclass(frozen=True)
class PlanOption:
    """One candidate plan and where it leads."""

    steps: list[DeidStep]
    pathway: str
    status: str
    cost: float
    reasons: list[str]
    changed: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "steps": [s.model_dump(mode="json") for s in self.steps],
            "pathway": self.pathway,
            "status": self.status,
            "cost": round(self.cost, 3),
            "reasons": self.reasons,
            "changed": self.changed,
        }


@dataclass
class WhatIf:
    """The current outcome of a flow and the cheapest plans that improve it."""

    flow: str
    pathway: str
    status: str
    reasons: list[str]
    current_plan: list[DeidStep]
    options: list[PlanOption] = field(default_factory=list)
    tried: int = 0
    #: Year-to-date totals the current outcome was decided with (None: unknown).
    ytd_individuals: int | None = None
    ytd_sensitive_individuals: int | None = None

    @property
    def best(self) -> PlanOption | None:
        """The lightest reachable outcome at the lowest cost (fewest steps on ties)."""
        return self.options[0] if self.options else None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "flow": self.flow,
            "pathway": self.pathway,
            "status": self.status,
            "reasons": self.reasons,
            "current_plan": [s.model_dump(mode="json") for s in self.current_plan],
            "options": [o.to_json() for o in self.options],
            "tried": self.tried,
            "ytd": {
                "individuals": self.ytd_individuals,
                "sensitive_individuals": self.ytd_sensitive_individuals,
            },
        }


Decide = Callable[..., Decision]


def _candidates(facts: Facts, pack: Pack, as_of: date) -> list[DeidStep]:
    precisions: list[float] = []
    for pid, param in pack.parameters.items():
        if param.unit == "metres":
            try:
                value, _ = pack.param_at(pid, as_of)
            except LookupError:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                precisions.append(float(value))
    hints = {"precisions_m": precisions}
    out: list[DeidStep] = []
    for name in operator_names():
        cls = get_operator(name)
        if not cls.changes:
            continue  # changes no fact: cannot move a decision
        for params in cls.suggest(facts, hints):
            out.append(DeidStep(op=name, params=params))
    return out


def _order(steps: Sequence[DeidStep]) -> list[DeidStep]:
    return sorted(steps, key=lambda s: s.op in _LAST)


def _lost(steps: Sequence[DeidStep], facts: Facts) -> float:
    keep = 1.0
    for s in steps:
        cls = get_operator(s.op)
        keep *= 1.0 - cls.cost(cls.parse(s.params), facts)
    return 1.0 - keep


def plan_whatif(
    flow: Flow,
    *,
    inventory: Inventory,
    pack: Pack,
    as_of: date,
    detected: Mapping[str, Facts] | None = None,
    ytd_base: tuple[int, int] = (0, 0),
    decider: Decide | None = None,
    max_steps: int = 3,
) -> WhatIf:
    """Find the smallest extra de-identification steps that lighten ``flow``.

    Args:
        flow: The flow (its current ``deid`` plan is kept and extended).
        inventory: Handler, assets, recipients and approvals.
        pack: Rulebook pack.
        as_of: Decision date.
        detected: Detected facts per asset (merged with declared ones, stricter first).
        ytd_base: Individuals (non-sensitive, sensitive) already exported in the counting
            period. The flow's own people are added unless the pack's counting rule leaves
            them out (the same :func:`~carborder.decide.engine.exempt_from_counting` as
            ``assess`` and the gateway), judged on the facts after each plan.
        decider: Decision function (default ``carborder.decide.decide``).
        max_steps: Most extra steps tried together.

    Returns:
        The current outcome and, per improved (pathway, status), the cheapest plan, best first.
    """
    from carborder.decide.effective import effective_facts, known_facts
    from carborder.decide.engine import (
        decide,
        exempt_from_counting,
        handler_holds_important,
        year_to_date,
    )
    from carborder.decide.facts_view import read_asset

    decide_fn: Decide = decider or decide
    known = known_facts(inventory, pack, detected)
    # The handler holds what it holds whatever a plan removes from one export (as assess reads
    # it): its duties as a handler of important data apply to every flow it decides.
    holds_important = handler_holds_important(known, inventory.handler, pack, as_of)
    recipient = inventory.recipient(flow.recipient)

    def run(extra: Sequence[DeidStep]) -> tuple[Decision, dict[str, Facts]]:
        steps = _order([*flow.deid, *extra])
        planned = flow.model_copy(update={"deid": steps})
        # the flow's effective facts, as assess and the gateway read them (its plan included)
        assets = effective_facts(planned, known, pack)
        # The same count as assess and the gateway: the pack's counting rule says whether this
        # flow's people add to the year to date; the engine reads each counted asset.
        counted = not exempt_from_counting(
            planned, assets, inventory.handler, recipient, pack, as_of
        )
        ytd = year_to_date(
            ytd_base,
            {a: read_asset(pack, f, as_of) for a, f in assets.items()} if counted else {},
        )
        decision = decide_fn(
            planned,
            assets=assets,
            handler=inventory.handler,
            recipient=recipient,
            ytd=ytd,
            approvals=inventory.approvals,
            pack=pack,
            as_of=as_of,
            handler_important=holds_important,
        )
        return decision, assets

    current, current_assets = run([])
    result = WhatIf(
        flow=flow.id,
        pathway=current.pathway.value,
        status=current.status.value,
        reasons=list(current.reasons),
        current_plan=list(flow.deid),
        ytd_individuals=current.pi.ytd_individuals,
        ytd_sensitive_individuals=current.pi.ytd_sensitive_individuals,
    )
    union: Facts = {}
    for facts in current_assets.values():
        for k, v in facts.items():
            if isinstance(v, list):
                union[k] = sorted(set(union.get(k, []) or []) | set(v))  # type: ignore[arg-type]
            else:
                union.setdefault(k, v)
    candidates = _candidates(union, pack, as_of)
    cur_weight = pack.weight(current.pathway.value)
    blocked = current.status == Status.BLOCKED
    best: dict[tuple[str, str], PlanOption] = {}
    for size in range(1, max_steps + 1):
        for combo in itertools.combinations(candidates, size):
            if len({(s.op, str(s.params)) for s in combo}) < size:
                continue
            decision, assets = run(combo)
            result.tried += 1
            weight = pack.weight(decision.pathway.value)
            lighter = weight < cur_weight
            unblocked = blocked and decision.status != Status.BLOCKED
            if not (lighter or unblocked):
                continue
            key = (decision.pathway.value, decision.status.value)
            steps = _order(combo)
            option = PlanOption(
                steps=list(steps),
                pathway=decision.pathway.value,
                status=decision.status.value,
                cost=_lost(steps, union),
                reasons=list(decision.reasons),
                changed={
                    k: v
                    for a in assets.values()
                    for k, v in a.items()
                    if any(a.get(k) != current_assets[x].get(k) for x in current_assets)
                },
            )
            old = best.get(key)
            if old is None or (len(option.steps), option.cost) < (len(old.steps), old.cost):
                best[key] = option
        if best:
            break  # the smallest plan size that helps; larger plans only cost more
    result.options = sorted(
        best.values(), key=lambda o: (pack.weight(o.pathway), o.status != "allowed", o.cost)
    )
    return result
