"""What the API and the pages *do*: one function per action, both front ends call it.

Each action checks its input against the workspace (flows, assets, paths inside the
workspace), writes through the stores (which audit), and queues background work.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import UploadFile

from carborder.decide.scope_now import scope_of_flows
from carborder.errors import InputError, Msg
from carborder.model.approval import Approval, ApprovalScope
from carborder.web.context import AppContext
from carborder.web.db.exports import ExportRequest
from carborder.web.db.filings import Filing
from carborder.web.db.jobs import Job
from carborder.web.errors import ConflictError, NotFoundError
from carborder.web.paths import inside_workspace

__all__ = [
    "add_approval",
    "answer_filing",
    "approve_export",
    "build_filing",
    "deny_export",
    "draft_filing",
    "last_build",
    "request_export",
    "revoke_approval",
    "start_audit_verify",
    "start_manifest_verify",
    "start_scan",
]


def _flow_ids(ctx: AppContext) -> list[str]:
    return [f.id for f in ctx.state.snapshot().inventory.flows]


def _check_inputs(ctx: AppContext, inputs: list[str]) -> list[str]:
    root = ctx.workspace.root
    return [inside_workspace(root, p).relative_to(root.resolve()).as_posix() for p in inputs]


def start_scan(
    ctx: AppContext, *, asset: str, inputs: list[str], sample: int | None, actor: str
) -> Job:
    """Queue a scan of files inside the workspace for an asset; it is saved when done.

    Raises:
        InputError: unknown asset or a path outside the workspace.
    """
    assets = [a.id for a in ctx.state.snapshot().inventory.assets]
    if asset not in assets:
        raise InputError(
            Msg("web-unknown", what=Msg("thing-asset"), id=asset),
            key="asset",
            hint=Msg("web-known", what=Msg("things-asset"), known=", ".join(assets)),
        )
    params = {"asset": asset, "inputs": _check_inputs(ctx, inputs), "sample": sample}
    job_id = ctx.jobs.create("scan", params, actor=actor)
    ctx.runner.submit(job_id)
    return ctx.jobs.get(job_id)


def request_export(
    ctx: AppContext,
    *,
    flow: str,
    inputs: list[str],
    asset: str | None,
    subject: str | None,
    purpose: str | None,
    actor: str,
) -> ExportRequest:
    """Record a request to export a flow's data; another person must approve it.

    Raises:
        InputError: unknown flow, an asset the flow does not carry, or a bad path.
    """
    snap = ctx.state.snapshot()
    flows = {f.id: f for f in snap.inventory.flows}
    if flow not in flows:
        raise InputError(
            Msg("web-unknown", what=Msg("thing-flow"), id=flow),
            key="flow",
            hint=Msg("web-known", what=Msg("things-flow"), known=", ".join(sorted(flows))),
        )
    if asset and asset not in flows[flow].assets:
        raise InputError(
            Msg("web-asset-not-in-flow", asset=asset, flow=flow),
            key="asset",
            hint=Msg(
                "web-known", what=Msg("things-flow-asset"), known=", ".join(flows[flow].assets)
            ),
        )
    return ctx.exports.request(
        flow,
        _check_inputs(ctx, inputs),
        actor=actor,
        asset=asset or None,
        subject=subject or None,
        purpose=purpose or None,
    )


def approve_export(
    ctx: AppContext, request_id: str, *, actor: str, note: str | None
) -> tuple[ExportRequest, Job]:
    """Approve a request (not your own) and start the gateway run as a job."""
    req, job_id = ctx.exports.approve(request_id, actor=actor, jobs=ctx.jobs, note=note)
    ctx.runner.submit(job_id)
    return req, ctx.jobs.get(job_id)


def deny_export(
    ctx: AppContext, request_id: str, *, actor: str, reason: str | None
) -> ExportRequest:
    """Deny a request (not your own)."""
    return ctx.exports.deny(request_id, actor=actor, reason=reason)


def start_manifest_verify(ctx: AppContext, request_id: str, *, actor: str) -> Job:
    """Queue the verification of a released export's manifest, files and signature."""
    req = ctx.exports.get(request_id)
    if not req.output:
        raise InputError(
            Msg("web-export-no-output", id=str(request_id)),
            hint=Msg("web-hint-export-no-output"),
        )
    job_id = ctx.jobs.create("manifest_verify", {"request_id": request_id}, actor=actor)
    ctx.runner.submit(job_id)
    return ctx.jobs.get(job_id)


def start_audit_verify(ctx: AppContext, *, actor: str) -> Job:
    """Queue the verification of the whole audit chain."""
    job_id = ctx.jobs.create("audit_verify", {}, actor=actor)
    ctx.runner.submit(job_id)
    return ctx.jobs.get(job_id)


