"""The decision stage: the asset's facts after the plan, year to date, decide, record, refuse."""

from __future__ import annotations

import json
from datetime import date

from carborder.audit.events import DecisionRecorded, ExportRefused
from carborder.errors import Msg, RefusedError
from carborder.gateway.context import Decider, RunContext
from carborder.gateway.pending import year_to_date
from carborder.gateway.result import ExportResult
from carborder.gateway.scanning import ScanOutcome
from carborder.gateway.thresholds import COUNTER_FACTS
from carborder.model.approval import Approval
from carborder.model.decision import Decision
from carborder.model.facts import Facts
from carborder.store.repository import StoredDecision
from carborder.store.sketch import DistinctSketch

__all__ = [
    "asset_facts",
    "counted_delta",
    "decide_flow",
    "known_facts",
    "live_approvals",
    "pathway_arg",
    "refuse_decision",
    "status_arg",
]


def live_approvals(ctx: RunContext) -> list[Approval]:
    """The inventory's approvals overridden by the store's (revocations land there), by id."""
    merged = {a.id: a for a in ctx.inventory.approvals}
    for a in ctx.store.list_approvals():
        merged[a.id] = a  # the database is the live record (revocations land there)
    return [merged[k] for k in sorted(merged)]


def asset_facts(
    ctx: RunContext, before: ScanOutcome, column_kinds: dict[str, frozenset[str]]
) -> dict[str, Facts]:
    """Facts per asset of the flow, as they will be when the data leaves.

    Every asset starts from what ``assess`` and ``plan`` read: declared facts merged with the
    workspace's stored scans. The exported asset's facts are then those of the scan of the
    inputs (merged with the declared ones, stricter first), with the stored scan filling only
    the facts the inputs' scan does not establish (a sensitive-area check, say). The plan's
    promises apply last, through the same :func:`~carborder.decide.effective.effective_facts`
    as ``assess`` and ``plan``: facts no operator touches carry over unchanged, so hiding
    faces cannot make the catalogue ask again for facts that were known before the plan.
    """
    from carborder.decide.effective import effective_facts
    from carborder.decide.merge import merge_declared_detected

    known = known_facts(ctx)
    declared = dict(ctx.inventory.asset(ctx.asset).facts)
    merged, _conflicts = merge_declared_detected(ctx.pack, declared, before.facts)
    for name, value in known[ctx.asset].items():
        merged.setdefault(name, value)
    return effective_facts(
        ctx.flow, {**known, ctx.asset: merged}, ctx.pack, {ctx.asset: column_kinds}
    )


def known_facts(ctx: RunContext) -> dict[str, Facts]:
    """Every inventory asset's facts as ``assess`` reads them: declared merged with saved scans."""
    from carborder.decide.effective import known_facts as merged_facts

    return merged_facts(ctx.inventory, ctx.pack, _stored_scans(ctx))


def _stored_scans(ctx: RunContext) -> dict[str, Facts]:
    """Facts of the workspace's saved scans by asset (none when the folder is no workspace)."""
    from carborder.errors import WorkspaceError
    from carborder.workspace.config import Workspace

    try:
        return Workspace.open(ctx.workspace).detected_facts()
    except WorkspaceError:
        return {}


def counted_delta(
    ctx: RunContext, assets: dict[str, Facts], delta: dict[str, DistinctSketch], as_of: date
) -> tuple[dict[str, DistinctSketch], list[Msg]]:
    """This export's people as they count toward the year to date, and a warning if they do not.

    The pack's counting rule (``counting/*``) decides, as it does for ``assess``: a flow one
    of its exemptions applies to adds nobody to the counters that decide every other flow.
    """
    from carborder.decide.engine import exempt_from_counting

    inv, flow = ctx.inventory, ctx.flow
    left_out = exempt_from_counting(
        flow, assets, inv.handler, inv.recipient(flow.recipient), ctx.pack, as_of
    )
    if not left_out or not delta:
        return delta, []
    return {}, [Msg("warn-not-counted", exemptions=", ".join(left_out))]


