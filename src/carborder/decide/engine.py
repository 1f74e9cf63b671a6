"""decide(): the pure decision for one outbound flow, and decide_all() for an inventory.

Order of evaluation (every step is traced with the facts read, the dated parameter values
used and the citations): important-data items per asset → hard gates → exemptions →
pathway triggers (heaviest wins; an unevaluable trigger counts as triggered) → approval
status → review notes → obligations with due dates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from carborder.decide.approvals import check_approval, valid_for
from carborder.decide.counting import counting_rule, not_counted_by
from carborder.decide.counting_period import counts_in_period
from carborder.decide.facts_view import DERIVED_SPI, UNKNOWN, aggregate, read_asset
from carborder.decide.obligations import due_obligations
from carborder.decide.people import has_pi, has_spi, individuals, sensitive_individuals
from carborder.decide.reviews import apply_review, review_of
from carborder.decide.trace import Tracer, tri_text
from carborder.model.approval import Approval
from carborder.model.decision import (
    Decision,
    ExemptionCheck,
    GateCheck,
    ImportantReview,
    ItemMatch,
    MissingCount,
    Note,
    Pathway,
    PISummary,
    Status,
)
from carborder.model.facts import Facts
from carborder.model.flow import Flow
from carborder.model.handler import Handler
from carborder.model.inventory import Inventory
from carborder.model.recipient import Recipient
from carborder.rulebook.conditions import Evaluation, Tri
from carborder.rulebook.pack import Pack
from carborder.rulebook.schema import Exemption, Gate, ImportantItem, PathwayRule, ReviewRule
from carborder.safety.dates import check_date

__all__ = [
    "YearToDate",
    "decide",
    "decide_all",
    "exempt_from_counting",
    "handler_holds_important",
    "year_to_date",
    "year_to_date_of_readings",
]


@dataclass(frozen=True)
class YearToDate:
    """Individuals exported since 1 January including the batch being decided (None = unknown)."""

    individuals: int | None
    sensitive_individuals: int | None
    #: (asset, fact) pairs whose unknown count makes a total unknown (what to declare).
    unknown: tuple[tuple[str, str], ...] = ()


@dataclass
class _Basics:
    per_asset: dict[str, dict[str, Any]]
    agg: dict[str, Any]
    context: dict[str, Any]
    items: list[ItemMatch] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reviews: list[ImportantReview] = field(default_factory=list)


def _tri_any(values: Sequence[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _basics(
    flow: Flow,
    assets: Mapping[str, Facts],
    handler: Handler,
    recipient: Recipient,
    pack: Pack,
    tracer: Tracer,
) -> _Basics:
    per_asset = {aid: read_asset(pack, assets[aid], tracer.as_of) for aid in flow.assets}
    _trace_sensitive(per_asset, tracer)
    agg = aggregate(pack, per_asset.values())
    pi_flags = [has_pi(v) for v in per_asset.values()]
    spi_flags = [has_spi(v) for v in per_asset.values()]
    context: dict[str, Any] = {
        "handler.ciio": handler.ciio,
        "handler.type": handler.type.value,
        "handler.ftz": handler.ftz,
        "handler.foreign_invested": UNKNOWN
        if handler.foreign_invested is None
        else handler.foreign_invested,
        "handler.surveying_unit": UNKNOWN
        if handler.surveying_unit is None
        else handler.surveying_unit,
        "flow.activity": flow.activity.value,
        "flow.scenario": flow.scenario,
        "flow.reported": list(flow.reported),
        "flow.foreign_judicial_request": flow.foreign_judicial_request,
        "flow.truly_necessary": UNKNOWN if flow.truly_necessary is None else flow.truly_necessary,
        "recipient.country": recipient.country,
        "pi.present": UNKNOWN if _tri_any(pi_flags) is None else _tri_any(pi_flags),
        "spi.present": UNKNOWN if _tri_any(spi_flags) is None else _tri_any(spi_flags),
    }
    basics = _Basics(per_asset=per_asset, agg=agg, context=context)
    _evaluate_items(flow, basics, pack, tracer)
    basics.notes = _evaluate_reviews(basics, flow, pack, tracer)
    matched = any(i.result == "matched" for i in basics.items)
    undecided = {
        r.undecided
        for n in basics.notes
        for r in [pack.rules[n.id]]
        if isinstance(r, ReviewRule) and n.effect == "needs_review"
    }
    unknown = any(i.result == "unknown" for i in basics.items) or "important_data" in undecided
    context["important.matched"] = True if matched else (UNKNOWN if unknown else False)
    context["important.unknown"] = unknown and not matched
    return basics


def _trace_sensitive(per_asset: Mapping[str, Mapping[str, Any]], tracer: Tracer) -> None:
    """Record which PI kinds the pack's dated mapping made sensitive (or not) on this date."""
    for aid, values in per_asset.items():
        kinds = values.get("pi.kinds")
        derived = values.get(DERIVED_SPI) or {}
        for kind in kinds if isinstance(kinds, list) else []:
            category, pid = tracer.pack.sensitive_category(kind, tracer.as_of)
            if pid is None:
                continue
            try:
                tracer.record(
                    pid,
                    "sensitive_pi",
                    "true" if kind in derived else "false",
                    None,
                    asset=aid,
                    note=f"{kind} → {category}" if category else f"{kind}: not sensitive PI alone",
                )
            except LookupError:  # before the mapping's first date: the earliest entry applied
                continue


