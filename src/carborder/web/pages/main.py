"""Read pages: dashboard, data map, flows, a flow, an asset, the rulebook."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from carborder.model.decision import Status
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.pages.render import render
from carborder.web.permissions import Permission
from carborder.web.views.charts import BAR_WIDTH, counter_bars, map_layout, status_bars
from carborder.web.views.dashboard import dashboard
from carborder.web.views.datamap import datamap
from carborder.web.views.flows import find_asset, flow_detail, list_flows
from carborder.web.views.plans import whatif
from carborder.web.views.rulebook import rule, rulebook

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, include_in_schema=False)
P = Permission

#: Statuses in the order people read them (best first).
STATUS_ORDER = tuple(s.value for s in Status)
#: The data map is drawn up to this many flows; beyond, filter first (the table still lists all).
MAP_MAX_FLOWS = 150

Q = Annotated[str | None, Query(max_length=200)]


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request, ctx: Ctx, _p: Annotated[Principal, require(P.DASHBOARD_READ)]
) -> HTMLResponse:
    """Dashboard: people this year against thresholds, flows by status, deadlines."""
    data = dashboard(ctx.state, ctx.exports)
    return render(
        request,
        "dashboard.html",
        {
            "d": data,
            "counter_bars": counter_bars(data.counters),
            "status_bars": status_bars(data.by_status, STATUS_ORDER),
            "bar_width": BAR_WIDTH,
        },
    )


@router.get("/datamap", response_class=HTMLResponse)
def datamap_page(
    request: Request,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    country: Q = None,
    status: Q = None,
) -> HTMLResponse:
    """Data map: assets → flows → recipients by country, with filters."""
    graph = datamap(ctx.state, country=country or None, status=status or None)
    flows = sum(1 for n in graph.nodes if n.kind == "flow")
    labels = {n.id: n.label for n in graph.nodes}
    rows = []
    for node in (n for n in graph.nodes if n.kind == "flow"):
        recipient = next(e.target for e in graph.edges if e.source == node.id)
        rows.append(
            {
                "flow": node.id.split(":", 1)[1],
                "status": node.status,
                "assets": [
                    (e.source.split(":", 1)[1], labels[e.source])
                    for e in graph.edges
                    if e.target == node.id
                ],
                "recipient": labels[recipient],
                "country": next(labels[e.target] for e in graph.edges if e.source == recipient),
            }
        )
    countries = sorted({r.country for r in ctx.state.snapshot().inventory.recipients})
    return render(
        request,
        "datamap.html",
        {
            "graph": graph,
            "layout": map_layout(graph) if flows <= MAP_MAX_FLOWS else None,
            "flow_count": flows,
            "rows": rows,
            "max_flows": MAP_MAX_FLOWS,
            "countries": countries,
            "statuses": STATUS_ORDER,
            "country": country or "",
            "status": status or "",
        },
    )


@router.get("/flows", response_class=HTMLResponse)
def flows_page(
    request: Request,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.FLOWS_READ)],
    status: Q = None,
    q: Q = None,
) -> HTMLResponse:
    """All flows with their decisions."""
    rows = list_flows(ctx.state, status=status or None, q=q or None)
    return render(
        request,
        "flows.html",
        {"flows": rows, "statuses": STATUS_ORDER, "status": status or "", "q": q or ""},
    )


@router.get("/flows/{flow_id}", response_class=HTMLResponse)
def flow_page(
    request: Request, flow_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.FLOWS_READ)]
) -> HTMLResponse:
    """One flow: decision, trace with instrument and article, facts and their sources, plan."""
    detail = flow_detail(ctx.state, flow_id, samples=principal.can(P.EVIDENCE_SAMPLES))
    pack = ctx.state.pack
    reason_titles = {
        rid: (pack.rules[rid].title.zh, pack.rules[rid].title.en)
        for rid in detail.decision.reasons
        if rid in pack.rules
    }
    return render(
        request,
        "flow.html",
        {
            "f": detail.flow,
            "d": detail.decision,
            "detail": detail,
            "reason_titles": reason_titles,
        },
    )


@router.get("/flows/{flow_id}/plan", response_class=HTMLResponse)
def plan_fragment(
    request: Request, flow_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.FLOWS_READ)]
) -> HTMLResponse:
    """What-if plans of a flow (an htmx fragment of the flow page)."""
    result = whatif(ctx.state, flow_id)
    return render(request, "_plan.html", {"w": result})


@router.get("/assets/{asset_id}", response_class=HTMLResponse)
def asset_page(
    request: Request,
    asset_id: str,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.ASSETS_READ)],
) -> HTMLResponse:
    """One asset: facts with their sources and masked evidence."""
    asset = find_asset(ctx.state, asset_id, samples=principal.can(P.EVIDENCE_SAMPLES))
    return render(request, "asset.html", {"a": asset})


@router.get("/rulebook", response_class=HTMLResponse)
def rulebook_page(
    request: Request,
    ctx: Ctx,
    _p: Annotated[Principal, require(P.RULEBOOK_READ)],
    kind: Q = None,
    q: Q = None,
) -> HTMLResponse:
    """The rulebook: rules and parameters with citations and confidence."""
    book = rulebook(ctx.state.pack, kind=kind or None, q=q or None)
    kinds = ("important_data", "exemption", "pathway", "gate", "obligation", "review", "parameter")
    return render(
        request, "rulebook.html", {"book": book, "kinds": kinds, "kind": kind or "", "q": q or ""}
    )


@router.get("/rulebook/{rule_id}", response_class=HTMLResponse)
def rule_page(
    request: Request, rule_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.RULEBOOK_READ)]
) -> HTMLResponse:
    """One rule as written, with its citations."""
    return render(request, "rule.html", {"r": rule(ctx.state.pack, rule_id)})