def decide_flow(
    ctx: RunContext,
    assets: dict[str, Facts],
    delta: dict[str, DistinctSketch],
    decider: Decider,
    as_of: date,
) -> Decision:
    """Decide the flow with year to date including this export's people; store and audit it."""
    from carborder.decide.counting_period import counting_year, counts_in_period
    from carborder.decide.engine import YearToDate, handler_holds_important

    inv, flow = ctx.inventory, ctx.flow
    # Year to date = counters declared in the inventory + the union of the stored sketch (with
    # releases not counted yet) and this export's individuals (someone exported twice counts once),
    # over the pack's counting period on this date (PackError on a period it cannot count).
    stored = year_to_date(ctx.store, inv.handler.id, counting_year(ctx.pack, as_of))
    totals: list[int] = []
    this_year = counts_in_period(inv.counters, ctx.pack, as_of)  # other periods' counts are spent
    for kind, declared in zip(
        COUNTER_FACTS, (this_year.individuals, this_year.sensitive_individuals), strict=True
    ):
        count = stored.get(kind)
        if kind in delta:
            exported = count.estimate_with(delta[kind]) if count else delta[kind].estimate
        else:
            exported = count.estimate if count else 0
        totals.append(declared + exported)
    ytd = YearToDate(individuals=totals[0], sensitive_individuals=totals[1])
    approvals = live_approvals(ctx)
    # as assess: the duties of a handler of important data follow every flow it decides
    holds_important = handler_holds_important(known_facts(ctx), inv.handler, ctx.pack, as_of)
    decision = decider(
        flow,
        assets=assets,
        handler=inv.handler,
        recipient=inv.recipient(flow.recipient),
        ytd=ytd,
        approvals=approvals,
        pack=ctx.pack,
        as_of=as_of,
        handler_important=holds_important,
    )
    record = StoredDecision(
        id=decision.decision_id,
        flow_id=flow.id,
        as_of=as_of.isoformat(),
        pack=decision.pack,
        status=decision.status.value,
        pathway=decision.pathway.value,
        input={
            "flow": flow.model_dump(mode="json"),
            "assets": assets,
            "handler": inv.handler.model_dump(mode="json"),
            "recipient": inv.recipient(flow.recipient).model_dump(mode="json"),
            "ytd": [ytd.individuals, ytd.sensitive_individuals],
            "approvals": [a.model_dump(mode="json") for a in approvals],
            "pack": decision.pack,
            "as_of": as_of.isoformat(),
        },
        result=decision.model_dump(mode="json"),
        requested_by=ctx.actor,
    )
    with ctx.store.session() as s:
        digest = ctx.store.record_decision(s, record)
        ctx.store.append_event(
            s,
            DecisionRecorded(
                decision_id=decision.decision_id,
                flow_id=flow.id,
                status=decision.status.value,
                pathway=decision.pathway.value,
                pack=decision.pack,
                as_of=as_of.isoformat(),
                input_sha256=digest,
            ),
            actor=ctx.actor,
        )
    return decision


def _facts_of_reasons(decision: Decision) -> list[str]:
    out: list[str] = []
    for step in decision.trace:
        if step.rule in decision.reasons and step.result in ("true", "unknown"):
            for name, value in sorted(step.inputs.items()):
                item = f"{name}={json.dumps(value, ensure_ascii=False, default=str)}"
                if item not in out:
                    out.append(item)
    return out


def pathway_arg(ctx: RunContext, pathway: str) -> dict[str, str]:
    """A pathway for a message: its id in English, its id and the pack's title in Chinese."""
    try:
        title = ctx.pack.pathway(pathway).title.zh
    except StopIteration:  # a pathway this pack does not define: the id alone
        return {"en": pathway, "zh": f"「{pathway}」"}
    return {"en": pathway, "zh": f"「{pathway}」（{title}）"}


def status_arg(status: str) -> dict[str, str]:
    """A decision status for a message: its id in English, its catalogue term in Chinese."""
    from carborder.i18n import messages

    return {"en": status, "zh": messages("zh").term("status", status)}


def refuse_decision(
    ctx: RunContext, result: ExportResult, decision: Decision, dry_run: bool
) -> ExportResult:
    """Turn a decision that does not allow the flow into an audited refusal naming rules and facts."""
    facts = _facts_of_reasons(decision)
    result.status = "refused"
    result.say(
        Msg(
            "refused-decision",
            flow=ctx.flow.id,
            status=status_arg(decision.status.value),
            pathway=pathway_arg(ctx, decision.pathway.value),
            rules=", ".join(decision.reasons) or Msg("value-none-paren"),
            facts=Msg("refused-facts", facts="; ".join(facts)) if facts else "",
            missing=(
                Msg("refused-unknown-facts", facts=", ".join(decision.missing_facts))
                if decision.missing_facts
                else ""
            ),
            summary={"en": decision.summary_en, "zh": decision.summary_zh},
        )
    )
    with ctx.store.session() as s:
        if not dry_run:
            from carborder.store.tables import ExportRunRow

            s.add(
                ExportRunRow(
                    id=ctx.run_id,
                    flow_id=ctx.flow.id,
                    status="refused",
                    created=ctx.store.now(),
                    finished=ctx.store.now(),
                    decision_id=decision.decision_id,
                    error_json=json.dumps({"code": RefusedError.code, "reasons": decision.reasons}),
                )
            )
        ctx.store.append_event(
            s,
            ExportRefused(
                run_id=ctx.run_id,
                flow_id=ctx.flow.id,
                code=RefusedError.code,
                reasons=list(decision.reasons),
                message=result.message,
                decision_id=decision.decision_id,
            ),
            actor=ctx.actor,
        )
    return result