def _evaluate_items(flow: Flow, basics: _Basics, pack: Pack, tracer: Tracer) -> None:
    items = pack.of_kind(ImportantItem, tracer.as_of)
    for aid in flow.assets:
        values = {**basics.per_asset[aid], **basics.context}
        matches, review = _asset_items(aid, values, items, pack, tracer)
        basics.items += matches
        if review is not None:
            basics.reviews.append(review)


def _asset_items(
    aid: str,
    values: Mapping[str, Any],
    items: Sequence[ImportantItem],
    pack: Pack,
    tracer: Tracer,
) -> tuple[list[ItemMatch], ImportantReview | None]:
    """Every catalogue item for one asset, with the asset's recorded review applied."""
    declared = values.get("important.declared") or []
    results: list[tuple[ImportantItem, Tri, Evaluation | None, str | None]] = []
    matched: dict[str, dict[str, Any]] = {}
    unknown: dict[str, list[str]] = {}
    for item in items:
        if item.id in declared:
            results.append((item, True, None, "declared"))
            matched[item.id] = {"important.declared": declared}
            continue
        in_scope, ev_scope = tracer.evaluate(item.scope, values, closed=True)
        if not in_scope:
            results.append((item, False, ev_scope, "out of scope"))
            continue
        result, ev = tracer.evaluate(item.criteria, values)
        ev.inputs.update(ev_scope.inputs)
        results.append((item, result, ev, None))
        if result is True:
            matched[item.id] = {k: v for k, v in ev.inputs.items() if v is not None}
        elif result is None:
            unknown[item.id] = list(ev.unknown)
    review = review_of(aid, values, tracer.as_of)
    if review is not None:
        review = apply_review(
            review, matched=matched, unknown=unknown, content_facts=pack.facts.keys()
        )
    settled = set(review.settled) if review is not None else set()
    out: list[ItemMatch] = []
    for item, result, read, note in results:
        if item.id in settled and review is not None:
            why = f"settled by the review of {review.reviewed_by} on {review.reviewed_on}"
            tracer.record(item.id, "important_data", "false", read, asset=aid, note=why)
            continue
        shown = "true" if note == "declared" else tri_text(result)
        tracer.record(item.id, "important_data", shown, read, asset=aid, note=note)
        if result is True:
            out.append(_match(item, aid, "matched", []))
        elif result is None:
            out.append(_match(item, aid, "unknown", unknown[item.id]))
    return out, review


def _match(item: ImportantItem, asset: str, result: str, missing: list[str]) -> ItemMatch:
    return ItemMatch(
        item=item.id,
        asset=asset,
        result=result,
        title_zh=item.title.zh,
        title_en=item.title.en,
        catalogue=item.catalogue,
        proxy=item.proxy,
        confidence=item.confidence.value,
        missing=missing,
    )


