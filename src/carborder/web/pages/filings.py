"""Filing pages: drafts per flow, auto fields with their source vs human fields, completeness."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from carborder.errors import InputError, Msg
from carborder.web import actions
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.context import AppContext
from carborder.web.i18n import lang_of
from carborder.web.pages.render import render
from carborder.web.permissions import Permission
from carborder.web.views.filings import filing_detail, filing_out

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, include_in_schema=False)
P = Permission


def _list_page(
    request: Request, ctx: AppContext, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    from carborder.filings import list_templates

    return render(
        request,
        "filings.html",
        {
            "filings": [filing_out(f) for f in ctx.filings.all()],
            "templates": list_templates(),
            "flows": [f.id for f in ctx.state.snapshot().inventory.flows],
            "year": ctx.store.now()[:4],
            "error": error,
        },
        status=status,
    )


@router.get("/filings", response_class=HTMLResponse)
def filings_page(
    request: Request, ctx: Ctx, _p: Annotated[Principal, require(P.FILINGS_READ)]
) -> HTMLResponse:
    """Filings and the templates carborder fills."""
    return _list_page(request, ctx)


@router.post("/filings", response_model=None)
def filings_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.FILINGS_DRAFT)],
    flow: Annotated[str, Form(max_length=128)],
) -> Response:
    """Draft a filing for a flow."""
    try:
        filing = actions.draft_filing(ctx, flow=flow, actor=principal.name)
    except InputError as exc:
        return _list_page(request, ctx, error=exc.render(lang_of(request)), status=422)
    return RedirectResponse(f"/filings/{filing.id}", status_code=303)


def _detail_page(
    request: Request,
    ctx: AppContext,
    filing_id: str,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    detail = filing_detail(ctx.workspace.root, ctx.filings, ctx.jobs, filing_id)
    return render(request, "filing.html", {"f": detail, "error": error}, status=status)


@router.post("/filings/annual", response_model=None)
def filings_annual_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.FILINGS_DRAFT)],
    year: Annotated[int, Form(ge=2000, le=9999)],
    force: Annotated[bool, Form()] = False,
) -> Response:
    """Draft the workspace's annual report for a year."""
    try:
        filing = actions.draft_annual_report(ctx, year=year, force=force, actor=principal.name)
    except InputError as exc:
        return _list_page(request, ctx, error=exc.render(), status=422)
    return RedirectResponse(f"/filings/{filing.id}", status_code=303)


@router.get("/filings/{filing_id}", response_class=HTMLResponse)
def filing_page(
    request: Request, filing_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.FILINGS_READ)]
) -> HTMLResponse:
    """A filing: auto fields with their source, human fields, completeness, build, sign."""
    return _detail_page(request, ctx, filing_id)


@router.post("/filings/{filing_id}/fields", response_model=None)
async def filing_answer(
    request: Request,
    filing_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.FILINGS_EDIT)],
    field_id: Annotated[str, Form(max_length=200)],
    value: Annotated[str, Form(max_length=20000)] = "",
) -> Response:
    """Answer one human field (a table field takes JSON)."""
    answer: Any = value.strip() or None
    try:
        if answer is not None and answer.startswith("{"):
            try:
                answer = json.loads(answer)
            except ValueError:
                raise InputError(
                    Msg("web-not-json"), key=field_id, hint=Msg("web-hint-table-json")
                ) from None
        actions.answer_filing(ctx, filing_id, field_id, answer, actor=principal.name)
    except InputError as exc:
        return _detail_page(request, ctx, filing_id, error=exc.render(lang_of(request)), status=422)
    return RedirectResponse(f"/filings/{filing_id}#field-{field_id}", status_code=303)


@router.post("/filings/{filing_id}/build", response_model=None)
def filing_build(
    request: Request,
    filing_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.FILINGS_DRAFT)],
) -> Response:
    """Build the documents (a job; the page shows progress)."""
    actions.build_filing(ctx, filing_id, actor=principal.name, sign=False)
    return RedirectResponse(f"/filings/{filing_id}", status_code=303)


@router.post("/filings/{filing_id}/sign", response_model=None)
def filing_sign(
    request: Request,
    filing_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.FILINGS_SIGN)],
) -> Response:
    """Sign a complete filing drafted by someone else."""
    try:
        actions.build_filing(ctx, filing_id, actor=principal.name, sign=True)
    except InputError as exc:
        status = int(getattr(exc, "status", 422))
        return _detail_page(
            request, ctx, filing_id, error=exc.render(lang_of(request)), status=status
        )
    return RedirectResponse(f"/filings/{filing_id}", status_code=303)
