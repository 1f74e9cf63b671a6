"""Auto fields of the security-assessment, important-data, extension and annual documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from carborder.errors import FilingError
from carborder.filings.context import FilingContext
from carborder.filings.resolvers import (
    _as_list,
    _entry,
    _missing,
    _resolver,
    _sum_facts,
    fmt_date,
    word,
)
from carborder.filings.schema import FieldDef
from carborder.filings.values import Filled, Table, Text
from carborder.model.decision import ItemMatch

__all__: list[str] = []


# -- handler and gateway -------------------------------------------------------------------


@_resolver("handler.ciio")
def _ciio(ctx: FilingContext, spec: FieldDef) -> Filled:
    flag = ctx.inventory.handler.ciio
    return Filled(word(ctx, "yes" if flag else "no"), ("workspace:carborder.yaml#handler.ciio",))


@_resolver("gateway.signing_key")
def _signing_key(ctx: FilingContext, spec: FieldDef) -> Filled:
    from carborder.gateway.signing import load_public_key_b64, public_key_id

    public = load_public_key_b64(ctx.workspace.state_dir / "keys")
    if public is None:
        return _missing()
    import base64

    key_id = public_key_id(base64.b64decode(public))
    return Filled(Text.same(f"Ed25519 {key_id}"), ("workspace:keys/manifest-signing",))


# -- important data ------------------------------------------------------------------------


def _items(ctx: FilingContext) -> list[tuple[ItemMatch, list[str]]]:
    """Catalogue matches of the filing's flows, once per (item, asset), with the flows."""
    seen: dict[tuple[str, str], tuple[ItemMatch, list[str]]] = {}
    for flow in ctx.flows:
        for m in ctx.decisions[flow.id].important_data:
            entry = seen.setdefault((m.item, m.asset), (m, []))
            if flow.id not in entry[1]:
                entry[1].append(flow.id)
    return list(seen.values())


def _category(ctx: FilingContext, item_id: str) -> Text:
    folder = item_id.rsplit(".", 1)[0]
    title = ctx.pack.folders.get(folder)
    if title is not None:
        return Text(title.zh, title.en)
    return _entry(ctx.catalogue.labels.domains, folder.rsplit(".", 1)[-1])


