"""The rulebook browser: every rule and parameter with its citations and confidence."""

from __future__ import annotations

from typing import Any

from carborder.errors import Msg
from carborder.rulebook.pack import Pack
from carborder.rulebook.schema import Cite
from carborder.web.errors import NotFoundError
from carborder.web.schemas import RulebookOut, RuleOut

__all__ = ["rule", "rulebook"]


def _cites(pack: Pack, cites: list[Cite]) -> list[dict[str, Any]]:
    out = []
    for c in cites:
        inst = pack.instruments.get(c.instrument)
        out.append(
            {
                "instrument": c.instrument,
                "article": c.article,
                "note": c.note,
                "short": inst.short if inst else c.instrument,
                "title_zh": inst.title.zh if inst else c.instrument,
                "title_en": inst.title.en if inst else c.instrument,
            }
        )
    return out


def _rules(pack: Pack, *, detail: bool) -> list[RuleOut]:
    out: list[RuleOut] = []
    for rid in sorted(pack.rules):
        r = pack.rules[rid]
        out.append(
            RuleOut(
                id=rid,
                kind=r.kind,
                title_zh=r.title.zh,
                title_en=r.title.en,
                confidence=r.confidence.value,
                cites=_cites(pack, r.cites),
                effective_from=r.effective_from.isoformat(),
                detail=r.model_dump(mode="json") if detail else {},
            )
        )
    for pid in sorted(pack.parameters):
        p = pack.parameters[pid]
        latest = p.values[max(p.values)]
        out.append(
            RuleOut(
                id=pid,
                kind="parameter",
                title_zh=p.title.zh,
                title_en=p.title.en,
                confidence=pack.confidence_of(pid).value,
                cites=_cites(pack, latest.cites),
                effective_from=min(p.values).isoformat(),
                detail=p.model_dump(mode="json") if detail else {},
            )
        )
    return out


def rulebook(pack: Pack, *, kind: str | None = None, q: str | None = None) -> RulebookOut:
    """The pack's identity and its rules (optionally one kind, or matching a search)."""
    rules = _rules(pack, detail=False)
    if kind:
        rules = [r for r in rules if r.kind == kind]
    if q:
        needle = q.lower()
        rules = [
            r
            for r in rules
            if needle in r.id.lower() or needle in r.title_en.lower() or needle in r.title_zh
        ]
    m = pack.meta
    return RulebookOut(
        id=m.id,
        version=m.version,
        effective_from=m.effective_from.isoformat(),
        title_zh=m.title.zh,
        title_en=m.title.en,
        disclaimer_zh=m.disclaimer.zh,
        disclaimer_en=m.disclaimer.en,
        rules=rules,
    )


def rule(pack: Pack, rule_id: str) -> RuleOut:
    """One rule or parameter with its full text as written in the pack.

    Raises:
        NotFoundError: no such rule.
    """
    for r in _rules(pack, detail=True):
        if r.id == rule_id:
            return r
    raise NotFoundError(
        Msg("web-no", what=Msg("thing-rule"), id=str(rule_id)),
        hint=Msg("web-hint-see", url="/api/v1/rulebook"),
    )
