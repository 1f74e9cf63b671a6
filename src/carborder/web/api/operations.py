"""Scans, approvals, export requests, jobs and the audit chain."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from fastapi.responses import FileResponse

from carborder.errors import Msg
from carborder.web import actions
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.errors import NotFoundError
from carborder.web.paths import inside_workspace
from carborder.web.permissions import Permission
from carborder.web.schemas import (
    ApprovalOut,
    ApproveIn,
    AuditPage,
    DenyIn,
    ExportRequestIn,
    ExportRequestOut,
    JobOut,
    JobStarted,
    RevokeIn,
    ScanIn,
    ScanOut,
    ScopeIn,
)
from carborder.web.views.approvals import find_approval, list_approvals, parse_scope
from carborder.web.views.audit import audit_page
from carborder.web.views.jobs import export_out, job_out

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, tags=["operations"])
P = Permission

StatusQ = Annotated[str | None, Query(max_length=16)]


def _started(job: Any) -> JobStarted:
    return JobStarted(job=job_out(job), location=f"/api/v1/jobs/{job.id}")


# -- scans ---------------------------------------------------------------------------------


@router.get("/scans", response_model=list[ScanOut], summary="Saved scans")
def get_scans(ctx: Ctx, _p: Annotated[Principal, require(P.SCANS_READ)]) -> list[ScanOut]:
    """The latest saved scan of each asset (facts only; evidence is on the asset)."""
    snap = ctx.state.snapshot()
    return [
        ScanOut(
            asset=asset,
            scanned_at=r.scanned_at.isoformat(),
            sampled=r.sampled,
            facts=dict(r.facts),
            files=len(r.files),
            errors=len(r.errors),
        )
        for asset, r in sorted(snap.scans.items())
    ]


@router.post(
    "/scans",
    response_model=JobStarted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Scan files in the background",
)
def post_scan(
    body: ScanIn, ctx: Ctx, principal: Annotated[Principal, require(P.SCANS_RUN)]
) -> JobStarted:
    """Scan files inside the workspace for an asset; the result is saved to the asset."""
    job = actions.start_scan(
        ctx, asset=body.asset, inputs=body.inputs, sample=body.sample, actor=principal.name
    )
    return _started(job)


# -- jobs ----------------------------------------------------------------------------------


@router.get("/jobs", response_model=list[JobOut], summary="Background jobs")
def get_jobs(
    ctx: Ctx,
    _p: Annotated[Principal, require(P.JOBS_READ)],
    kind: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[JobOut]:
    """Latest jobs first, with progress."""
    return [job_out(j) for j in ctx.jobs.list(kind=kind, limit=limit)]


@router.get("/jobs/{job_id}", response_model=JobOut, summary="One job")
def get_job(job_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.JOBS_READ)]) -> JobOut:
    """A job's status, progress, and its result or error."""
    return job_out(ctx.jobs.get(job_id))


# -- approvals -----------------------------------------------------------------------------


@router.get("/approvals", response_model=list[ApprovalOut], summary="Approvals held")
def get_approvals(
    ctx: Ctx, _p: Annotated[Principal, require(P.APPROVALS_READ)]
) -> list[ApprovalOut]:
    """Approvals from the store and the inventory (the store's record wins)."""
    return list_approvals(ctx.state, ctx.evidence)


@router.get("/approvals/{approval_id}", response_model=ApprovalOut, summary="One approval")
def get_approval(
    approval_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.APPROVALS_READ)]
) -> ApprovalOut:
    """An approval and whether its evidence file is held."""
    return find_approval(ctx.state, ctx.evidence, approval_id)


@router.get("/approvals/{approval_id}/evidence", summary="An approval's evidence file")
def get_evidence(
    approval_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.APPROVALS_READ)]
) -> FileResponse:
    """Download the evidence document (PDF, PNG or JPEG) kept for an approval."""
    a = find_approval(ctx.state, ctx.evidence, approval_id)
    path = ctx.evidence.path_of(a.evidence_sha256)
    if path is None:
        raise NotFoundError(Msg("web-no-evidence", id=approval_id))
    return FileResponse(
        path,
        filename=f"evidence-{a.evidence_sha256}{path.suffix}",
        content_disposition_type="attachment",
    )


@router.post(
    "/approvals",
    response_model=ApprovalOut,
    status_code=status.HTTP_201_CREATED,
    summary="Record an approval with its evidence",
)
async def post_approval(
    ctx: Ctx,
    principal: Annotated[Principal, require(P.APPROVALS_MANAGE)],
    reference: Annotated[str, Form(min_length=1, max_length=128, description="Reference.")],
    kind: Annotated[str, Form(max_length=64, description="Approval kind from the pack.")],
    flows: Annotated[list[str], Form(description="Flows covered (repeat the field).")],
    issued: Annotated[date, Form(description="Issue or filing date, YYYY-MM-DD.")],
    valid_until: Annotated[date | None, Form(description="Last valid day.")] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
    evidence: Annotated[
        UploadFile | None, File(description="PDF, PNG or JPEG, at most 20 MiB.")
    ] = None,
    scope: Annotated[
        str | None,
        Form(
            max_length=20000,
            description="What it was granted for, as JSON (ApprovalScope: purposes, "
            "activities, recipients, assets, content_kinds, pi_kinds, sensitive_kinds, "
            "storage).",
        ),
    ] = None,
    scope_from_flow: Annotated[
        bool, Form(description="Record the covered flows as they stand now as the scope.")
    ] = False,
) -> ApprovalOut:
    """Record an approval held (multipart form with an optional evidence file).

    Give its scope (``scope`` JSON or ``scope_from_flow``): it covers a flow only while the
    flow stays within that scope.
    """
    approval = await actions.add_approval(
        ctx,
        reference=reference,
        kind=kind,
        flows=flows,
        issued=issued,
        valid_until=valid_until,
        note=note,
        evidence=evidence,
        actor=principal.name,
        scope=parse_scope(scope),
        scope_from_flow=scope_from_flow,
    )
    return find_approval(ctx.state, ctx.evidence, approval.id)