def _evaluate_exemptions(
    values: Mapping[str, Any],
    pack: Pack,
    tracer: Tracer,
    *,
    only: frozenset[str] | None = None,
) -> list[ExemptionCheck]:
    out: list[ExemptionCheck] = []
    for ex in pack.of_kind(Exemption, tracer.as_of):
        if only is not None and ex.id not in only:
            continue
        result, ev = tracer.evaluate(ex.when, values)
        if only is None:
            tracer.record(ex.id, "exemption", tri_text(result), ev)
        if result is True:
            why = "all conditions hold"
        elif result is None:
            why = "cannot be evaluated: missing " + ", ".join(ev.unknown)
        else:
            failed = [k for k, v in ev.inputs.items() if v is not None]
            why = (
                "conditions not met (read: "
                + ", ".join(f"{k}={ev.inputs[k]!r}" for k in failed)
                + ")"
            )
        out.append(
            ExemptionCheck(
                id=ex.id,
                applied=result is True,
                result=tri_text(result),
                covers=list(ex.covers),
                title_zh=ex.title.zh,
                title_en=ex.title.en,
                why=why,
            )
        )
    return out


def _evaluate_gates(
    flow: Flow, values: Mapping[str, Any], approvals: Sequence[Approval], pack: Pack, tracer: Tracer
) -> list[GateCheck]:
    out: list[GateCheck] = []
    for gate in pack.of_kind(Gate, tracer.as_of):
        in_scope, ev_scope = tracer.evaluate(gate.scope, values, closed=True)
        if not in_scope:
            tracer.record(gate.id, "gate", "false", ev_scope, note="out of scope")
            continue
        result, ev = tracer.evaluate(gate.when, values)
        tracer.record(gate.id, "gate", tri_text(result), ev)
        if result is False:
            continue
        opener = None
        if gate.requires:
            valid = valid_for(approvals, flow, pack, tracer.as_of, values)
            opener = next((a.id for a in valid if a.kind == gate.requires), None)
        out.append(
            GateCheck(
                id=gate.id,
                result=tri_text(result),
                requires=gate.requires,
                approval=opener,
                open=opener is not None,
                title_zh=gate.title.zh,
                title_en=gate.title.en,
            )
        )
    return out


def _evaluate_reviews(basics: _Basics, flow: Flow, pack: Pack, tracer: Tracer) -> list[Note]:
    notes: list[Note] = []
    for rule in pack.of_kind(ReviewRule, tracer.as_of):
        for aid in flow.assets:
            values = {**basics.per_asset[aid], **basics.context}
            in_scope, _ = tracer.evaluate(rule.scope, values, closed=True)
            if not in_scope:
                continue
            result, ev = tracer.evaluate(rule.when, values)
            tracer.record(rule.id, "review", tri_text(result), ev, asset=aid)
            if result is True:
                notes.append(
                    Note(
                        id=rule.id,
                        effect=rule.effect,
                        asset=aid,
                        text_zh=rule.title.zh,
                        text_en=rule.title.en,
                    )
                )
    return notes


