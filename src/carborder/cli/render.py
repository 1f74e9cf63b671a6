"""Turn decisions into tables, JSON and readable explanations, in the catalogue's language.

Every word a person reads comes from :mod:`carborder.i18n` (the pack's own zh/en titles
through :meth:`Messages.local`); ids of rules, flows, assets and facts are shown as they are.
Texts are rendered from the decision's structure (results, inputs read, citations), not from
the English sentences the engine keeps for logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.markup import escape
from rich.table import Table

from carborder.i18n import Messages, messages, render_cite
from carborder.i18n.reviews import review_text
from carborder.model.decision import Citation, Decision, ExemptionCheck, Status, TraceStep
from carborder.rulebook.pack import Pack

__all__ = [
    "deadlines_table",
    "decision_json",
    "decision_summary",
    "decisions_table",
    "exemption_why",
    "explain_text",
    "facts_read",
    "pathway_label",
    "trace_note",
]

_STATUS_STYLE = {
    Status.ALLOWED: "green",
    Status.NEEDS_APPROVAL: "yellow",
    Status.BLOCKED: "bold red",
    Status.NEEDS_REVIEW: "magenta",
}


def decision_json(decision: Decision, *, trace: bool = False) -> dict[str, Any]:
    """JSON-ready dict of a decision; the trace only when asked for (it is long)."""
    data = decision.model_dump(mode="json")
    if not trace:
        data.pop("trace")
    return data


def decisions_table(decisions: Sequence[Decision], pack: Pack, lang: str, title: str) -> Table:
    """One row per flow: activity, pathway, status, the rules that decided, confidence."""
    m = messages(lang)
    table = Table(title=escape(title), show_lines=False)
    for key in ("flow", "activity", "pathway", "status", "reasons", "confidence"):
        table.add_column(m(f"col-{key}"))
    for d in decisions:
        table.add_row(
            d.flow,
            m.term("activity", d.activity),
            pathway_label(pack, d.pathway.value, m),
            f"[{_STATUS_STYLE[d.status]}]{m.term('status', d.status.value)}[/]",
            "\n".join(d.reasons) or "—",
            m.term("confidence", d.confidence),
        )
    return table


def decision_summary(decision: Decision, pack: Pack, m: Messages) -> str:
    """Pathway title and status (and the facts needed, when a review is due)."""
    text = m(
        "decision-summary",
        pathway=m.local(pack.pathway(decision.pathway.value).title),
        status=m.term("status", decision.status.value),
    )
    if decision.missing_facts and decision.status == Status.NEEDS_REVIEW:
        text += m("decision-summary-missing", facts=m.join(decision.missing_facts))
    return text


def pathway_label(pack: Pack, pathway: str, m: Messages) -> str:
    """The pathway's id in English tables (short, greppable), the pack's zh title in Chinese."""
    return m.local(pack.pathway(pathway).title) if m.zh else pathway


def deadlines_table(decisions: Sequence[Decision], lang: str) -> Table | None:
    """Dated obligations across flows, soonest first (retention periods excluded)."""
    m = messages(lang)
    rows = sorted(
        (o.due, d.flow, o)
        for d in decisions
        for o in d.obligations
        if o.due is not None and o.deadline != "retention"
    )
    if not rows:
        return None
    table = Table(title=m("deadlines-title"))
    for col in ("due", "flow", "obligation"):
        table.add_column(m(f"col-{col}"))
    for due, flow, ob in rows:
        opens = (
            " " + m("deadline-window-opens", date=str(ob.window_opens)) if ob.window_opens else ""
        )
        est = " *" if ob.calendar == "estimated" else ""
        table.add_row(f"{due}{est}", flow, m.local({"zh": ob.title_zh, "en": ob.title_en}) + opens)
    return table


def _cites(cites: Sequence[Citation], m: Messages) -> str:
    return m("cite-separator").join(render_cite(c, m.lang) for c in cites)


def facts_read(inputs: Mapping[str, Any], m: Messages, *, known_only: bool = False) -> str:
    """``fact=value`` pairs as a person reads them (yes/no, unknown, lists joined)."""
    return m.join(f"{k}={m.value(v)}" for k, v in inputs.items() if not (known_only and v is None))


def _step(decision: Decision, rule: str, kind: str) -> TraceStep | None:
    return next((s for s in decision.trace if s.rule == rule and s.kind == kind), None)


def exemption_why(decision: Decision, ex: ExemptionCheck, m: Messages) -> str:
    """Why an exemption did or did not apply, from the facts its conditions read."""
    step = _step(decision, ex.id, "exemption")
    inputs = step.inputs if step else {}
    if ex.applied:
        return m("exemption-why-applied")
    if ex.result == "unknown":
        missing = [k for k, v in inputs.items() if v is None]
        return m("exemption-why-unknown", facts=m.join(missing))
    return m("exemption-why-not-met", facts=facts_read(inputs, m, known_only=True))


#: Notes the engine writes into trace steps → catalogue message and the captured variable.
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"declared"), "trace-note-declared"),
    (re.compile(r"out of scope"), "trace-note-out-of-scope"),
    (re.compile(r"basis '(?P<basis>[^']+)' exempted"), "trace-note-basis-exempted"),
    (
        re.compile(r"settled by the review of (?P<by>.+) on (?P<date>\d{4}-\d{2}-\d{2})"),
        "trace-note-settled",
    ),
    (re.compile(r"(?P<kind>\S+) → (?P<category>\S+)"), "trace-note-sensitive"),
    (re.compile(r"(?P<kind>\S+): not sensitive PI alone"), "trace-note-not-sensitive"),
    (
        re.compile(r"people not counted toward the year-to-date thresholds: (?P<exemptions>.+)"),
        "trace-note-not-counted",
    ),
)


def trace_note(note: str, m: Messages) -> str:
    """A trace step's note in the output language (unknown notes are shown as written)."""
    for pattern, msg_id in _NOTES:
        hit = pattern.fullmatch(note)
        if hit:
            return m(msg_id, **hit.groupdict())
    return note


