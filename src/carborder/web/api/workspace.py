"""Flows with decisions and cited traces, assets with facts, the data map, counters, deadlines."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from carborder.i18n import messages
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.i18n import lang_of
from carborder.web.permissions import Permission
from carborder.web.schemas import (
    AssetOut,
    CounterOut,
    DashboardOut,
    DataMapOut,
    DeadlineOut,
    FlowDetailOut,
    FlowOut,
)
from carborder.web.views.dashboard import counters, dashboard, deadlines
from carborder.web.views.datamap import datamap
from carborder.web.views.deadline_files import deadlines_csv, deadlines_ical
from carborder.web.views.flows import find_asset, flow_detail, list_assets, list_flows
from carborder.web.views.plans import whatif

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, tags=["workspace"])
P = Permission

StatusQ = Literal["allowed", "needs_approval", "blocked", "needs_review"]
PathwayQ = Literal["exempt", "standard_contract_or_certification", "security_assessment"]


@router.get("/dashboard", response_model=DashboardOut, summary="Dashboard figures")
def get_dashboard(ctx: Ctx, _p: Annotated[Principal, require(P.DASHBOARD_READ)]) -> DashboardOut:
    """People this year against thresholds, flows by status and pathway, deadlines."""
    return dashboard(ctx.state, ctx.exports)


@router.get("/flows", response_model=list[FlowOut], summary="Flows with their decisions")
def get_flows(
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    status: StatusQ | None = None,
    pathway: PathwayQ | None = None,
    country: Annotated[str | None, Query(max_length=8)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Search id, name, recipient.")
    ] = None,
) -> list[FlowOut]:
    """Every flow with pathway, status and the rules that determined them."""
    return list_flows(ctx.state, status=status, pathway=pathway, country=country, q=q)


@router.get("/flows/{flow_id}", response_model=FlowDetailOut, summary="One flow in full")
def get_flow(
    flow_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.FLOWS_READ)]
) -> FlowDetailOut:
    """Decision with its trace (instrument and article per rule), facts and where they came from."""
    return flow_detail(ctx.state, flow_id, samples=principal.can(P.EVIDENCE_SAMPLES))


@router.get("/flows/{flow_id}/plan", summary="What-if: the smallest plan that lightens the flow")
def get_plan(
    flow_id: str,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    max_steps: Annotated[int, Query(ge=1, le=4)] = 3,
) -> dict[str, Any]:
    """Extra de-identification steps (from the operators' declared effects) and where they lead."""
    result = whatif(ctx.state, flow_id, max_steps=max_steps)
    return result.to_json()


@router.get("/assets", response_model=list[AssetOut], summary="Assets with scan facts")
def get_assets(ctx: Ctx, principal: Annotated[Principal, require(P.ASSETS_READ)]) -> list[AssetOut]:
    """Every asset: declared and detected facts, conflicts, evidence (samples masked)."""
    return list_assets(ctx.state, samples=principal.can(P.EVIDENCE_SAMPLES))


@router.get("/assets/{asset_id}", response_model=AssetOut, summary="One asset")
def get_asset(
    asset_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.ASSETS_READ)]
) -> AssetOut:
    """An asset's facts with their provenance and masked evidence."""
    return find_asset(ctx.state, asset_id, samples=principal.can(P.EVIDENCE_SAMPLES))


@router.get("/datamap", response_model=DataMapOut, summary="Data map")
def get_datamap(
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    country: Annotated[str | None, Query(max_length=8)] = None,
    status: StatusQ | None = None,
) -> DataMapOut:
    """Assets → flows → recipients → countries."""
    return datamap(ctx.state, country=country, status=status)


@router.get("/counters", response_model=list[CounterOut], summary="Year-to-date counters")
def get_counters(ctx: Ctx, _p: Annotated[Principal, require(P.FLOWS_READ)]) -> list[CounterOut]:
    """People whose data left this year against each head-count threshold in force."""
    return counters(ctx.state)


@router.get("/deadlines", response_model=list[DeadlineOut], summary="Deadlines")
def get_deadlines(
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    within_days: Annotated[int | None, Query(ge=0, le=3660)] = None,
) -> list[DeadlineOut]:
    """Dated obligations of every flow, soonest first."""
    return deadlines(ctx.state.decisions(), ctx.state.today(), within_days=within_days)


LangQ = Annotated[Literal["en", "zh"] | None, Query(description="Language (default: the page's).")]


def _download(body: str, media: str, name: str) -> Response:
    return Response(
        content=body.encode("utf-8"),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/deadlines.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV, UTF-8 with BOM"}},
    summary="Deadlines as CSV",
)
def get_deadlines_csv(
    request: Request,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    lang: LangQ = None,
) -> Response:
    """The dashboard's dated obligations, one line each, in zh or en (for spreadsheets)."""
    m = messages(lang or lang_of(request))
    rows = deadlines(ctx.state.decisions(), ctx.state.today())
    return _download(deadlines_csv(rows, m), "text/csv; charset=utf-8", "deadlines.csv")


@router.get(
    "/deadlines.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "iCalendar (RFC 5545)"}},
    summary="Deadlines as an iCalendar file",
)
def get_deadlines_ical(
    request: Request,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    lang: LangQ = None,
) -> Response:
    """The dashboard's dated obligations as all-day events on their due dates, in zh or en."""
    m = messages(lang or lang_of(request))
    rows = deadlines(ctx.state.decisions(), ctx.state.today())
    body = deadlines_ical(
        rows, m, stamp=ctx.store.clock(), calendar_name=m("web-deadlines-calendar-name")
    )
    return _download(body, "text/calendar; charset=utf-8", "deadlines.ics")
