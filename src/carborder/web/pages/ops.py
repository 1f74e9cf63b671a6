"""Pages that act: scans, approvals (with evidence upload), exports (four-eyes), audit, jobs.

Forms post here with the session's CSRF token; a bad form comes back with its message
(422) instead of a bare error page, and a good one redirects (post/redirect/get).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from carborder.errors import InputError, Msg
from carborder.web import actions
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.context import AppContext
from carborder.web.errors import NotFoundError
from carborder.web.i18n import lang_of
from carborder.web.pages.render import render
from carborder.web.paths import inside_workspace
from carborder.web.permissions import Permission
from carborder.web.views.approvals import list_approvals
from carborder.web.views.audit import audit_page
from carborder.web.views.jobs import export_out, job_out

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, include_in_schema=False)
P = Permission

Text = Annotated[str, Form(max_length=2000)]
Q = Annotated[str | None, Query(max_length=200)]


def _lines(text: str) -> list[str]:
    """Paths typed one per line (or separated by commas)."""
    return [p.strip() for chunk in text.splitlines() for p in chunk.split(",") if p.strip()]


def _date(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            Msg("web-not-a-date", value=value), key=field, hint=Msg("hint-date-format")
        ) from None


def _data_files(ctx: AppContext) -> list[str]:
    """Files under the workspace's data/ folder, offered as inputs."""
    root = ctx.workspace.root
    folder = root / "data"
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file())[:500]


# -- jobs ----------------------------------------------------------------------------------


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_fragment(
    request: Request, job_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.JOBS_READ)]
) -> HTMLResponse:
    """A job's progress bar (htmx polls it until the job is done)."""
    job = job_out(ctx.jobs.get(job_id))
    response = render(request, "_job.html", {"job": job})
    if job.status in ("succeeded", "failed") and request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"  # show the outcome on the whole page
    return response


# -- scans ---------------------------------------------------------------------------------


def _scans_page(
    request: Request, ctx: AppContext, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    snap = ctx.state.snapshot()
    return render(
        request,
        "scans.html",
        {
            "scans": sorted(snap.scans.items()),
            "assets": [a.id for a in snap.inventory.assets],
            "jobs": [job_out(j) for j in ctx.jobs.list(kind="scan", limit=20)],
            "files": _data_files(ctx),
            "error": error,
        },
        status=status,
    )


@router.get("/scans", response_class=HTMLResponse)
def scans_page(
    request: Request, ctx: Ctx, _p: Annotated[Principal, require(P.SCANS_READ)]
) -> HTMLResponse:
    """Saved scans per asset, recent scan jobs, and a form to start one."""
    return _scans_page(request, ctx)


@router.post("/scans", response_model=None)
async def scans_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.SCANS_RUN)],
    asset: Annotated[str, Form(max_length=128)],
    inputs: Text,
) -> Response:
    """Start a scan job."""
    try:
        actions.start_scan(
            ctx, asset=asset, inputs=_lines(inputs), sample=None, actor=principal.name
        )
    except InputError as exc:
        return _scans_page(request, ctx, error=exc.render(lang_of(request)), status=422)
    return RedirectResponse("/scans", status_code=303)


# -- approvals -----------------------------------------------------------------------------


def _approvals_page(
    request: Request,
    ctx: AppContext,
    *,
    error: str | None = None,
    status: int = 200,
    form: dict[str, Any] | None = None,
) -> HTMLResponse:
    pack = ctx.state.pack
    return render(
        request,
        "approvals.html",
        {
            "approvals": list_approvals(ctx.state, ctx.evidence),
            "kinds": sorted(pack.meta.approval_kinds.items()),
            "flows": [f.id for f in ctx.state.snapshot().inventory.flows],
            "error": error,
            "form": form or {},
            "max_mib": ctx.settings.max_upload_bytes // (1024 * 1024),
        },
        status=status,
    )


@router.get("/approvals", response_class=HTMLResponse)
def approvals_page(
    request: Request, ctx: Ctx, _p: Annotated[Principal, require(P.APPROVALS_READ)]
) -> HTMLResponse:
    """Approvals held, with a form to add one (evidence upload) and revoke buttons."""
    return _approvals_page(request, ctx)