def decide(
    flow: Flow,
    *,
    assets: Mapping[str, Facts],
    handler: Handler,
    recipient: Recipient,
    ytd: YearToDate,
    approvals: Sequence[Approval],
    pack: Pack,
    as_of: date,
    handler_important: bool = False,
) -> Decision:
    """Decide one flow. Pure: the same inputs give the same Decision, clock and I/O free.

    ``ytd`` already includes every flow of the batch (see :func:`decide_all`).
    ``handler_important``: some other asset of the handler matches an important-data item
    (duties of a handler of important data apply to every flow it decides).

    Every outcome carries its reasons: the rules that decided it, or, when nothing triggered
    and no exemption was needed, every pathway rule the pack has in force that day (each
    evaluated false, with its citation).

    Raises:
        InputError: ``as_of`` is outside the dates deadlines can be computed from.
        PackError: the pack has no pathway rule in force on ``as_of`` (an outcome on such a
            day would be a bare "exempt" no rule supports).
    """
    check_date(as_of, what="as_of")
    _check_rules_in_force(pack, as_of)
    tracer = Tracer(pack, as_of)
    basics = _basics(flow, assets, handler, recipient, pack, tracer)
    basics.context["handler.processes_important_data"] = (
        handler.processes_important_data
        or handler_important
        or basics.context["important.matched"] is True
    )
    values: dict[str, Any] = {**basics.agg, **basics.context}
    values["ytd.pi.individuals"] = UNKNOWN if ytd.individuals is None else ytd.individuals
    values["ytd.pi.sensitive_individuals"] = (
        UNKNOWN if ytd.sensitive_individuals is None else ytd.sensitive_individuals
    )

    gates = _evaluate_gates(flow, values, approvals, pack, tracer)
    exemptions = _evaluate_exemptions(values, pack, tracer)
    covered: set[str] = set()
    for ex in exemptions:
        if ex.applied:
            covered.update(ex.covers)

    _trace_counting(exemptions, pack, tracer)

    triggered: list[tuple[PathwayRule, Tri]] = []
    for rule in pack.of_kind(PathwayRule, as_of):
        result, ev = tracer.evaluate(rule.when, values)
        if rule.basis in covered:
            tracer.record(
                rule.id, "pathway", tri_text(result), ev, note=f"basis '{rule.basis}' exempted"
            )
            continue
        # Fail closed: a trigger that cannot be evaluated counts as triggered.
        tracer.record(rule.id, "pathway", tri_text(result), ev)
        if result is not False:
            triggered.append((rule, result))

    lightest = pack.lightest().id
    definite = [r for r, res in triggered if res is True]
    pathway_id = max((r.pathway for r, _ in triggered), key=pack.weight, default=lightest)
    definite_id = max((r.pathway for r in definite), key=pack.weight, default=lightest)
    pathway = Pathway(pathway_id)

    approval = check_approval(flow, pathway_id, approvals, pack, as_of, values)
    notes = basics.notes

    blocked = [g for g in gates if g.result == "true" and not g.open]
    gate_unknown = [g for g in gates if g.result == "unknown" and not g.open]
    review_forced = [n for n in notes if n.effect == "needs_review"]
    heavier_if_unknown = pack.weight(pathway_id) > pack.weight(definite_id)
    already_heaviest = pack.weight(definite_id) == max(p.weight for p in pack.meta.pathways)

    if blocked:
        status = Status.BLOCKED
    elif heavier_if_unknown or gate_unknown or (review_forced and not already_heaviest):
        status = Status.NEEDS_REVIEW
    elif pathway == Pathway.EXEMPT or approval.status in ("covered", "expiring"):
        status = Status.ALLOWED
    else:
        status = Status.NEEDS_APPROVAL

    reasons = _reasons(
        pathway_id, triggered, exemptions, blocked + gate_unknown, basics, status, review_forced
    )
    untriggered = not reasons
    if untriggered:  # nothing triggered: the rules that did not are the reasons, cited
        reasons = [r.id for r in pack.of_kind(PathwayRule, as_of)]
    obligations = due_obligations(
        values,
        tracer=tracer,
        pathway=pathway_id,
        important_data=values["important.matched"] is True,
        approval=approval,
        approvals=approvals,
        flow=flow,
        exemptions=[e.id for e in exemptions if e.applied],
        gates=[g.id for g in gates],
    )
    pi = _pi_summary(basics, values, exemptions, pack, as_of).model_copy(
        update={"ytd_unknown": [MissingCount(asset=a, fact=f) for a, f in ytd.unknown]}
    )
    missing = sorted(
        (
            {m for i in basics.items for m in i.missing}
            | {k for r, res in triggered if res is None for k in _unknown_inputs(tracer, r.id)}
            | {k for g in gate_unknown for k in _unknown_inputs(tracer, g.id)}
            | {k for n in review_forced for k in _unknown_inputs(tracer, n.id)}
            | {k for r in basics.reviews for k in _review_lacks(r)}
        )
        - set(pack.meta.context_facts)
    )
    cites = _cites(tracer, reasons, evaluated_false=untriggered)
    summary_en, summary_zh = _summaries(pathway, status, reasons, pack, missing)
    digest = _digest(flow, assets, handler, recipient, ytd, approvals, pack, as_of)
    return Decision(
        decision_id=digest[:16],
        input_digest=digest,
        flow=flow.id,
        activity=flow.activity.value,
        recipient=recipient.id,
        pathway=pathway,
        status=status,
        reasons=reasons,
        summary_zh=summary_zh,
        summary_en=summary_en,
        important_data=basics.items,
        pi=pi,
        exemptions=exemptions,
        gates=gates,
        obligations=obligations,
        approval=approval,
        notes=notes,
        reviews=basics.reviews,
        missing_facts=missing,
        confidence=tracer.weakest(reasons).value,
        cites=cites,
        trace=tracer.steps,
        pack=pack.ref,
        as_of=as_of,
        disclaimer=pack.meta.disclaimer.en + " / " + pack.meta.disclaimer.zh,
    )


