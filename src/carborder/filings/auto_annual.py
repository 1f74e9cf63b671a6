"""Auto fields of the annual automotive-data security report (whole workspace, one year)."""

from __future__ import annotations

from datetime import date

from carborder.filings.context import FilingContext
from carborder.filings.resolvers import (
    _entry,
    _resolver,
    _sum_facts,
    fmt_date,
    word,
)
from carborder.filings.schema import FieldDef
from carborder.filings.values import Filled, Table, Text

__all__: list[str] = []


# -- annual report -------------------------------------------------------------------------


@_resolver("annual.year")
def _annual_year(ctx: FilingContext, spec: FieldDef) -> Filled:
    return Filled(Text.same(str(ctx.year)), ("filing:year",))


@_resolver("annual.due")
def _annual_due(ctx: FilingContext, spec: FieldDef) -> Filled:
    month, _ = ctx.pack.param_at("parameters.deadlines.annual_report_month", ctx.as_of)
    day, _ = ctx.pack.param_at("parameters.deadlines.annual_report_day", ctx.as_of)
    due = date(ctx.year, int(month), int(day))
    return Filled(
        fmt_date(ctx, due),
        (
            "rulebook:parameters.deadlines.annual_report_month",
            "rulebook:parameters.deadlines.annual_report_day",
        ),
    )


@_resolver("annual.retention")
def _annual_retention(ctx: FilingContext, spec: FieldDef) -> Filled:
    years = ctx.workspace.config.retention_years
    minimum, _ = ctx.pack.param_at("parameters.retention.outbound_log_years", ctx.as_of)
    return Filled(
        word(ctx, "retention", years=years, min=minimum),
        (
            "workspace:carborder.yaml#retention_years",
            "rulebook:parameters.retention.outbound_log_years",
        ),
    )


@_resolver("annual.refusals")
def _annual_refusals(ctx: FilingContext, spec: FieldDef) -> Filled:
    rows = []
    for i, r in enumerate(ctx.history.refusals):
        if not str(r.get("created", "")).startswith(str(ctx.year)):
            continue
        reasons = ", ".join(map(str, r.get("reasons", []))) or "—"
        rows.append(
            (
                f"refusal{i}",
                {
                    "date": Text.same(str(r.get("created", ""))[:10]),
                    "flow": Text.same(str(r.get("flow_id", ""))),
                    "code": Text.same(str(r.get("code", ""))),
                    "reasons": Text.same(reasons),
                },
            )
        )
    return Filled(Table(rows), ("store:audit#export.refused",))


@_resolver("annual.outbound")
def _annual_outbound(ctx: FilingContext, spec: FieldDef) -> Filled:
    labels = ctx.catalogue.labels
    rows = []
    for flow in ctx.flows:
        d = ctx.decisions[flow.id]
        r = ctx.inventory.recipient(flow.recipient)
        p = ctx.pack.pathway(d.pathway.value).title
        persons = _sum_facts(ctx, [flow], "pi.individuals")
        rel = [
            x
            for x in ctx.history.releases
            if x.flow_id == flow.id and x.finished.startswith(str(ctx.year))
        ]
        rows.append(
            (
                flow.id,
                {
                    "flow": Text.same(flow.name or flow.id),
                    "recipient": Text(
                        f"{r.name or r.id}（{_entry(labels.countries, r.country).zh}）",
                        f"{r.name or r.id} ({_entry(labels.countries, r.country).en})",
                    ),
                    "pathway": Text(p.zh, p.en),
                    "status": _entry(labels.statuses, d.status.value),
                    "persons": Text.same(str(persons))
                    if persons is not None
                    else word(ctx, "unknown"),
                    "releases": Text.same(f"{len(rel)} / {sum(x.rows for x in rel)}"),
                },
            )
        )
    return Filled(Table(rows), ("inventory:flows", "decision:all", f"store:runs/{ctx.year}"))