@router.post("/approvals", response_model=None)
async def approvals_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.APPROVALS_MANAGE)],
    reference: Annotated[str, Form(max_length=128)],
    kind: Annotated[str, Form(max_length=64)],
    flows: Annotated[list[str], Form()],
    issued: Annotated[str, Form(max_length=32)],
    valid_until: Annotated[str, Form(max_length=32)] = "",
    note: Text = "",
    evidence: Annotated[UploadFile | None, File()] = None,
    scope_from_flow: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Record an approval with its evidence file (and the flows as they are now as its scope)."""
    form = {"reference": reference, "kind": kind, "flows": flows, "issued": issued,
            "valid_until": valid_until, "note": note,
            "scope_from_flow": bool(scope_from_flow)}  # fmt: skip
    try:
        issued_d = _date(issued, "issued")
        if issued_d is None:
            raise InputError(Msg("web-issued-required"), key="issued", hint=Msg("hint-date-format"))
        await actions.add_approval(
            ctx,
            reference=reference,
            kind=kind,
            flows=flows,
            issued=issued_d,
            valid_until=_date(valid_until, "valid_until"),
            note=note,
            evidence=evidence,
            actor=principal.name,
            scope_from_flow=bool(scope_from_flow),
        )
    except InputError as exc:
        status = int(getattr(exc, "status", 422))
        return _approvals_page(
            request, ctx, error=exc.render(lang_of(request)), status=status, form=form
        )
    return RedirectResponse("/approvals", status_code=303)


@router.post("/approvals/{approval_id}/revoke", response_model=None)
def approvals_revoke(
    approval_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.APPROVALS_MANAGE)],
    reason: Text = "",
) -> Response:
    """Revoke an approval."""
    actions.revoke_approval(ctx, approval_id, actor=principal.name, reason=reason)
    return RedirectResponse("/approvals", status_code=303)


# -- exports -------------------------------------------------------------------------------


def _exports_page(
    request: Request,
    ctx: AppContext,
    *,
    error: str | None = None,
    status: int = 200,
    flow: str | None = None,
) -> HTMLResponse:
    snap = ctx.state.snapshot()
    return render(
        request,
        "exports.html",
        {
            "requests": [export_out(r, ctx.jobs) for r in ctx.exports.list(limit=100)],
            "runs": ctx.store.runs()[-50:][::-1],
            "flows": snap.inventory.flows,
            "selected": flow or "",
            "files": _data_files(ctx),
            "error": error,
        },
        status=status,
    )


@router.get("/exports", response_class=HTMLResponse)
def exports_page(
    request: Request, ctx: Ctx, _p: Annotated[Principal, require(P.EXPORTS_READ)], flow: Q = None
) -> HTMLResponse:
    """Export requests (approve/deny: not your own), gateway runs, and the request form."""
    return _exports_page(request, ctx, flow=flow)


@router.post("/exports", response_model=None)
def exports_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.EXPORTS_REQUEST)],
    flow: Annotated[str, Form(max_length=128)],
    inputs: Text,
    purpose: Text = "",
    subject: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    """Request an export."""
    try:
        req = actions.request_export(
            ctx,
            flow=flow,
            inputs=_lines(inputs),
            asset=None,
            subject=subject,
            purpose=purpose,
            actor=principal.name,
        )
    except InputError as exc:
        return _exports_page(
            request, ctx, error=exc.render(lang_of(request)), status=422, flow=flow
        )
    return RedirectResponse(f"/exports/{req.id}", status_code=303)


@router.get("/exports/{request_id}", response_class=HTMLResponse)
def export_page(
    request: Request,
    request_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.EXPORTS_READ)],
    verify: Q = None,
) -> HTMLResponse:
    """One export request: who asked, who decided, progress, outcome, manifest."""
    req = export_out(ctx.exports.get(request_id), ctx.jobs)
    manifest = None
    if req.output and principal.can(P.MANIFESTS_READ):
        path = inside_workspace(ctx.workspace.root, req.output, must_exist=False) / "manifest.json"
        if path.is_file():
            manifest = json.loads(path.read_text(encoding="utf-8"))
    verify_job = None
    if verify:
        try:
            verify_job = job_out(ctx.jobs.get(verify))
        except NotFoundError:
            verify_job = None
    return render(
        request,
        "export.html",
        {"r": req, "manifest": manifest, "verify_job": verify_job},
    )


@router.post("/exports/{request_id}/approve", response_model=None)
def export_approve(
    request_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.EXPORTS_APPROVE)],
    note: Text = "",
) -> Response:
    """Approve a request (not your own): the gateway run starts as a job."""
    actions.approve_export(ctx, request_id, actor=principal.name, note=note or None)
    return RedirectResponse(f"/exports/{request_id}", status_code=303)


@router.post("/exports/{request_id}/deny", response_model=None)
def export_deny(
    request_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.EXPORTS_APPROVE)],
    reason: Text = "",
) -> Response:
    """Deny a request (not your own)."""
    actions.deny_export(ctx, request_id, actor=principal.name, reason=reason or None)
    return RedirectResponse(f"/exports/{request_id}", status_code=303)


@router.post("/exports/{request_id}/verify", response_model=None)
def export_verify(
    request_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.MANIFESTS_READ)]
) -> Response:
    """Verify a released export's manifest (a job; the page shows its result)."""
    job = actions.start_manifest_verify(ctx, request_id, actor=principal.name)
    return RedirectResponse(f"/exports/{request_id}?verify={job.id}", status_code=303)


# -- audit ---------------------------------------------------------------------------------


@router.get("/audit", response_class=HTMLResponse)
def audit_log_page(
    request: Request,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.AUDIT_READ)],
    before: Annotated[int | None, Query(ge=1)] = None,
    name: Q = None,
    actor: Q = None,
) -> HTMLResponse:
    """The audit chain, newest first, and its verification."""
    page = audit_page(ctx.store, before=before, limit=50, name=name or None, actor=actor or None)
    verify_jobs = [job_out(j) for j in ctx.jobs.list(kind="audit_verify", limit=1)]
    return render(
        request,
        "audit.html",
        {
            "page": page,
            "verify": verify_jobs[0] if verify_jobs else None,
            "name": name or "",
            "actor": actor or "",
        },
    )


@router.post("/audit/verify", response_model=None)
def audit_verify(ctx: Ctx, principal: Annotated[Principal, require(P.AUDIT_VERIFY)]) -> Response:
    """Verify the whole chain (a job; the audit page shows progress and the verdict)."""
    actions.start_audit_verify(ctx, actor=principal.name)
    return RedirectResponse("/audit", status_code=303)