def _review_lacks(review: ImportantReview) -> list[str]:
    """Facts a review flag needs before it counts as a recorded review."""
    if review.status != "incomplete":
        return []
    return [
        name
        for name, value in (
            ("important.reviewed_by", review.reviewed_by),
            ("important.reviewed_on", review.reviewed_on),
        )
        if value is None
    ]


def _trace_counting(exemptions: list[ExemptionCheck], pack: Pack, tracer: Tracer) -> None:
    """Record, with its citation and confidence, that the counting rule leaves the flow out."""
    rule = counting_rule(pack, tracer.as_of)
    left_out = not_counted_by(pack, tracer.as_of, [e.id for e in exemptions if e.applied])
    if rule is not None and left_out:
        tracer.record(
            rule.id,
            "counting",
            "true",
            None,
            note="people not counted toward the year-to-date thresholds: " + ", ".join(left_out),
        )


def _unknown_inputs(tracer: Tracer, rule_id: str) -> list[str]:
    return [k for s in tracer.steps if s.rule == rule_id for k, v in s.inputs.items() if v is None]


def _reasons(
    pathway_id: str,
    triggered: list[tuple[PathwayRule, Tri]],
    exemptions: list[ExemptionCheck],
    gates: list[GateCheck],
    basics: _Basics,
    status: Status,
    review_forced: list[Note],
) -> list[str]:
    reasons: list[str] = [g.id for g in gates]
    deciding = [r for r, _ in triggered if r.pathway == pathway_id]
    if deciding:
        reasons += [r.id for r in deciding]
        if any(r.basis == "important_data" for r in deciding):
            matched = sorted({i.item for i in basics.items if i.result == "matched"})
            reasons += matched or sorted({i.item for i in basics.items})
    else:
        reasons += [e.id for e in exemptions if e.applied]
    if status == Status.NEEDS_REVIEW:
        reasons += [n.id for n in review_forced]
    return list(dict.fromkeys(reasons))


def _check_rules_in_force(pack: Pack, as_of: date) -> None:
    """Fail closed on a day the pack has no pathway rule for (before its first rule took effect)."""
    if pack.of_kind(PathwayRule, as_of):
        return
    from carborder.errors import Msg, PackError

    starts = sorted(r.effective_from.isoformat() for r in pack.of_kind(PathwayRule))
    raise PackError(
        Msg(
            "err-no-pathway-rule",
            pack=pack.ref,
            day=as_of.isoformat(),
            starts=Msg("pathway-rules-from", day=starts[0]) if starts else "",
        ),
        hint=Msg("hint-no-pathway-rule"),
    )


def _cites(tracer: Tracer, reasons: list[str], *, evaluated_false: bool = False) -> list[Any]:
    seen: dict[tuple[str, str], Any] = {}
    for step in tracer.steps:
        if step.rule in reasons and (evaluated_false or step.result != "false"):
            for c in step.cites:
                seen.setdefault((c.instrument, c.article), c)
            for pid in step.params:
                for c in tracer.param_cites(pid):
                    seen.setdefault((c.instrument, c.article), c)
    return list(seen.values())