def _scale(ctx: FilingContext, asset_id: str) -> Text:
    facts = ctx.merged[asset_id][0]
    parts = []
    for fact in ("pi.individuals", "pi.sensitive_individuals", "vehicle.count"):
        value = facts.get(fact)
        if isinstance(value, int) and not isinstance(value, bool):
            spec = ctx.pack.facts.get(fact)
            name = Text(spec.zh, spec.en) if spec else Text.same(fact)
            parts.append(Text(f"{name.zh}：{value}", f"{name.en}: {value}"))
    if not parts:
        return word(ctx, "not_recorded")
    return Text("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))


@_resolver("important.items")
def _important_items(ctx: FilingContext, spec: FieldDef) -> Filled:
    rows: list[tuple[str, dict[str, Text]]] = []
    sources: list[str] = []
    for i, (m, flows) in enumerate(_items(ctx), start=1):
        asset = ctx.inventory.asset(m.asset)
        purposes = []
        for fid in flows:
            scen = ctx.pack.meta.scenarios.get(ctx.inventory.flow(fid).scenario)
            purposes.append(Text(scen.zh, scen.en) if scen else Text.same(fid))
        result = _entry(ctx.catalogue.labels.statuses, m.result)
        proxy = Text("（代理条件）", " (proxy criteria)") if m.proxy else Text("", "")
        rows.append(
            (
                f"{m.item}@{m.asset}",
                {
                    "seq": Text.same(str(i)),
                    "item": Text(m.title_zh, m.title_en),
                    "category": _category(ctx, m.item),
                    "asset": Text.same(asset.name or asset.id),
                    "scale": _scale(ctx, m.asset),
                    "purpose": Text(
                        "、".join(dict.fromkeys(p.zh for p in purposes)),
                        ", ".join(dict.fromkeys(p.en for p in purposes)),
                    ),
                    "result": Text(
                        f"{result.zh}{proxy.zh}（{m.confidence}）",
                        f"{result.en}{proxy.en} ({m.confidence})",
                    ),
                },
            )
        )
        sources.append(f"decision:{ctx.decisions[flows[0]].decision_id}#{m.item}@{m.asset}")
    return Filled(Table(rows), tuple(sources) or ("decision:important_data",))


_VALUE_LABELS = {
    "pi.kinds": "pi_kinds",
    "pi.sensitive_kinds": "sensitive_kinds",
    "content.kinds": "content_kinds",
    "domain": "domains",
}


def _fact(ctx: FilingContext, name: str, value: Any) -> Text:
    """``fact name：value`` with the vocabulary's names (是/否 for flags)."""
    spec = ctx.pack.facts.get(name)
    label = Text(spec.zh, spec.en) if spec is not None else Text.same(name)
    group = getattr(ctx.catalogue.labels, _VALUE_LABELS.get(name, ""), None)
    if isinstance(value, bool):
        shown = word(ctx, "yes" if value else "no")
    elif isinstance(value, list):
        items = [_entry(group, str(v)) if group else Text.same(str(v)) for v in value]
        shown = Text("、".join(i.zh for i in items) or "—", ", ".join(i.en for i in items) or "—")
    elif group is not None:
        shown = _entry(group, str(value))
    else:
        shown = Text.same(str(value))
    return Text(f"{label.zh}：{shown.zh}", f"{label.en}: {shown.en}")


@_resolver("important.evidence")
def _important_evidence(ctx: FilingContext, spec: FieldDef) -> Filled:
    rows: list[tuple[str, dict[str, Text]]] = []
    for m, flows in _items(ctx):
        d = ctx.decisions[flows[0]]
        step = next((s for s in d.trace if s.rule == m.item and s.asset == m.asset), None)
        inputs: dict[str, Any] = dict(step.inputs) if step else {}
        detected = ctx.detected.get(m.asset, {})
        shown = [_fact(ctx, k, v) for k, v in inputs.items()]
        facts = Text("；".join(t.zh for t in shown) or "—", "; ".join(t.en for t in shown) or "—")
        origin = [word(ctx, "scanned" if k in detected else "declared") for k in inputs]
        rows.append(
            (
                f"{m.item}@{m.asset}",
                {
                    "item": Text(m.title_zh, m.title_en),
                    "asset": Text.same(m.asset),
                    "facts": facts,
                    "origin": Text(
                        "、".join(dict.fromkeys(o.zh for o in origin)) or "—",
                        ", ".join(dict.fromkeys(o.en for o in origin)) or "—",
                    ),
                    "confidence": Text.same(step.confidence if step else m.confidence),
                },
            )
        )
    return Filled(
        Table(rows), tuple(f"decision:{ctx.decisions[f.id].decision_id}#trace" for f in ctx.flows)
    )


# -- extension -----------------------------------------------------------------------------


def _int_answer(ctx: FilingContext, fid: str) -> int | None:
    text = ctx.answers.texts.get(fid) if ctx.answers is not None else None
    if text is None or not text.zh:
        return None
    try:
        return int(text.zh.replace(",", "").replace("，", ""))
    except ValueError:
        raise FilingError(
            f"{fid}: '{text.zh}' is not a whole number",
            hint="write the count in digits, e.g. 120000",
        ) from None


@_resolver("extension.approval")
def _ext_approval(ctx: FilingContext, spec: FieldDef) -> Filled:
    d = ctx.decision
    held = [a for a in ctx.inventory.approvals if a.id in d.approval.approvals]
    if not held:
        return _missing()
    rows = []
    for a in held:
        rows.append(
            (
                a.id,
                {
                    "ref": Text.same(a.id),
                    "issued": fmt_date(ctx, a.issued),
                    "valid_until": fmt_date(ctx, a.valid_until)
                    if a.valid_until
                    else word(ctx, "not_recorded"),
                    "window": fmt_date(ctx, d.approval.extension_window_opens)
                    if d.approval.extension_window_opens
                    else word(ctx, "not_recorded"),
                    "status": _entry(ctx.catalogue.labels.statuses, d.approval.status),
                },
            )
        )
    return Filled(
        Table(rows), (*tuple(f"approval:{a.id}" for a in held), f"decision:{d.decision_id}")
    )


def _snapshot(ctx: FilingContext) -> tuple[dict[str, Any], str] | None:
    """The stored decision input closest before the approval was issued (else the earliest)."""
    d = ctx.decision
    held = [a for a in ctx.inventory.approvals if a.id in d.approval.approvals]
    issued = min((a.issued for a in held), default=None)
    recorded = [e for e in ctx.history.decisions if e.get("flow_id") == d.flow]
    if not recorded:
        return None
    before = [
        e for e in recorded if issued is not None and str(e.get("as_of", "")) <= issued.isoformat()
    ]
    chosen = before[-1] if before else recorded[0]
    stored = ctx.history.stored_decision(ctx.workspace, str(chosen["decision_id"]))
    if stored is None:
        return None
    return stored, str(chosen["decision_id"])


def _kinds(assets: dict[str, Any], fact: str) -> list[str]:
    out: set[str] = set()
    for facts in assets.values():
        out.update(_as_list(facts.get(fact)) if isinstance(facts, dict) else [])
    return sorted(out)


@_resolver("extension.scope")
def _ext_scope(ctx: FilingContext, spec: FieldDef) -> Filled:
    flow = ctx.flow
    if flow is None:
        return _missing()
    snap = _snapshot(ctx)
    if snap is None:
        return _missing()
    stored, decision_id = snap
    then_in = stored["input"]
    then_flow = then_in.get("flow", {})
    then_rec = then_in.get("recipient", {})
    now_assets = {a.id: dict(ctx.merged[a.id][0]) for a in ctx.assets_of([flow])}
    then_assets = then_in.get("assets", {})
    recipient = ctx.recipient
    then_items = sorted(
        {
            m["item"]
            for m in stored["result"].get("important_data", [])
            if m.get("result") == "matched"
        }
    )
    now_items = sorted({m.item for m in ctx.decision.important_data if m.result == "matched"})
    checks = [
        ("purpose", str(then_flow.get("scenario")), flow.scenario),
        ("activity", str(then_flow.get("activity")), flow.activity.value),
        (
            "recipient",
            f"{then_rec.get('id')} ({then_rec.get('country')})",
            f"{recipient.id} ({recipient.country})",
        ),
        ("assets", ", ".join(sorted(then_assets)), ", ".join(sorted(now_assets))),
        (
            "pi_kinds",
            ", ".join(_kinds(then_assets, "pi.kinds")),
            ", ".join(_kinds(now_assets, "pi.kinds")),
        ),
        (
            "spi_kinds",
            ", ".join(_kinds(then_assets, "pi.sensitive_kinds")),
            ", ".join(_kinds(now_assets, "pi.sensitive_kinds")),
        ),
        (
            "content_kinds",
            ", ".join(_kinds(then_assets, "content.kinds")),
            ", ".join(_kinds(now_assets, "content.kinds")),
        ),
        ("important_items", ", ".join(then_items), ", ".join(now_items)),
    ]
    rows = []
    for key, then, now in checks:
        rows.append(
            (
                key,
                {
                    "item": word(ctx, f"scope_{key}"),
                    "then": Text.same(then or "—"),
                    "now": Text.same(now or "—"),
                    "result": word(ctx, "unchanged" if then == now else "changed"),
                },
            )
        )
    return Filled(
        Table(rows),
        (
            f"decision:{decision_id}",
            f"decision:{ctx.decision.decision_id}",
            f"inventory:flow/{flow.id}",
        ),
    )


def _yearly(ctx: FilingContext, first: int) -> tuple[dict[int, int], dict[int, int]]:
    """Persons (gateway counters) and released bytes of the flow per year since ``first``."""
    persons = {y: c.get("pi.individuals", 0) for y, c in ctx.history.counters.items() if y >= first}
    volume: dict[int, int] = {}
    flow_id = ctx.flow.id if ctx.flow else ""
    for r in ctx.history.releases:
        year = int(r.finished[:4])
        if r.flow_id == flow_id and year >= first:
            volume[year] = volume.get(year, 0) + r.bytes
    return persons, volume


def _growth_row(
    ctx: FilingContext, metric: str, baseline: int | None, forecast: int | None, limit: float
) -> dict[str, Text]:
    if not baseline or forecast is None:
        growth, result = Text.same("—"), word(ctx, "undetermined")
    else:
        ratio = forecast / baseline - 1
        growth = Text.same(f"{ratio:.1%}")
        result = word(ctx, "pass" if ratio <= limit else "fail")
    return {
        "metric": word(ctx, f"growth_{metric}"),
        "baseline": Text.same(str(baseline)) if baseline is not None else word(ctx, "not_recorded"),
        "forecast": Text.same(str(forecast)) if forecast is not None else word(ctx, "not_recorded"),
        "growth": growth,
        "limit": Text.same(f"{limit:.0%}"),
        "result": result,
    }


@_resolver("extension.growth")
def _ext_growth(ctx: FilingContext, spec: FieldDef) -> Filled:
    d = ctx.decision
    template = ctx.template
    if template is None or "growth_limit" not in template.parameters:
        raise FilingError("the extension template has no growth_limit parameter", hint="add it")
    limit = float(template.parameters["growth_limit"].value)
    years_value, _ = ctx.pack.param_at("parameters.approval.extension_years", ctx.as_of)
    years = int(years_value)
    held = [a for a in ctx.inventory.approvals if a.id in d.approval.approvals]
    first = min((a.issued.year for a in held), default=ctx.as_of.year - years + 1)
    persons, volume = _yearly(ctx, first)
    p_base = _int_answer(ctx, "ext.approved_individuals")
    p_base = p_base if p_base is not None else (sum(persons.values()) if persons else None)
    p_fore = _int_answer(ctx, "ext.forecast_individuals")
    p_fore = p_fore if p_fore is not None else (max(persons.values()) * years if persons else None)
    rows = [("individuals", _growth_row(ctx, "individuals", p_base, p_fore, limit))]
    if d.important_data:
        v_base = _int_answer(ctx, "ext.approved_bytes")
        v_base = v_base if v_base is not None else (sum(volume.values()) if volume else None)
        v_fore = _int_answer(ctx, "ext.forecast_bytes")
        v_fore = (
            v_fore if v_fore is not None else (max(volume.values()) * years if volume else None)
        )
        rows.append(("important_bytes", _growth_row(ctx, "important_bytes", v_base, v_fore, limit)))
    sources = [f"counter:{y}/pi.individuals" for y in sorted(persons)]
    sources += [f"store:runs/{d.flow}#bytes", "template:sa_extension#growth_limit"]
    return Filled(Table(rows), tuple(sources))


@_resolver("extension.incidents")
def _ext_incidents(ctx: FilingContext, spec: FieldDef) -> Filled:
    flow_id = ctx.flow.id if ctx.flow else ""
    refusals = [r for r in ctx.history.refusals if r.get("flow_id") == flow_id]
    codes = sorted({str(r.get("code")) for r in refusals})
    chain = (
        word(ctx, "no_store")
        if ctx.history.chain_ok is None
        else word(ctx, "chain_ok" if ctx.history.chain_ok else "chain_broken")
    )
    value = word(
        ctx, "incidents", refusals=len(refusals), codes=", ".join(codes) or "—", chain=chain
    )
    return Filled(value, ("store:audit#export.refused", "store:audit#verify"))


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
