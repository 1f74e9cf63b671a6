"""The dashboard: people this year against each threshold, flows by status, deadlines."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carborder.gateway.thresholds import thresholds_of
from carborder.model.decision import Decision
from carborder.store.tables import ExportRunRow
from carborder.web.db.exports import ExportRequests
from carborder.web.schemas import CounterOut, DashboardOut, DeadlineOut
from carborder.web.state import WorkspaceState

__all__ = ["DEADLINE_BUCKETS", "counters", "dashboard", "deadlines"]

#: Deadline buckets of the dashboard, in days from today.
DEADLINE_BUCKETS = (30, 60, 90)


def counters(state: WorkspaceState) -> list[CounterOut]:
    """Year-to-date people (declared + exported) against each head-count threshold in force."""
    snap = state.snapshot()
    pack = state.pack
    current = {
        "pi.individuals": snap.inventory.counters.individuals,
        "pi.sensitive_individuals": snap.inventory.counters.sensitive_individuals,
    }
    out = []
    for t in thresholds_of(pack, snap.as_of):
        param = pack.parameters[t.id]
        now = current.get(t.fact, 0)
        out.append(
            CounterOut(
                threshold=t.id,
                title_zh=param.title.zh,
                title_en=param.title.en,
                fact=t.fact,
                current=now,
                limit=t.value,
                ratio=now / t.value if t.value else 0.0,
            )
        )
    return out


def deadlines(
    decisions: list[Decision], as_of: date, *, within_days: int | None = None
) -> list[DeadlineOut]:
    """Dated obligations across flows, soonest first (retention periods are not deadlines)."""
    rows = []
    for d in decisions:
        for ob in d.obligations:
            if ob.due is None or ob.deadline == "retention":
                continue
            left = (ob.due - as_of).days
            if within_days is not None and left > within_days:
                continue
            rows.append(DeadlineOut(flow=d.flow, obligation=ob, days_left=left))
    return sorted(rows, key=lambda r: (r.days_left, r.flow, r.obligation.id))


def _bucketed(rows: list[DeadlineOut]) -> dict[str, list[DeadlineOut]]:
    out: dict[str, list[DeadlineOut]] = {"overdue": []}
    out.update({str(b): [] for b in DEADLINE_BUCKETS})
    for row in rows:
        if row.days_left < 0:
            out["overdue"].append(row)
            continue
        for bucket in DEADLINE_BUCKETS:
            if row.days_left <= bucket:
                out[str(bucket)].append(row)
                break
    return out


def dashboard(state: WorkspaceState, exports: ExportRequests) -> DashboardOut:
    """Aggregate the workspace for the dashboard."""
    decisions = state.decisions()
    snap = state.snapshot()
    with Session(state.store.engine) as s:
        refused = s.execute(
            select(func.count()).select_from(ExportRunRow).where(ExportRunRow.status == "refused")
        ).scalar_one()
    important = sum(
        1 for d in decisions if any(i.result in ("matched", "unknown") for i in d.important_data)
    )
    return DashboardOut(
        as_of=snap.as_of.isoformat(),
        year=snap.as_of.year,
        flows=len(decisions),
        by_status=dict(sorted(Counter(d.status.value for d in decisions).items())),
        by_pathway=dict(sorted(Counter(d.pathway.value for d in decisions).items())),
        counters=counters(state),
        deadlines=_bucketed(deadlines(decisions, snap.as_of, within_days=max(DEADLINE_BUCKETS))),
        important_data_flows=important,
        pending_exports=exports.count(status="requested"),
        refused_runs=int(refused),
    )
