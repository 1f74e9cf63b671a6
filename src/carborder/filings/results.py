"""What building and checking a filing return: documents, missing fields, the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carborder.filings.compose import FieldState
from carborder.filings.ir import Document
from carborder.filings.lint import LintFinding

__all__ = ["DocumentEntry", "FilingCheck", "FilingPlan", "FilingResult", "MissingField"]


@dataclass(frozen=True)
class DocumentEntry:
    """One generated file."""

    kind: str
    lang: str
    format: str
    path: str
    title: str
    edition: str
    missing_human_fields: list[str]

    def to_json(self) -> dict[str, Any]:
        """filing.json entry."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class MissingField:
    """A required item nobody has filled yet."""

    field: str
    label_zh: str
    label_en: str
    documents: list[str]


@dataclass
class FilingPlan:
    """What a build would contain, without rendering: documents, every field, completeness."""

    flow: str | None
    pathway: str | None
    decision_id: str | None
    mechanism: str | None
    documents: list[str]
    forced: str | None
    fields: dict[str, FieldState]
    lint: list[LintFinding]
    docs: list[Document] = field(default_factory=list)

    @property
    def missing(self) -> list[MissingField]:
        """Required items still empty."""
        out = []
        for state in self.fields.values():
            for m in state.missing:
                out.append(
                    MissingField(m, state.spec.label.zh, state.spec.label.en, state.documents)
                )
        return out

    @property
    def complete(self) -> bool:
        """Every required field filled and no conflict found."""
        return not self.missing and not self.lint


@dataclass(frozen=True)
class FilingResult:
    """A written filing folder."""

    directory: Path
    flow: str | None
    pathway: str | None
    documents: list[DocumentEntry]
    pack_zip: Path
    filing_json: Path
    complete: bool
    missing: list[MissingField]


@dataclass(frozen=True)
class FilingCheck:
    """Completeness of a filing folder (optionally against an edited answers file)."""

    directory: Path
    complete: bool
    missing: list[MissingField]
    lint: list[dict[str, str]]
    pack_problems: list[str]
