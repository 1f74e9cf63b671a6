"""Check human-written contract terms for known conflicts with the standard contract body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from carborder.errors import FilingError
from carborder.filings.catalogue import TEMPLATES_DIR
from carborder.filings.schema import Bilingual
from carborder.filings.values import Text
from carborder.rulebook.loader import pydantic_error
from carborder.rulebook.yamlio import read_yaml

__all__ = ["LintFinding", "lint_answers"]


class _Conflict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    why: Bilingual


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    conflicts: list[_Conflict] = Field(min_length=1)


@dataclass(frozen=True)
class LintFinding:
    """A phrase in a human field that conflicts with the fixed contract text."""

    field: str
    match: str
    why_zh: str
    why_en: str

    def to_json(self) -> dict[str, str]:
        """filing.json entry."""
        return {
            "field": self.field,
            "match": self.match,
            "why_zh": self.why_zh,
            "why_en": self.why_en,
        }


@cache
def _rules(
    path: Path = TEMPLATES_DIR / "lint.yaml",
) -> tuple[tuple[str, tuple[tuple[re.Pattern[str], Bilingual], ...]], ...]:
    docs = read_yaml(path, FilingError)
    data, lines = docs[0] if docs else ({}, {})
    out = []
    for name, raw in (data or {}).items():
        try:
            rule = _Rule.model_validate(raw)
        except Exception as exc:
            from pydantic import ValidationError

            if isinstance(exc, ValidationError):
                raise pydantic_error(exc, path, lines, prefix=str(name), cls=FilingError) from None
            raise
        out.append(
            (
                rule.field,
                tuple((re.compile(c.pattern, re.IGNORECASE), c.why) for c in rule.conflicts),
            )
        )
    return tuple(out)


def lint_answers(texts: dict[str, Text]) -> list[LintFinding]:
    """Every known conflict found in the answers (zh and en), once per field and reason.

    >>> lint_answers({"scc.appendix2": Text.same("如有冲突，以主合同为准。")})[0].match
    '以主合同为准'
    """
    findings: list[LintFinding] = []
    for fid, conflicts in _rules():
        text = texts.get(fid)
        if text is None:
            continue
        seen: set[str] = set()
        for pattern, why in conflicts:
            for body in (text.zh, text.en):
                m = pattern.search(body)
                if m and why.zh not in seen:
                    seen.add(why.zh)
                    findings.append(LintFinding(fid, m.group(0), why.zh, why.en))
    return findings