def _pi_summary(
    basics: _Basics,
    values: Mapping[str, Any],
    exemptions: list[ExemptionCheck],
    pack: Pack,
    tracer_as_of: date,
) -> PISummary:
    def known(v: Any) -> Any:
        return None if v is UNKNOWN else v

    per = list(basics.per_asset.values())
    counts = [individuals(v) for v in per]
    scounts = [sensitive_individuals(v) for v in per]
    uncounted = not_counted_by(pack, tracer_as_of, [e.id for e in exemptions if e.applied])
    return PISummary(
        present=known(values["pi.present"]),
        sensitive_present=known(values["spi.present"]),
        kinds=known(basics.agg.get("pi.kinds")) or [],
        sensitive_kinds=known(basics.agg.get("pi.sensitive_kinds"))
        or sorted({c for v in per for c in (v.get(DERIVED_SPI) or {}).values()}),
        individuals=None if None in counts else sum(c or 0 for c in counts),
        sensitive_individuals=None if None in scounts else sum(c or 0 for c in scounts),
        ytd_individuals=known(values["ytd.pi.individuals"]),
        ytd_sensitive_individuals=known(values["ytd.pi.sensitive_individuals"]),
        counts_toward_thresholds=not uncounted,
    )


def _summaries(
    pathway: Pathway, status: Status, reasons: list[str], pack: Pack, missing: list[str]
) -> tuple[str, str]:
    spec = pack.pathway(pathway.value)
    en = f"{spec.title.en} — status: {status.value}"
    zh = f"{spec.title.zh} —— 状态：{_STATUS_ZH[status]}"
    if missing and status == Status.NEEDS_REVIEW:
        en += f"; facts needed: {', '.join(missing)}"
        zh += f"；需补充事实：{', '.join(missing)}"
    return en, zh


_STATUS_ZH = {
    Status.ALLOWED: "可以出境",
    Status.NEEDS_APPROVAL: "需先取得审批/备案",
    Status.BLOCKED: "禁止出境（硬性关口未通过）",
    Status.NEEDS_REVIEW: "需人工复核（事实缺失可能改变路径）",
}


