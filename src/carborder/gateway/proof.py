"""The re-scan proof: scan the de-identified output and refuse unless it keeps the plan's promises."""

from __future__ import annotations

from pathlib import Path

from carborder.audit.events import ExportRefused
from carborder.deid.plan import promise_of, promised_facts
from carborder.gateway.context import RunContext
from carborder.gateway.result import ExportResult
from carborder.gateway.scanning import Scanner, ScanOutcome

__all__ = ["broken_promises", "refuse_rescan"]


def broken_promises(
    ctx: RunContext, before: ScanOutcome, scanner: Scanner, outputs: list[Path]
) -> tuple[ScanOutcome, list[str]]:
    """Re-scan the written outputs; return the re-scan and the promises it finds broken."""
    after = scanner(outputs)
    column_kinds = before.column_kinds()
    promised = promised_facts(ctx.flow.deid, before.facts, column_kinds)
    return after, promise_of(before.facts, promised).broken_by(after.facts)


def refuse_rescan(ctx: RunContext, result: ExportResult, broken: list[str]) -> ExportResult:
    """Refuse the run because the output breaks the plan's promises; record and audit it."""
    result.status = "refused"
    result.broken_promises = broken
    result.reasons = ["gateway.rescan"]
    result.message = (
        f"refused: the re-scan of the de-identified output of flow {ctx.flow.id} still finds "
        f"what the plan promised to remove: {'; '.join(broken)}"
    )
    result.message_zh = (
        f"拒绝导出：流程 {ctx.flow.id} 去标识化后的输出经复扫仍含计划承诺去除的内容："
        f"{'；'.join(broken)}"
    )
    with ctx.store.session() as s:
        ctx.store.update_run(
            s,
            ctx.run_id,
            status="refused",
            finished=ctx.store.now(),
            error={"code": "gateway-rescan", "broken": broken},
        )
        ctx.store.append_event(
            s,
            ExportRefused(
                run_id=ctx.run_id,
                flow_id=ctx.flow.id,
                code="gateway-rescan",
                reasons=["gateway.rescan"],
                message=result.message,
                decision_id=result.decision_id,
            ),
            actor=ctx.actor,
        )
    return result
