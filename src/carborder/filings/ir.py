"""The one document model both renderers read: headings, paragraphs of runs, tables."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Cell", "Document", "Heading", "Node", "Paragraph", "Run", "TableNode"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Run(_Frozen):
    """A piece of text: fixed, filled from a field, or a visible placeholder for a missing field."""

    text: str
    kind: Literal["text", "value", "missing"] = "text"


class Paragraph(_Frozen):
    """A paragraph of runs."""

    type: Literal["p"] = "p"
    runs: list[Run]
    style: Literal["body", "center", "right", "signature", "note"] = "body"

    @property
    def text(self) -> str:
        """Plain text."""
        return "".join(r.text for r in self.runs)


class Heading(_Frozen):
    """A template heading, verbatim, with its level (1 = chapter, 2 = section, 3 = item, 4 = sub-item)."""

    type: Literal["h"] = "h"
    level: int = Field(ge=1, le=4)
    text: str
    verified: bool


class Cell(_Frozen):
    """A table cell."""

    runs: list[Run]

    @property
    def text(self) -> str:
        """Plain text."""
        return "".join(r.text for r in self.runs)


class TableNode(_Frozen):
    """A table with a header row."""

    type: Literal["table"] = "table"
    header: list[str]
    rows: list[list[Cell]]


Node = Heading | Paragraph | TableNode


class Document(_Frozen):
    """One rendered document in one language."""

    kind: str
    edition: str
    lang: Literal["zh", "en"]
    title: str
    subtitle: str | None = None
    cover: list[Paragraph] = Field(default_factory=list)
    body: list[Node]
    footer: str = Field(description="Printed at the foot of every page.")
    banner: str | None = Field(
        default=None, description="Printed at the head of every page (unofficial translation)."
    )
    meta: dict[str, Any] = Field(default_factory=dict, description="Document metadata.")

    def headings(self) -> list[str]:
        """Heading texts in order."""
        return [n.text for n in self.body if isinstance(n, Heading)]