def _digest(
    flow: Flow,
    assets: Mapping[str, Facts],
    handler: Handler,
    recipient: Recipient,
    ytd: YearToDate,
    approvals: Sequence[Approval],
    pack: Pack,
    as_of: date,
) -> str:
    doc = {
        "flow": flow.model_dump(mode="json"),
        "assets": {a: assets[a] for a in sorted(flow.assets)},
        "handler": handler.model_dump(mode="json"),
        "recipient": recipient.model_dump(mode="json"),
        "ytd": [ytd.individuals, ytd.sensitive_individuals],
        "approvals": [a.model_dump(mode="json") for a in approvals if flow.id in a.flows],
        "pack": pack.ref,
        "as_of": as_of.isoformat(),
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def decide_all(
    inventory: Inventory,
    pack: Pack,
    as_of: date,
    *,
    detected: Mapping[str, Facts] | None = None,
    flows: Sequence[str] | None = None,
) -> list[Decision]:
    """Decide every flow (or the named ones) of an inventory as one batch.

    Each flow is decided on its effective facts (:func:`carborder.decide.effective.effective_facts`:
    declared facts merged with ``detected`` ones from scans, stricter reading first, then the
    flow's own de-identification plan), as ``plan`` and the export gateway read it.
    Thresholds apply to the counting period's total: the inventory's counters plus every flow
    of the batch, each asset counted once however many flows carry it (no splitting; an asset
    several flows carry counts with the most people any of them exports). Flows whose only
    basis is an exemption that does not count toward thresholds are left out of the sum.
    """
    from carborder.decide.effective import effective_facts, known_facts

    known = known_facts(inventory, pack, detected)
    chosen = [f for f in inventory.flows if flows is None or f.id in flows]
    holds_important = handler_holds_important(known, inventory.handler, pack, as_of)
    per_flow = {f.id: effective_facts(f, known, pack) for f in inventory.flows}
    counted: dict[str, list[dict[str, Any]]] = {}
    for flow in inventory.flows:
        recipient = inventory.recipient(flow.recipient)
        assets = per_flow[flow.id]
        if not exempt_from_counting(flow, assets, inventory.handler, recipient, pack, as_of):
            for a in flow.assets:
                counted.setdefault(a, []).append(read_asset(pack, assets[a], as_of))
    in_year = counts_in_period(inventory.counters, pack, as_of)
    ytd = year_to_date_of_readings(
        (in_year.individuals, in_year.sensitive_individuals),
        {a: counted[a] for a in sorted(counted)},
    )
    return [
        decide(
            flow,
            assets=per_flow[flow.id],
            handler=inventory.handler,
            recipient=inventory.recipient(flow.recipient),
            ytd=ytd,
            approvals=inventory.approvals,
            pack=pack,
            as_of=as_of,
            handler_important=holds_important,
        )
        for flow in chosen
    ]


def handler_holds_important(
    assets: Mapping[str, Facts], handler: Handler, pack: Pack, as_of: date
) -> bool:
    """Whether some asset of the handler matches an important-data item (reviews applied).

    Undecided items do not count here: each flow carrying them is already held for review.
    """
    tracer = Tracer(pack, as_of)
    items = pack.of_kind(ImportantItem, as_of)
    context = {
        "handler.ciio": handler.ciio,
        "handler.type": handler.type.value,
        "handler.ftz": handler.ftz,
    }
    for aid, facts in sorted(assets.items()):
        values = {**read_asset(pack, facts, as_of), **context}
        matches, _review = _asset_items(aid, values, items, pack, tracer)
        if any(m.result == "matched" for m in matches):
            return True
    return False


def exempt_from_counting(
    flow: Flow,
    assets: Mapping[str, Facts],
    handler: Handler,
    recipient: Recipient,
    pack: Pack,
    as_of: date,
) -> list[str]:
    """Exemptions of the pack's counting rule that apply to ``flow`` (its people then do not count).

    Only the exemptions the rule names are evaluated; they do not read the year-to-date
    totals, so the answer is known before the totals are.
    """
    rule = counting_rule(pack, as_of)
    if rule is None:
        return []
    tracer = Tracer(pack, as_of)
    basics = _basics(flow, assets, handler, recipient, pack, tracer)
    values = {**basics.agg, **basics.context}
    checks = _evaluate_exemptions(
        values, pack, tracer, only=frozenset(rule.not_counted_when_exempted_by)
    )
    return not_counted_by(pack, as_of, [e.id for e in checks if e.applied])


def year_to_date(base: tuple[int, int], per_asset: Mapping[str, Mapping[str, Any]]) -> YearToDate:
    """Individuals (non-sensitive, sensitive) since 1 January: ``base`` plus each asset's people.

    ``per_asset`` holds the engine's reading of each counted asset (:func:`read_asset`), so
    sensitive individuals follow the pack's dated mapping. An asset whose count is unknown
    makes the total unknown, and is named in :attr:`YearToDate.unknown`.
    """
    return year_to_date_of_readings(base, {a: [v] for a, v in per_asset.items()})


def _most(counts: Sequence[int | None]) -> int | None:
    return None if None in counts else max((c or 0 for c in counts), default=0)


def year_to_date_of_readings(
    base: tuple[int, int], readings: Mapping[str, Sequence[Mapping[str, Any]]]
) -> YearToDate:
    """As :func:`year_to_date`, with each asset read by every counted flow that carries it.

    The asset counts once, with the most people any of those readings exports (a flow that
    drops the sensitive column does not make the people another flow exports raw disappear);
    one unknown reading makes the asset's count unknown.
    """
    counts = {a: _most([individuals(v) for v in rs]) for a, rs in readings.items()}
    scounts = {a: _most([sensitive_individuals(v) for v in rs]) for a, rs in readings.items()}
    unknown = tuple(
        [(a, "pi.individuals") for a, c in sorted(counts.items()) if c is None]
        + [(a, "pi.sensitive_individuals") for a, c in sorted(scounts.items()) if c is None]
    )
    return YearToDate(
        individuals=None
        if None in counts.values()
        else base[0] + sum(c or 0 for c in counts.values()),
        sensitive_individuals=None
        if None in scounts.values()
        else base[1] + sum(c or 0 for c in scounts.values()),
        unknown=unknown,
    )
