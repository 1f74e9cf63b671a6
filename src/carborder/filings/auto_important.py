"""Auto fields about important data: catalogue items matched and the facts behind them."""

from __future__ import annotations

from typing import Any

from carborder.filings.context import FilingContext
from carborder.filings.resolvers import (
    _entry,
    _resolver,
    word,
)
from carborder.filings.schema import FieldDef
from carborder.filings.values import Filled, Table, Text
from carborder.model.decision import ItemMatch

__all__: list[str] = []


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
