"""Obligations that follow from a decision, with due dates computed from the pack's numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from carborder.decide.approvals import valid_for
from carborder.decide.trace import Tracer, tri_text
from carborder.decide.workdays import add_working_days, add_years, sub_working_days
from carborder.model.approval import Approval
from carborder.model.decision import ApprovalCheck, ObligationDue
from carborder.model.flow import Flow
from carborder.rulebook.schema import Deadline, Obligation

__all__ = ["due_obligations"]


def _due(
    deadline: Deadline,
    tracer: Tracer,
    approval: ApprovalCheck,
    approvals: Sequence[Approval],
    flow: Flow,
) -> tuple[date | None, date | None, bool]:
    """Return (due, window opens, official calendar) for a deadline."""
    as_of = tracer.as_of
    if deadline.kind == "before_export":
        return None, None, True
    if deadline.kind == "retention" and deadline.years:
        return add_years(as_of, int(tracer.param(deadline.years))), None, True
    if deadline.kind == "annual" and deadline.month and deadline.day:
        month, day = int(tracer.param(deadline.month)), int(tracer.param(deadline.day))
        due = date(as_of.year, month, day)
        return (due if due >= as_of else date(as_of.year + 1, month, day)), None, True
    if deadline.kind == "working_days_after" and deadline.days:
        base = as_of
        if deadline.after == "approval_issued":
            issued = [a.issued for a in approvals if flow.id in a.flows and not a.revoked]
            base = max(issued) if issued else as_of
        due, official = add_working_days(base, int(tracer.param(deadline.days)))
        return due, None, official
    if deadline.kind == "window_before_expiry" and deadline.days and approval.valid_until:
        opens, official = sub_working_days(approval.valid_until, int(tracer.param(deadline.days)))
        return approval.valid_until, opens, official
    return None, None, True


def due_obligations(
    values: Mapping[str, Any],
    *,
    tracer: Tracer,
    pathway: str,
    important_data: bool,
    approval: ApprovalCheck,
    approvals: Sequence[Approval],
    flow: Flow,
    exemptions: Sequence[str] = (),
    gates: Sequence[str] = (),
) -> list[ObligationDue]:
    """Every obligation whose condition holds (or may hold) for the decided flow.

    ``gates`` are the hard gates that apply or may apply (opened or not). The result is in
    procedural order: an obligation comes before every obligation it ``precedes``.
    """
    ctx = {
        **values,
        "decision.pathway": pathway,
        "decision.important_data": important_data,
        "approval.status": approval.status,
        "approval.kinds": sorted(
            {a.kind for a in valid_for(approvals, flow, tracer.pack, tracer.as_of, values)}
        ),
        "approval.unscoped": bool(approval.unscoped),
        "exemptions.applied": sorted(exemptions),
        "decision.gates": sorted(gates),
    }
    out: list[ObligationDue] = []
    for ob in tracer.pack.of_kind(Obligation, tracer.as_of):
        result, ev = tracer.evaluate(ob.when, ctx)
        tracer.record(ob.id, "obligation", tri_text(result), ev)
        if result is False:
            continue
        due, opens, official = _due(ob.deadline, tracer, approval, approvals, flow)
        out.append(
            ObligationDue(
                id=ob.id,
                title_zh=ob.title.zh,
                title_en=ob.title.en,
                deadline=ob.deadline.kind,
                due=due,
                window_opens=opens,
                calendar="official" if official else "estimated",
                conditional=result is None,
                cites=[tracer.citation(c) for c in ob.cites],
                precedes=list(ob.precedes),
            )
        )
    return _in_order(out)


def _in_order(due: list[ObligationDue]) -> list[ObligationDue]:
    """Stable order in which every obligation comes before those it precedes."""
    position = {o.id: i for i, o in enumerate(due)}
    before = {o.id: [p.id for p in due if o.id in p.precedes] for o in due}
    depth: dict[str, int] = {}

    def rank(oid: str) -> int:
        # Length of the longest chain of predecessors present; the loader rejects cycles, and the
        # provisional 0 keeps a cycle from recursing forever all the same.
        if oid not in depth:
            depth[oid] = 0
            depth[oid] = 1 + max((rank(b) for b in before[oid]), default=-1)
        return depth[oid]

    return sorted(due, key=lambda o: (rank(o.id), position[o.id]))