def _reasons_section(decision: Decision, pack: Pack, m: Messages) -> list[str]:
    lines = [m("explain-reasons")]
    for rid in decision.reasons:
        rule = pack.rules.get(rid)
        title = m.local(rule.title) if rule else rid
        steps = [s for s in decision.trace if s.rule == rid and s.result != "false"]
        lines.append(f"  • {rid} — {title}")
        if steps and steps[0].cites:
            lines.append("    " + m("explain-cites", cites=_cites(steps[0].cites, m)))
        for s in steps:
            if s.inputs:
                where = f" [{s.asset}]" if s.asset else ""
                lines.append("    " + m("explain-facts", facts=facts_read(s.inputs, m)) + where)
            for pid, value in s.params.items():
                lines.append("    " + m("explain-parameter", name=pid, value=m.value(value)))
    return lines


def _items_section(decision: Decision, m: Messages) -> list[str]:
    if not decision.important_data:
        return []
    lines = ["", m("explain-important")]
    for item in decision.important_data:
        title = m.local({"zh": item.title_zh, "en": item.title_en})
        missing = (
            " " + m("explain-item-missing", facts=m.join(item.missing)) if item.missing else ""
        )
        proxy = " " + m("explain-proxy") if item.proxy else ""
        result = m.term("item-result", item.result)
        lines.append(f"  • [{item.asset}] {item.item} — {title}: {result}{proxy}{missing}")
    return lines


def _checks_section(decision: Decision, pack: Pack, m: Messages) -> list[str]:
    lines = ["", m("explain-exemptions")]
    for ex in decision.exemptions:
        mark = "✔" if ex.applied else "✘"
        title = m.local({"zh": ex.title_zh, "en": ex.title_en})
        lines.append(f"  {mark} {ex.id} — {title}{m('colon')}{exemption_why(decision, ex, m)}")
    if decision.gates:
        lines += ["", m("explain-gates")]
        for g in decision.gates:
            if g.open:
                state = m("gate-open", approval=g.approval or "")
            elif g.requires:
                kind = pack.meta.approval_kinds.get(g.requires)
                state = m("gate-closed", requires=m.local(kind.title) if kind else g.requires)
            else:
                state = m("gate-closed-no-approval")
            title = m.local({"zh": g.title_zh, "en": g.title_en})
            result = m.term("gate-result", g.result)
            lines.append(f"  • {g.id} — {title}{m('colon')}{result}{m('clause-separator')}{state}")
    approval = decision.approval
    until = (
        " " + m("explain-approval-until", date=str(approval.valid_until))
        if approval.valid_until
        else ""
    )
    status = m.term("approval-status", approval.status)
    lines += ["", m("explain-approval", status=status) + until]
    lines += _scope_lines(decision, m)
    return lines