async def add_approval(
    ctx: AppContext,
    *,
    reference: str,
    kind: str,
    flows: list[str],
    issued: date,
    valid_until: date | None,
    note: str | None,
    evidence: UploadFile | None,
    actor: str,
    scope: ApprovalScope | None = None,
    scope_from_flow: bool = False,
) -> Approval:
    """Record an approval held, keeping its evidence file (checked, stored by hash).

    ``scope`` is what it was granted for; ``scope_from_flow`` records the covered flows as
    they stand in the workspace now (one of the two; neither = scope not recorded).

    Raises:
        InputError: unknown kind or flow, dates out of order, or a bad reference.
        UploadRejectedError: the evidence is too large or not a PDF/PNG/JPEG.
    """
    pack = ctx.state.pack
    reference = reference.strip()
    if not reference or len(reference) > 128 or any(ord(c) < 32 for c in reference):
        raise InputError(
            Msg("web-bad-reference"), key="reference", hint=Msg("web-hint-bad-reference")
        )
    if kind not in pack.meta.approval_kinds:
        raise InputError(
            Msg("web-unknown", what=Msg("thing-approval-kind"), id=kind),
            key="kind",
            hint=Msg("hint-approval-kinds", kinds=", ".join(sorted(pack.meta.approval_kinds))),
        )
    known = _flow_ids(ctx)
    if not flows:
        raise InputError(Msg("web-approval-no-flow"), key="flows")
    unknown = [f for f in flows if f not in known]
    if unknown:
        raise InputError(
            Msg("web-unknown-flows", ids=", ".join(unknown)),
            key="flows",
            hint=Msg("web-known", what=Msg("things-flow"), known=", ".join(known)),
        )
    if ctx.store.get_approval(reference) is not None:
        raise ConflictError(
            Msg("web-approval-exists", id=reference), hint=Msg("web-hint-approval-exists")
        )
    if valid_until is not None and valid_until < issued:
        raise InputError(Msg("web-valid-until-before"), key="valid_until")
    if scope is not None and scope_from_flow:
        raise InputError(Msg("web-scope-both"), key="scope_from_flow")
    if scope_from_flow:
        snap = ctx.state.snapshot()
        scope = scope_of_flows(snap.inventory, flows, pack, snap.as_of, snap.detected)
    sha = await ctx.evidence.store(evidence) if evidence is not None and evidence.filename else None
    approval = Approval(
        id=reference,
        kind=kind,
        flows=flows,
        issued=issued,
        valid_until=valid_until,
        evidence_sha256=sha,
        note=note or None,
        scope=scope,
    )
    declared = {a.id for a in ctx.state.snapshot().inventory.approvals}
    ctx.store.add_approval(approval, actor=actor, declared=declared)
    return approval


def record_approval_scope(
    ctx: AppContext,
    approval_id: str,
    *,
    actor: str,
    scope: ApprovalScope | None,
    scope_from_flow: bool,
) -> None:
    """Record the scope of an approval recorded without one (once; audited).

    Raises:
        InputError: neither or both of ``scope`` and ``scope_from_flow``.
        NotFoundError: no such approval.
        ConflictError: declared in an inventory file, or its scope is already recorded.
    """
    if (scope is None) == (not scope_from_flow):
        raise InputError(Msg("web-scope-one"), key="scope", hint=Msg("web-hint-scope-one"))
    approval = ctx.store.get_approval(approval_id)
    if approval is None:
        declared = {a.id for a in ctx.workspace.inventory(ctx.state.pack).approvals}
        if approval_id in declared:
            raise ConflictError(
                Msg("web-approval-declared", id=approval_id),
                hint=Msg("web-hint-approval-declared-scope"),
            )
        raise NotFoundError(Msg("web-no", what=Msg("thing-approval"), id=str(approval_id)))
    if approval.scope is not None:
        raise ConflictError(
            Msg("web-approval-scoped", id=approval_id), hint=Msg("web-hint-approval-scoped")
        )
    if scope_from_flow:
        snap = ctx.state.snapshot()
        scope = scope_of_flows(
            snap.inventory, approval.flows, ctx.state.pack, snap.as_of, snap.detected
        )
        source = f"flows {', '.join(approval.flows)} as of {snap.as_of.isoformat()}"
    else:
        source = "web form"
    assert scope is not None
    ctx.store.record_approval_scope(approval_id, scope, actor=actor, source=source)


def revoke_approval(ctx: AppContext, approval_id: str, *, actor: str, reason: str | None) -> None:
    """Revoke an approval recorded in the store.

    Raises:
        NotFoundError: no such approval.
        ConflictError: it is declared in an inventory file (edit the file instead).
    """
    if ctx.store.get_approval(approval_id) is None:
        declared = {a.id for a in ctx.workspace.inventory(ctx.state.pack).approvals}
        if approval_id in declared:
            raise ConflictError(
                Msg("web-approval-declared", id=approval_id),
                hint=Msg("web-hint-approval-declared-revoke"),
            )
        raise NotFoundError(Msg("web-no", what=Msg("thing-approval"), id=str(approval_id)))
    ctx.store.revoke_approval(approval_id, actor=actor, reason=reason or None)


