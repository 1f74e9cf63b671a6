"""Auto fields: each resolver reads carborder's records and returns a value with its sources.

Resolvers hold no legal wording: sentence patterns and names come from ``labels.yaml``; they
only pick the records and count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from carborder.filings.context import FilingContext
from carborder.filings.schema import FieldDef, LabelEntry
from carborder.filings.values import Filled, Table, Text
from carborder.model.decision import Decision
from carborder.model.flow import Flow

__all__ = ["RESOLVERS", "Resolver", "fmt_date", "word"]

Resolver = Callable[[FilingContext, FieldDef], Filled]

#: Resolvers by the ``source`` name fields.yaml uses.
RESOLVERS: dict[str, Resolver] = {}


def _resolver(name: str) -> Callable[[Resolver], Resolver]:
    def register(func: Resolver) -> Resolver:
        RESOLVERS[name] = func
        return func

    return register


# -- helpers -------------------------------------------------------------------------------


def _entry(group: dict[str, LabelEntry], key: str) -> Text:
    e = group.get(key)
    return Text(e.zh, e.en) if e is not None else Text.same(key)


def word(ctx: FilingContext, key: str, **values: Any) -> Text:
    """A word or sentence pattern of labels.yaml with its ``{placeholders}`` filled per language.

    Values may be :class:`Text` (per language) or plain values (same in both).
    """
    e = ctx.catalogue.labels.words[key]

    def fill(pattern: str, lang: str) -> str:
        return pattern.format(
            **{k: (v.get(lang) if isinstance(v, Text) else v) for k, v in values.items()}
        )

    return Text(fill(e.zh, "zh"), fill(e.en, "en"))


def _join(ctx: FilingContext, items: Iterable[Text]) -> Text:
    items = list(items)
    if not items:
        return word(ctx, "none")
    sep = ctx.catalogue.labels.words["list_sep"]
    return Text(sep.zh.join(i.zh for i in items), sep.en.join(i.en for i in items))


def fmt_date(ctx: FilingContext, day: date) -> Text:
    """A date as filings print it (年月日 in Chinese, ISO in English)."""
    return word(ctx, "date", y=day.year, m=day.month, d=day.day, iso=day.isoformat())


def _yes_no(ctx: FilingContext, flag: bool | None) -> Text:
    if flag is None:
        return word(ctx, "unknown")
    return word(ctx, "yes" if flag else "no")


def _num(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else "?"


def _facts(ctx: FilingContext, flows: list[Flow]) -> list[tuple[str, dict[str, Any]]]:
    return [(a.id, dict(ctx.merged[a.id][0])) for a in ctx.assets_of(flows)]


def _asset_src(asset_id: str, ctx: FilingContext) -> list[str]:
    src = [f"inventory:asset/{asset_id}"]
    if asset_id in ctx.detected:
        src.append(f"scan:asset/{asset_id}")
    return src


def _sum_facts(ctx: FilingContext, flows: list[Flow], name: str) -> int | None:
    total = 0
    for _, facts in _facts(ctx, flows):
        v = facts.get(name)
        if v is None:
            return None
        if isinstance(v, int) and not isinstance(v, bool):
            total += v
    return total


def _missing(field_id: str = "") -> Filled:
    return Filled(None, missing=(field_id,) if field_id else ("",))


# -- handler and recipient -----------------------------------------------------------------


@_resolver("handler.name")
def _handler_name(ctx: FilingContext, spec: FieldDef) -> Filled:
    name = ctx.inventory.handler.name
    if not name:
        return _missing()
    return Filled(Text.same(name), ("workspace:carborder.yaml#handler.name",))


@_resolver("handler.profile")
def _handler_profile(ctx: FilingContext, spec: FieldDef) -> Filled:
    h = ctx.inventory.handler
    labels = ctx.catalogue.labels
    value = word(
        ctx,
        "handler_profile",
        name=h.name or h.id,
        type=_entry(labels.handler_types, h.type.value),
        province=h.province or word(ctx, "not_recorded"),
        ciio=_yes_no(ctx, h.ciio),
    )
    return Filled(value, ("workspace:carborder.yaml#handler",))


@_resolver("recipient.name")
def _recipient_name(ctx: FilingContext, spec: FieldDef) -> Filled:
    r = ctx.recipient
    if not r.name:
        return _missing()
    return Filled(Text.same(r.name), (f"inventory:recipient/{r.id}",))


@_resolver("recipient.profile")
def _recipient_profile(ctx: FilingContext, spec: FieldDef) -> Filled:
    labels = ctx.catalogue.labels
    rows = []
    for flow in ctx.flows:
        r = ctx.inventory.recipient(flow.recipient)
        rows.append(
            word(
                ctx,
                "recipient_profile",
                name=r.name or r.id,
                country=_entry(labels.countries, r.country),
                relation=_entry(labels.relations, r.relation or "other"),
                safeguards=_join(ctx, [Text.same(s) for s in r.safeguards]),
            )
        )
    sources = tuple(dict.fromkeys(f"inventory:recipient/{f.recipient}" for f in ctx.flows))
    return Filled(_lines(rows), sources)


def _lines(items: list[Text]) -> Text:
    return Text(
        "\n".join(dict.fromkeys(i.zh for i in items)), "\n".join(dict.fromkeys(i.en for i in items))
    )


def _ops(ctx: FilingContext, flow: Flow) -> Text:
    return _join(ctx, [_entry(ctx.catalogue.labels.operators, s.op) for s in flow.deid])


@_resolver("recipient.use")
def _recipient_use(ctx: FilingContext, spec: FieldDef) -> Filled:
    flow = ctx.flow
    if flow is None:
        return _missing()
    value = word(ctx, "recipient_use", purpose=_purpose(ctx, flow), method=_method(ctx, flow))
    return Filled(value, (f"inventory:flow/{flow.id}",))


# -- the flow ------------------------------------------------------------------------------


def _purpose(ctx: FilingContext, flow: Flow) -> Text:
    scen = ctx.pack.meta.scenarios.get(flow.scenario)
    scenario = Text(scen.zh, scen.en) if scen is not None else Text.same(flow.scenario)
    return word(ctx, "purpose", scenario=scenario, flow=flow.name or flow.id)


def _method(ctx: FilingContext, flow: Flow) -> Text:
    activity = _entry(ctx.catalogue.labels.activities, flow.activity.value)
    return word(ctx, "method", activity=activity, ops=_ops(ctx, flow))


@_resolver("flow.purpose")
def _flow_purpose(ctx: FilingContext, spec: FieldDef) -> Filled:
    flows = ctx.flows
    return Filled(
        _lines([_purpose(ctx, f) for f in flows]), tuple(f"inventory:flow/{f.id}" for f in flows)
    )


@_resolver("flow.method")
def _flow_method(ctx: FilingContext, spec: FieldDef) -> Filled:
    flows = ctx.flows
    return Filled(
        _lines([_method(ctx, f) for f in flows]), tuple(f"inventory:flow/{f.id}" for f in flows)
    )


@_resolver("flow.business")
def _flow_business(ctx: FilingContext, spec: FieldDef) -> Filled:
    out = []
    for flow in ctx.flows:
        scen = ctx.pack.meta.scenarios.get(flow.scenario)
        assets = [Text.same(a.name or a.id) for a in ctx.assets_of([flow])]
        out.append(
            word(
                ctx,
                "business",
                scenario=Text(scen.zh, scen.en) if scen else Text.same(flow.scenario),
                activity=_entry(ctx.catalogue.labels.activities, flow.activity.value),
                assets=_join(ctx, assets),
            )
        )
    return Filled(_lines(out), tuple(f"inventory:flow/{f.id}" for f in ctx.flows))


@_resolver("transfer.method")
def _transfer_method(ctx: FilingContext, spec: FieldDef) -> Filled:
    flows = ctx.flows
    acts = [_entry(ctx.catalogue.labels.activities, f.activity.value) for f in flows]
    g = word(ctx, "gateway_method")
    value = _lines([Text(f"{a.zh}；{g.zh}", f"{a.en}; {g.en[:1].lower()}{g.en[1:]}") for a in acts])
    return Filled(value, tuple(f"inventory:flow/{f.id}#activity" for f in flows))


@_resolver("transfer.measures")
def _transfer_measures(ctx: FilingContext, spec: FieldDef) -> Filled:
    ops = _join(
        ctx,
        list(
            {
                s.op: _entry(ctx.catalogue.labels.operators, s.op)
                for f in ctx.flows
                for s in f.deid
            }.values()
        ),
    )
    value = word(ctx, "measures", ops=ops, gateway=word(ctx, "gateway_method"))
    return Filled(value, tuple(f"inventory:flow/{f.id}#deid" for f in ctx.flows))


@_resolver("inventory.locations")
def _locations(ctx: FilingContext, spec: FieldDef) -> Filled:
    known = [(a.id, a.location) for a in ctx.assets_of(ctx.flows) if a.location]
    if not known:
        return _missing()
    return Filled(
        Text.same("\n".join(f"{a}: {loc}" for a, loc in known)),
        tuple(f"inventory:asset/{a}#location" for a, _ in known),
    )


@_resolver("inventory.assets")
def _assets_table(ctx: FilingContext, spec: FieldDef) -> Filled:
    labels = ctx.catalogue.labels
    rows: list[tuple[str, dict[str, Text]]] = []
    for asset in ctx.inventory.assets:
        facts = ctx.merged[asset.id][0]
        kinds = facts.get("content.kinds")
        pi = [*_as_list(facts.get("pi.kinds"))]
        spi = _as_list(facts.get("pi.sensitive_kinds"))
        people = facts.get("pi.individuals")
        rows.append(
            (
                asset.id,
                {
                    "asset": Text.same(asset.name or asset.id),
                    "domain": _entry(labels.domains, str(facts.get("domain", "other"))),
                    "content": _join(
                        ctx, [_entry(labels.content_kinds, k) for k in _as_list(kinds)]
                    ),
                    "pi": _join(
                        ctx,
                        [_entry(labels.pi_kinds, k) for k in pi]
                        + [_entry(labels.sensitive_kinds, k) for k in spi],
                    ),
                    "people": Text.same(_num(people))
                    if people is not None
                    else word(ctx, "unknown"),
                },
            )
        )
    return Filled(Table(rows), ("inventory:assets", "scan:assets"))


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


# -- personal information ------------------------------------------------------------------


@_resolver("pi.scale")
def _pi_scale(ctx: FilingContext, spec: FieldDef) -> Filled:
    n = _sum_facts(ctx, ctx.flows, "pi.individuals")
    s = _sum_facts(ctx, ctx.flows, "pi.sensitive_individuals")
    value = word(
        ctx,
        "scale",
        individuals=n if n is not None else word(ctx, "unknown"),
        sensitive=s if s is not None else word(ctx, "unknown"),
    )
    src = [x for a in ctx.assets_of(ctx.flows) for x in _asset_src(a.id, ctx)]
    return Filled(value, tuple(src))


def _categories(ctx: FilingContext, fact: str, group: dict[str, LabelEntry]) -> Text:
    kinds: list[str] = []
    for _, facts in _facts(ctx, ctx.flows):
        kinds.extend(k for k in _as_list(facts.get(fact)) if k not in kinds)
    cats = ctx.catalogue.labels.gbt35273.get("categories")
    by_cat: dict[str, list[Text]] = {}
    for k in kinds:
        entry = group.get(k)
        by_cat.setdefault(entry.category if entry and entry.category else "other", []).append(
            _entry(group, k)
        )
    parts = []
    for cat, items in by_cat.items():
        c = cats.get(cat, {}) if isinstance(cats, dict) else {}
        name = (
            Text(str(c.get("zh", cat)), str(c.get("en", cat)))
            if isinstance(c, dict)
            else Text.same(cat)
        )
        inner = _join(ctx, items)
        parts.append(Text(f"{name.zh}（{inner.zh}）", f"{name.en} ({inner.en})"))
    sep = Text("；", "; ")
    if not parts:
        return word(ctx, "none")
    return Text(sep.zh.join(p.zh for p in parts), sep.en.join(p.en for p in parts))


@_resolver("pi.categories")
def _pi_categories(ctx: FilingContext, spec: FieldDef) -> Filled:
    value = _categories(ctx, "pi.kinds", ctx.catalogue.labels.pi_kinds)
    src = [x for a in ctx.assets_of(ctx.flows) for x in _asset_src(a.id, ctx)]
    return Filled(value, tuple(src))


@_resolver("pi.sensitive_categories")
def _pi_sensitive(ctx: FilingContext, spec: FieldDef) -> Filled:
    value = _categories(ctx, "pi.sensitive_kinds", ctx.catalogue.labels.sensitive_kinds)
    src = [x for a in ctx.assets_of(ctx.flows) for x in _asset_src(a.id, ctx)]
    return Filled(value, tuple(src))


def ytd_counts(ctx: FilingContext, year: int) -> dict[str, int]:
    """Persons exported in ``year``: gateway counters (de-duplicated) and the declared base."""
    gateway = ctx.history.counters.get(year, {})
    declared = ctx.workspace.inventory(ctx.pack).counters if year == ctx.as_of.year else None
    g = gateway.get("pi.individuals", 0)
    sg = gateway.get("pi.sensitive_individuals", 0)
    d = declared.individuals if declared is not None else 0
    sd = declared.sensitive_individuals if declared is not None else 0
    return {
        "gateway": g,
        "declared": d,
        "total": g + d,
        "sgateway": sg,
        "sdeclared": sd,
        "stotal": sg + sd,
    }


@_resolver("counters.ytd")
def _ytd(ctx: FilingContext, spec: FieldDef) -> Filled:
    year = ctx.year
    end = min(ctx.as_of, date(year, 12, 31))
    counts = ytd_counts(ctx, year)
    value = word(ctx, "ytd", year=year, as_of=fmt_date(ctx, end), **counts)
    return Filled(
        value,
        (
            f"counter:{year}/pi.individuals",
            f"counter:{year}/pi.sensitive_individuals",
            "inventory:counters",
        ),
    )


# -- data items ----------------------------------------------------------------------------


def data_items(ctx: FilingContext, flows: list[Flow]) -> list[tuple[str, dict[str, Text]]]:
    """The data-item table: one row per item and scenario, however many assets carry it."""
    labels = ctx.catalogue.labels
    groups = (
        ("pi.sensitive_kinds", "spi", labels.sensitive_kinds),
        ("pi.kinds", "pi", labels.pi_kinds),
        ("content.kinds", "content", labels.content_kinds),
    )
    rows: dict[str, dict[str, Any]] = {}
    for flow in flows:
        for asset in ctx.assets_of([flow]):
            merged = ctx.merged[asset.id][0]
            detected = ctx.detected.get(asset.id, {})
            for fact, prefix, group in groups:
                for kind in _as_list(merged.get(fact)):
                    if prefix == "pi" and kind in _as_list(merged.get("pi.sensitive_kinds")):
                        continue  # listed once, as sensitive
                    key = f"{flow.scenario}/{prefix}.{kind}"
                    row = rows.setdefault(
                        key, {"kind": kind, "group": group, "assets": [], "scan": False}
                    )
                    if asset.id not in row["assets"]:
                        row["assets"].append(asset.id)
                    row["scan"] = row["scan"] or kind in _as_list(detected.get(fact))
    out: list[tuple[str, dict[str, Text]]] = []
    for i, (key, row) in enumerate(rows.items(), start=1):
        entry = row["group"].get(row["kind"])
        describe = entry.describe if entry and entry.describe else None
        example = entry.example if entry and entry.example else None
        origin = word(ctx, "scanned" if row["scan"] else "declared")
        remarks = Text(
            f"{'、'.join(row['assets'])}（{origin.zh}）",
            f"{', '.join(row['assets'])} ({origin.en})",
        )
        out.append(
            (
                key,
                {
                    "seq": Text.same(str(i)),
                    "item": _entry(row["group"], row["kind"]),
                    "describe": Text(describe.zh, describe.en) if describe else Text.same("—"),
                    "example": Text(example.zh, example.en) if example else Text.same("—"),
                    "remarks": remarks,
                },
            )
        )
    return out


@_resolver("transfer.data_items")
def _data_items(ctx: FilingContext, spec: FieldDef) -> Filled:
    src = [x for a in ctx.assets_of(ctx.flows) for x in _asset_src(a.id, ctx)]
    return Filled(Table(data_items(ctx, ctx.flows)), tuple(src))


# -- decision and gateway --------------------------------------------------------------------


def _summary(ctx: FilingContext, d: Decision) -> Text:
    p = ctx.pack.pathway(d.pathway.value).title
    return word(
        ctx,
        "summary",
        as_of=fmt_date(ctx, d.as_of),
        pack=d.pack,
        pathway=Text(p.zh, p.en),
        status=_entry(ctx.catalogue.labels.statuses, d.status.value),
        confidence=d.confidence,
        decision=d.decision_id[:12],
    )


@_resolver("decision.summary")
def _decision_summary(ctx: FilingContext, spec: FieldDef) -> Filled:
    ds = [ctx.decisions[f.id] for f in ctx.flows]
    return Filled(
        _lines([_summary(ctx, d) for d in ds]), tuple(f"decision:{d.decision_id}" for d in ds)
    )


@_resolver("decision.trace")
def _decision_trace(ctx: FilingContext, spec: FieldDef) -> Filled:
    labels = ctx.catalogue.labels
    rows: list[tuple[str, dict[str, Text]]] = []
    for flow in ctx.flows:
        d = ctx.decisions[flow.id]
        seen: set[tuple[str, str | None]] = set()
        for step in d.trace:
            if step.result not in ("true", "unknown") and step.rule not in d.reasons:
                continue
            if (step.rule, step.asset) in seen:
                continue
            seen.add((step.rule, step.asset))
            title = _rule_title(ctx, step.rule)
            if step.asset:
                title = Text(f"{title.zh}（{step.asset}）", f"{title.en} ({step.asset})")
            cites = "；".join(f"{c.title_zh}{c.article}" for c in step.cites)
            cites_en = "; ".join(f"{c.short} {c.article}" for c in step.cites)
            rows.append(
                (
                    f"{flow.id}/{step.rule}/{step.asset or ''}",
                    {
                        "rule": title,
                        "result": _entry(labels.statuses, step.result),
                        "cites": Text(cites or "—", cites_en or "—"),
                    },
                )
            )
    return Filled(
        Table(rows), tuple(f"decision:{ctx.decisions[f.id].decision_id}#trace" for f in ctx.flows)
    )


def _rule_title(ctx: FilingContext, rule_id: str) -> Text:
    rule = ctx.pack.rules.get(rule_id)
    if rule is not None:
        return Text(rule.title.zh, rule.title.en)
    return Text.same(rule_id)


@_resolver("scan.findings")
def _findings(ctx: FilingContext, spec: FieldDef) -> Filled:
    items = []
    src = []
    for asset in ctx.assets_of(ctx.flows):
        for c in ctx.merged[asset.id][1]:
            fact = ctx.pack.facts.get(c.fact)
            name = Text(fact.zh, fact.en) if fact is not None else Text.same(c.fact)
            items.append(
                word(
                    ctx,
                    "finding",
                    fact=Text(f"{asset.id}：{name.zh}", f"{asset.id}: {name.en}"),
                    declared=str(c.declared),
                    detected=str(c.detected),
                    merged=str(c.merged),
                )
            )
            src.append(f"scan:asset/{asset.id}#{c.fact}")
    if not items:
        return Filled(
            word(ctx, "none"), tuple(f"scan:asset/{a.id}" for a in ctx.assets_of(ctx.flows))
        )
    return Filled(_lines(items), tuple(src))


@_resolver("gateway.releases")
def _releases(ctx: FilingContext, spec: FieldDef) -> Filled:
    flows = {f.id for f in ctx.flows}
    rows: list[tuple[str, dict[str, Text]]] = []
    for r in ctx.history.releases:
        if r.flow_id not in flows or not r.finished.startswith(str(ctx.year)):
            continue
        rows.append(
            (
                r.run_id,
                {
                    "date": Text.same(r.finished[:10]),
                    "run": Text.same(r.run_id[:12]),
                    "rows": Text.same(str(r.rows)),
                    "manifest": Text.same(r.manifest_sha256[:16]),
                },
            )
        )
    return Filled(Table(rows), tuple(f"store:run/{k}" for k, _ in rows) or ("store:runs",))


@_resolver("filing.date")
def _filing_date(ctx: FilingContext, spec: FieldDef) -> Filled:
    return Filled(fmt_date(ctx, ctx.as_of), ("filing:as_of",))


@_resolver("assessment.run")
def _assessment_run(ctx: FilingContext, spec: FieldDef) -> Filled:
    from carborder import __version__

    hist = ctx.history
    chain = (
        word(ctx, "no_store")
        if hist.chain_ok is None
        else word(ctx, "chain_ok" if hist.chain_ok else "chain_broken")
    )
    value = word(
        ctx,
        "run",
        pack=ctx.pack.ref,
        as_of=fmt_date(ctx, ctx.as_of),
        scans=len(ctx.detected),
        events=hist.events,
        chain=chain,
        version=__version__,
    )
    return Filled(value, ("rulebook:" + ctx.pack.ref, "store:audit", "workspace:scans"))


@_resolver("materials.checklist")
def _materials(ctx: FilingContext, spec: FieldDef) -> Filled:
    template = ctx.template
    rows: list[tuple[str, dict[str, Text]]] = []
    for i, m in enumerate(template.materials if template else [], start=1):
        path = ctx.documents.get(m.document or "")
        status = word(ctx, "generated" if path else "to_upload")
        rows.append(
            (
                m.document or f"item{i}",
                {
                    "seq": Text.same(str(i)),
                    "item": Text(m.item.zh, m.item.en),
                    "status": status,
                    "file": Text.same(path or "—"),
                },
            )
        )
    return Filled(Table(rows), ("templates:materials", "filing:documents"))


# The document-specific resolvers register themselves on import.


# The document-specific resolvers register themselves on import.
from carborder.filings import (  # noqa: E402, F401
    auto_annual,
    auto_extension,
    auto_handler,
    auto_important,
)
