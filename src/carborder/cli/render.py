"""Turn decisions into tables, JSON and readable explanations (zh/en)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from carborder.model.decision import Decision, Status, TraceStep
from carborder.rulebook.pack import Pack

__all__ = ["deadlines_table", "decision_json", "decisions_table", "explain_text"]

_STATUS_STYLE = {
    Status.ALLOWED: "green",
    Status.NEEDS_APPROVAL: "yellow",
    Status.BLOCKED: "bold red",
    Status.NEEDS_REVIEW: "magenta",
}

_T = {
    "flow": ("流", "Flow"),
    "pathway": ("路径", "Pathway"),
    "status": ("状态", "Status"),
    "reasons": ("依据规则", "Reasons"),
    "confidence": ("置信度", "Confidence"),
    "activity": ("出境行为", "Activity"),
}


def _t(key: str, lang: str) -> str:
    zh, en = _T[key]
    return zh if lang == "zh" else en


def decision_json(decision: Decision, *, trace: bool = False) -> dict[str, Any]:
    """JSON-ready dict of a decision; the trace only when asked for (it is long)."""
    data = decision.model_dump(mode="json")
    if not trace:
        data.pop("trace")
    return data


def decisions_table(decisions: Sequence[Decision], pack: Pack, lang: str, title: str) -> Table:
    """One row per flow."""
    table = Table(title=title, show_lines=False)
    for key in ("flow", "activity", "pathway", "status", "reasons", "confidence"):
        table.add_column(_t(key, lang))
    for d in decisions:
        spec = pack.pathway(d.pathway.value)
        table.add_row(
            d.flow,
            d.activity,
            spec.title.get(lang) if lang == "zh" else d.pathway.value,
            f"[{_STATUS_STYLE[d.status]}]{d.status.value}[/]",
            "\n".join(d.reasons) or "—",
            d.confidence,
        )
    return table


def deadlines_table(decisions: Sequence[Decision], lang: str) -> Table | None:
    """Dated obligations across flows, soonest first (retention periods excluded)."""
    zh = lang == "zh"
    rows = sorted(
        (o.due, d.flow, o)
        for d in decisions
        for o in d.obligations
        if o.due is not None and o.deadline != "retention"
    )
    if not rows:
        return None
    table = Table(title="即将到期的义务" if zh else "Upcoming deadlines")
    for col in ("到期日" if zh else "due", "流" if zh else "flow", "义务" if zh else "obligation"):
        table.add_column(col)
    for due, flow, ob in rows:
        opens = f" (window opens {ob.window_opens})" if ob.window_opens else ""
        est = " *" if ob.calendar == "estimated" else ""
        table.add_row(f"{due}{est}", flow, (ob.title_zh if zh else ob.title_en) + opens)
    return table


def _cite_text(step: TraceStep, lang: str) -> str:
    parts = []
    for c in step.cites:
        title = c.title_zh if lang == "zh" else c.short
        parts.append(f"{title} {c.article}" if lang == "en" else f"《{title}》{c.article}")
    return "; ".join(parts)


def _reasons_section(decision: Decision, pack: Pack, lang: str) -> list[str]:
    zh = lang == "zh"
    lines = ["决定性规则及依据：" if zh else "Rules that determined it, with citations:"]
    for rid in decision.reasons:
        rule = pack.rules.get(rid)
        title = rule.title.get(lang) if rule else rid
        steps = [s for s in decision.trace if s.rule == rid and s.result != "false"]
        lines.append(f"  • {rid} — {title}")
        if steps and steps[0].cites:
            lines.append(("    依据：" if zh else "    cites: ") + _cite_text(steps[0], lang))
        for s in steps:
            if s.inputs:
                shown = ", ".join(
                    f"{k}={('未知' if zh else 'unknown') if v is None else v}"
                    for k, v in s.inputs.items()
                )
                where = f" [{s.asset}]" if s.asset else ""
                lines.append(("    事实：" if zh else "    facts: ") + shown + where)
            for pid, value in s.params.items():
                lines.append(("    参数：" if zh else "    parameter: ") + f"{pid} = {value}")
    return lines


def _items_section(decision: Decision, lang: str) -> list[str]:
    if not decision.important_data:
        return []
    zh = lang == "zh"
    lines = ["", "重要数据判定：" if zh else "Important data:"]
    for item in decision.important_data:
        title = item.title_zh if zh else item.title_en
        extra = f" (missing: {', '.join(item.missing)})" if item.missing else ""
        proxy = (" [代理标准]" if zh else " [proxy criteria]") if item.proxy else ""
        lines.append(f"  • [{item.asset}] {item.item} — {title}: {item.result}{proxy}{extra}")
    return lines


def _checks_section(decision: Decision, lang: str) -> list[str]:
    zh = lang == "zh"
    lines = ["", "豁免情形：" if zh else "Exemptions considered:"]
    for ex in decision.exemptions:
        mark = "✔" if ex.applied else "✘"
        lines.append(f"  {mark} {ex.id} — {ex.title_zh if zh else ex.title_en}: {ex.why}")
    if decision.gates:
        lines += ["", "硬性关口：" if zh else "Hard gates:"]
        for g in decision.gates:
            state = ("已开启" if zh else "open") if g.open else ("未开启" if zh else "closed")
            lines.append(f"  • {g.id} — {g.title_zh if zh else g.title_en}: {g.result}, {state}")
    until = (
        f" (valid until {decision.approval.valid_until})" if decision.approval.valid_until else ""
    )
    lines += ["", ("审批状态：" if zh else "Approval: ") + decision.approval.status + until]
    return lines


def _obligations_section(decision: Decision, lang: str) -> list[str]:
    zh = lang == "zh"
    lines: list[str] = []
    if decision.obligations:
        lines += ["", "义务与期限：" if zh else "Obligations and deadlines:"]
        for ob in decision.obligations:
            due = str(ob.due) if ob.due else ("出境前" if zh else "before export")
            cond = (" [如适用]" if zh else " [if applicable]") if ob.conditional else ""
            est = (
                (" (估算日历)" if zh else " (estimated calendar)")
                if ob.calendar == "estimated"
                else ""
            )
            lines.append(f"  • {ob.title_zh if zh else ob.title_en} — {due}{est}{cond}")
    if decision.notes:
        lines += ["", "复核提示：" if zh else "Review notes:"]
        lines += [f"  • [{n.asset}] {n.text_zh if zh else n.text_en}" for n in decision.notes]
    if decision.missing_facts:
        label = "需补充的事实：" if zh else "Facts needed: "
        lines += ["", label + ", ".join(decision.missing_facts)]
    return lines


def _trace_section(decision: Decision, lang: str) -> list[str]:
    lines = ["", "完整推理轨迹：" if lang == "zh" else "Full trace:"]
    for s in decision.trace:
        if s.result == "false" and s.note == "out of scope":
            continue
        where = f" [{s.asset}]" if s.asset else ""
        note = f" — {s.note}" if s.note else ""
        lines.append(f"  {s.kind:<15} {s.rule}{where} → {s.result} ({s.confidence}){note}")
    return lines


def explain_text(decision: Decision, pack: Pack, lang: str = "en") -> str:
    """A readable explanation: verdict, determining rules with citations, then the whole trace."""
    zh = lang == "zh"
    spec = pack.pathway(decision.pathway.value)
    lines = [
        f"数据出境流 {decision.flow}（{decision.activity}）"
        if zh
        else f"Flow {decision.flow} ({decision.activity})",
        ("结论：" if zh else "Decision: ") + (decision.summary_zh if zh else decision.summary_en),
        ("路径：" if zh else "Pathway: ") + spec.title.get(lang),
        ("规则置信度（最弱）：" if zh else "Weakest rule confidence: ") + decision.confidence,
        "",
        *_reasons_section(decision, pack, lang),
        *_items_section(decision, lang),
        *_checks_section(decision, lang),
        *_obligations_section(decision, lang),
        *_trace_section(decision, lang),
        "",
        f"{decision.pack} · as of {decision.as_of} · decision {decision.decision_id}",
        pack.meta.disclaimer.get(lang),
    ]
    return "\n".join(lines)