def draft_filing(ctx: AppContext, *, flow: str, actor: str) -> Filing:
    """Start a draft filing for a flow.

    Raises:
        InputError: unknown flow.
    """
    flows = _flow_ids(ctx)
    if flow not in flows:
        raise InputError(
            Msg("web-unknown", what=Msg("thing-flow"), id=flow),
            key="flow",
            hint=Msg("web-known", what=Msg("things-flow"), known=", ".join(flows)),
        )
    decision = ctx.state.decision(flow)
    title = f"{flow} · {ctx.state.pack.pathway(decision.pathway.value).title.zh}"
    return ctx.filings.create("flow", {"flow": flow}, title=title, actor=actor)


def draft_annual_report(ctx: AppContext, *, year: int, force: bool, actor: str) -> Filing:
    """Start a draft of the workspace's annual report for ``year``.

    Raises:
        FilingError: a year out of range, or no flow's decision requires the report and
            ``force`` is not set (the reason is recorded in the pack when it is).
    """
    from carborder.filings import load_catalogue, plan_annual_report

    plan_annual_report(workspace=ctx.workspace.root, year=year, force=force)
    cat = load_catalogue()
    title = f"{year} · {cat.template(cat.index.annual_report).title.zh}"
    scope: dict[str, Any] = {"year": year, "force": True} if force else {"year": year}
    return ctx.filings.create("annual_report", scope, title=title, actor=actor)


_CELL = re.compile(r"^(?P<field>[^\[\]]+)\[(?P<row>[^\]]+)\]\.(?P<column>[A-Za-z0-9_]+)$")


def answer_filing(ctx: AppContext, filing_id: str, item: str, value: Any, *, actor: str) -> Filing:
    """Record a person's answer to a field (checked by the filings package).

    The item is a human field, a human cell ``field[row].column`` of a table, or an auto
    field the records leave empty.

    Raises:
        NotFoundError: no such filing.
        InputError: no such field, an auto value the records already give, or a bad value.
    """
    from carborder.filings import load_catalogue
    from carborder.filings.answers import load_answers

    filing = ctx.filings.get(filing_id)
    fields = load_catalogue().fields
    cell = _CELL.match(item)
    field_id = cell.group("field") if cell else item
    spec = fields.get(field_id)
    if spec is None:
        raise InputError(
            Msg("web-no", what=Msg("thing-field"), id=str(field_id)),
            key="field_id",
            hint=Msg("web-hint-see", url="/api/v1/filings/{id}"),
        )
    answers = ctx.filings.answer_map(filing_id)
    if cell is not None:
        table = dict(answers.get(field_id) or {})
        row = dict(table.get(cell.group("row")) or {})
        if value is None or value == "":
            row.pop(cell.group("column"), None)
        else:
            row[cell.group("column")] = value
        table[cell.group("row")] = row
        value = {k: v for k, v in table.items() if v} or None
    elif spec.kind.value != "human" and not any(c.human for c in spec.columns):
        from carborder.web.views.filings import filing_plan

        plan = filing_plan(ctx.workspace.root, filing, answers)
        state = plan.fields.get(field_id)
        if state is not None and not state.filled.missing and field_id not in answers:
            raise InputError(
                Msg("web-field-computed", id=field_id),
                key="field_id",
                hint=Msg("web-hint-field-computed"),
            )
    if value is not None:
        load_answers({field_id: value}, fields)  # FilingError (an InputError) says what is wrong
    return ctx.filings.set_answer(filing_id, field_id, value, actor=actor)


def build_filing(ctx: AppContext, filing_id: str, *, actor: str, sign: bool) -> Job:
    """Queue a build of the filing's documents; with ``sign``, a final build that is signed.

    Raises:
        SeparationOfDutiesError: signing a filing you drafted.
        ConflictError: signing one that is incomplete or already signed.
    """
    filing = ctx.filings.get(filing_id)
    if sign:
        from carborder.web.views.filings import filing_plan

        ctx.filings.check_signer(filing_id, actor)
        plan = filing_plan(ctx.workspace.root, filing, ctx.filings.answer_map(filing_id))
        if not plan.complete:
            raise ConflictError(
                Msg("web-filing-incomplete", id=str(filing_id), n=len(plan.missing)),
                hint=Msg("web-hint-filing-incomplete"),
            )
    job_id = ctx.jobs.create("filing_build", {"filing_id": filing_id, "sign": sign}, actor=actor)
    ctx.filings.attach_job(filing_id, job_id)
    ctx.runner.submit(job_id)
    return ctx.jobs.get(job_id)


def last_build(ctx: AppContext, filing_id: str) -> dict[str, Any] | None:
    """The result of the filing's last build, when it succeeded."""
    filing = ctx.filings.get(filing_id)
    if filing.job_id is None:
        return None
    job = ctx.jobs.get(filing.job_id)
    return job.result if job.status == "succeeded" else None