@router.post(
    "/approvals/{approval_id}/scope",
    response_model=ApprovalOut,
    summary="Record the scope an approval was granted for",
)
def post_approval_scope(
    approval_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.APPROVALS_MANAGE)],
    body: ScopeIn,
) -> ApprovalOut:
    """Record the scope of an approval recorded without one (it covers no flow until then).

    Once only: a recorded scope is what later changes are judged against.
    """
    actions.record_approval_scope(
        ctx,
        approval_id,
        actor=principal.name,
        scope=body.scope,
        scope_from_flow=body.scope_from_flow,
    )
    return find_approval(ctx.state, ctx.evidence, approval_id)


@router.post(
    "/approvals/{approval_id}/revoke", response_model=ApprovalOut, summary="Revoke an approval"
)
def revoke_approval(
    approval_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.APPROVALS_MANAGE)],
    body: RevokeIn | None = None,
) -> ApprovalOut:
    """Mark an approval revoked; flows it covered need approval again."""
    actions.revoke_approval(
        ctx, approval_id, actor=principal.name, reason=body.reason if body else None
    )
    return find_approval(ctx.state, ctx.evidence, approval_id)


# -- exports -------------------------------------------------------------------------------


@router.get("/exports", response_model=list[ExportRequestOut], summary="Export requests")
def get_exports(
    ctx: Ctx, _p: Annotated[Principal, require(P.EXPORTS_READ)], status: StatusQ = None
) -> list[ExportRequestOut]:
    """Export requests, newest first, with their jobs and outcomes."""
    return [export_out(r, ctx.jobs) for r in ctx.exports.list(status=status)]


@router.post(
    "/exports",
    response_model=ExportRequestOut,
    status_code=status.HTTP_201_CREATED,
    summary="Request an export",
)
def post_export(
    body: ExportRequestIn, ctx: Ctx, principal: Annotated[Principal, require(P.EXPORTS_REQUEST)]
) -> ExportRequestOut:
    """Ask to export a flow's data; another person must approve before the gateway runs."""
    req = actions.request_export(
        ctx,
        flow=body.flow,
        inputs=body.inputs,
        asset=body.asset,
        subject=body.subject,
        purpose=body.purpose,
        actor=principal.name,
    )
    return export_out(req, ctx.jobs)


@router.get("/exports/{request_id}", response_model=ExportRequestOut, summary="One export")
def get_export(
    request_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.EXPORTS_READ)]
) -> ExportRequestOut:
    """A request, who decided it, and the gateway's outcome and progress."""
    return export_out(ctx.exports.get(request_id), ctx.jobs)


@router.post(
    "/exports/{request_id}/approve",
    response_model=ExportRequestOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Approve an export request (not your own)",
)
def approve_export(
    request_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.EXPORTS_APPROVE)],
    body: ApproveIn | None = None,
) -> ExportRequestOut:
    """Approve and start the gateway run; the requester may not approve (403)."""
    req, _job = actions.approve_export(
        ctx, request_id, actor=principal.name, note=body.note if body else None
    )
    return export_out(req, ctx.jobs)


@router.post(
    "/exports/{request_id}/deny",
    response_model=ExportRequestOut,
    summary="Deny an export request (not your own)",
)
def deny_export(
    request_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.EXPORTS_APPROVE)],
    body: DenyIn | None = None,
) -> ExportRequestOut:
    """Deny a request; the requester may not decide their own request (403)."""
    req = actions.deny_export(
        ctx, request_id, actor=principal.name, reason=body.reason if body else None
    )
    return export_out(req, ctx.jobs)


@router.get("/exports/{request_id}/manifest", summary="The signed manifest of a released export")
def get_manifest(
    request_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.MANIFESTS_READ)]
) -> dict[str, Any]:
    """The manifest: files, rows, SHA-256, transforms, decision, signature."""
    req = ctx.exports.get(request_id)
    if not req.output:
        raise NotFoundError(Msg("web-export-no-manifest", id=str(request_id)))
    path = inside_workspace(ctx.workspace.root, req.output) / "manifest.json"
    if not path.is_file():
        raise NotFoundError(Msg("web-manifest-missing", id=str(request_id)))
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


@router.post(
    "/exports/{request_id}/verify",
    response_model=JobStarted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Verify a released export",
)
def verify_export(
    request_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.MANIFESTS_READ)]
) -> JobStarted:
    """Check the signature (workspace key), every file's bytes and hash, nothing added."""
    return _started(actions.start_manifest_verify(ctx, request_id, actor=principal.name))


# -- audit ---------------------------------------------------------------------------------


@router.get("/audit-events", response_model=AuditPage, summary="Audit events")
def get_audit(
    ctx: Ctx,
    _p: Annotated[Principal, require(P.AUDIT_READ)],
    before: Annotated[int | None, Query(ge=1, description="Events with seq below this.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    name: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=128)] = None,
) -> AuditPage:
    """The hash chain, newest first, paged with ``before``."""
    return audit_page(ctx.store, before=before, limit=limit, name=name, actor=actor)


@router.post(
    "/audit-events/verify",
    response_model=JobStarted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Verify the audit chain",
)
def verify_audit(ctx: Ctx, principal: Annotated[Principal, require(P.AUDIT_VERIFY)]) -> JobStarted:
    """Re-hash every event and check links and head; the report is the job's result."""
    return _started(actions.start_audit_verify(ctx, actor=principal.name))
