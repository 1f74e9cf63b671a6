"""Auto fields of the extension application: the approval, scope unchanged?, growth within the limit?

Whether the scope is unchanged is read against the scope the approval recorded when it has one
(the engine's own comparison); only approvals without one fall back to the decision recorded
closest before the approval was issued.
"""

from __future__ import annotations

from typing import Any

from carborder.errors import FilingError, Msg
from carborder.filings.context import FilingContext
from carborder.filings.resolvers import (
    _as_list,
    _entry,
    _missing,
    _resolver,
    fmt_date,
    word,
)
from carborder.filings.schema import FieldDef
from carborder.filings.values import Filled, Table, Text
from carborder.model.flow import Flow, OverseasStorage

__all__: list[str] = []


# -- extension -----------------------------------------------------------------------------


def _int_answer(ctx: FilingContext, fid: str) -> int | None:
    text = ctx.answers.texts.get(fid) if ctx.answers is not None else None
    if text is None or not text.zh:
        return None
    try:
        return int(text.zh.replace(",", "").replace("，", ""))
    except ValueError:
        raise FilingError(
            Msg("err-answer-number", id=fid, value=text.zh), hint=Msg("hint-answer-number")
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


#: Recorded scope dimension → the label of its row (the same rows as the history comparison).
_SCOPE_ROWS = {
    "purposes": "purpose",
    "activities": "activity",
    "recipients": "recipient",
    "assets": "assets",
    "pi_kinds": "pi_kinds",
    "sensitive_kinds": "spi_kinds",
    "content_kinds": "content_kinds",
    "storage": "storage",
}


def _storage_text(storage: OverseasStorage | None) -> str:
    if storage is None:
        return ""
    months = f" / {storage.period_months}" if storage.period_months is not None else ""
    return storage.location + months


def _from_recorded_scope(ctx: FilingContext, flow: Flow) -> Filled | None:
    """Scope rows against the scope the approval recorded (None when none recorded one).

    Compared the way the engine compares it (:func:`carborder.decide.approvals.scope_diff`
    over the flow's effective facts), so the filing says "unchanged" exactly when the
    decision does not see a change.
    """
    from carborder.decide.approvals import scope_diff
    from carborder.decide.scope_now import flow_values, scope_of_flows

    d = ctx.decision
    recorded = [
        a
        for a in ctx.inventory.approvals
        if a.id in d.approval.approvals and a.scope is not None and not a.revoked
    ]
    if not recorded:
        return None
    approval = max(recorded, key=lambda a: a.issued)
    scope = approval.scope
    assert scope is not None
    kind = ctx.pack.meta.approval_kinds.get(approval.kind)
    dims = list(kind.rescope_on) if kind is not None else []
    values = flow_values(ctx.inventory, [flow], ctx.pack, ctx.as_of, ctx.detected)
    now = scope_of_flows(ctx.inventory, [flow.id], ctx.pack, ctx.as_of, ctx.detected)
    changed = {c.dimension for c in scope_diff(scope, flow, values, dims, approval.id)}
    rows = []
    for dim in dims:
        if dim == "storage":
            then, current = _storage_text(scope.storage), _storage_text(now.storage)
            moved = bool(changed & {"storage", "storage_period"})
            if scope.storage is None:
                continue
        else:
            approved: list[str] = getattr(scope, dim)
            if not approved:
                continue  # not recorded: not checked
            then, current = ", ".join(approved), ", ".join(getattr(now, dim))
            moved = dim in changed
        rows.append(
            (
                _SCOPE_ROWS.get(dim, dim),
                {
                    "item": word(ctx, f"scope_{_SCOPE_ROWS.get(dim, dim)}"),
                    "then": Text.same(then or "—"),
                    "now": Text.same(current or "—"),
                    "result": word(ctx, "changed" if moved else "unchanged"),
                },
            )
        )
    return Filled(
        Table(rows),
        (
            f"approval:{approval.id}#scope",
            f"decision:{d.decision_id}",
            f"inventory:flow/{flow.id}",
        ),
    )


@_resolver("extension.scope")
def _ext_scope(ctx: FilingContext, spec: FieldDef) -> Filled:
    flow = ctx.flow
    if flow is None:
        return _missing()
    # the scope the approval recorded decides; stored decisions are only a fallback record
    recorded = _from_recorded_scope(ctx, flow)
    if recorded is not None:
        return recorded
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
        raise FilingError(Msg("err-template-growth-limit"), hint=Msg("hint-template-growth-limit"))
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