def _scope_lines(decision: Decision, m: Messages) -> list[str]:
    """Scope changes against each approval's recorded scope, and approvals with none."""
    approval = decision.approval
    lines: list[str] = []
    if approval.scope_changes:
        lines.append("  " + m("explain-scope-changes"))
    for c in approval.scope_changes:
        args = {
            "approval": c.approval,
            "dimension": m.term("approval-scope", c.dimension),
            "found": m.join(c.found),
            "approved": m.join(c.approved),
        }
        if not c.known:
            key = "explain-scope-change-unknown"
        elif c.dimension == "storage_period":
            args["found"] = m.join(c.found) or "—"
            key = "explain-scope-change-period"
        elif not c.found:
            key = "explain-scope-change-no-storage"
        else:
            key = "explain-scope-change"
        lines.append("    • " + m(key, **args))
    if approval.unscoped:
        lines.append("  " + m("explain-unscoped"))
        lines += ["    • " + m("explain-unscoped-line", approval=a) for a in approval.unscoped]
    return lines


def _reviews_section(decision: Decision, m: Messages) -> list[str]:
    """Who reviewed which asset against the catalogue, when, and what the review decided."""
    if not decision.reviews:
        return []
    return ["", m("explain-reviews")] + [
        f"  • [{r.asset}] {review_text(r, m)}" for r in decision.reviews
    ]


def _obligations_section(decision: Decision, m: Messages) -> list[str]:
    lines: list[str] = []
    if decision.obligations:
        lines += ["", m("explain-obligations")]
        for ob in decision.obligations:
            due = str(ob.due) if ob.due else m("due-before-export")
            cond = " " + m("obligation-conditional") if ob.conditional else ""
            est = " " + m("calendar-estimated") if ob.calendar == "estimated" else ""
            title = m.local({"zh": ob.title_zh, "en": ob.title_en})
            lines.append(f"  • {title} — {due}{est}{cond}")
    if decision.notes:
        lines += ["", m("explain-notes")]
        lines += [
            f"  • [{n.asset}] {m.local({'zh': n.text_zh, 'en': n.text_en})}" for n in decision.notes
        ]
    if decision.missing_facts:
        lines += ["", m("explain-missing", facts=m.join(decision.missing_facts))]
    if decision.pi.ytd_unknown:
        lines += ["", m("explain-ytd-unknown")]
        lines += [
            "  • " + m("explain-ytd-unknown-asset", asset=g.asset, fact=g.fact)
            for g in decision.pi.ytd_unknown
        ]
    return lines


def _trace_section(decision: Decision, m: Messages) -> list[str]:
    lines = ["", m("explain-trace")]
    kinds = {s.kind: m.term("rule-kind", s.kind) for s in decision.trace}
    width = max((cell_len(k) for k in kinds.values()), default=0)
    for s in decision.trace:
        if s.result == "false" and s.note == "out of scope":
            continue
        kind = kinds[s.kind]
        line = m(
            "trace-line",
            kind=kind + " " * (width - cell_len(kind)),
            rule=s.rule + (f" [{s.asset}]" if s.asset else ""),
            result=m.term("result", s.result),
            confidence=m.term("confidence", s.confidence),
        )
        lines.append("  " + line + (f" — {trace_note(s.note, m)}" if s.note else ""))
    return lines


def explain_text(decision: Decision, pack: Pack, lang: str = "en") -> str:
    """A readable explanation: verdict, determining rules with citations, then the whole trace."""
    m = messages(lang)
    lines = [
        m("explain-heading", flow=decision.flow, activity=m.term("activity", decision.activity)),
        m("explain-decision", summary=decision_summary(decision, pack, m)),
        m("explain-pathway", pathway=m.local(pack.pathway(decision.pathway.value).title)),
        m("explain-confidence", confidence=m.term("confidence", decision.confidence)),
        "",
        *_reasons_section(decision, pack, m),
        *_items_section(decision, m),
        *_reviews_section(decision, m),
        *_checks_section(decision, pack, m),
        *_obligations_section(decision, m),
        *_trace_section(decision, m),
        "",
        m("explain-footer", pack=decision.pack, date=str(decision.as_of), id=decision.decision_id),
        m.local(pack.meta.disclaimer),
    ]
    return "\n".join(lines)
