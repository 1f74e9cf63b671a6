"""Pydantic shapes of the template files: documents, sections, blocks, fields and the index."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carborder.rulebook.schema import Confidence, Localized

__all__ = [
    "Bilingual",
    "Block",
    "Column",
    "Cover",
    "DocumentTemplate",
    "FieldDef",
    "FieldKind",
    "FieldType",
    "FontRole",
    "FontsSpec",
    "FormattingSpec",
    "LabelEntry",
    "Labels",
    "Material",
    "PageSpec",
    "Parameter",
    "SectionTemplate",
    "Selection",
    "SelectionWhen",
    "TemplateIndex",
    "TemplateSource",
    "TextStyle",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: A text in Chinese (the filed language) and its English convenience translation: the
#: rulebook's zh/en text type, so pack titles and template texts read alike.
Bilingual = Localized


class TemplateSource(_Strict):
    """Where a template's text comes from."""

    instrument: Bilingual = Field(description="Guide or measure the template belongs to.")
    annex: str | None = Field(default=None, description="Annex number or name in that guide.")
    href: str | None = Field(default=None, description="Official address of the guide.")
    date: dt.date = Field(description="Publication date of the edition.")
    checked_against: str = Field(
        description="Which copy the headings were checked against, or why not."
    )


class FieldKind(StrEnum):
    """Who fills a field."""

    AUTO = "auto"
    HUMAN = "human"


class FieldType(StrEnum):
    """Shape of a field's value."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    LIST = "list"
    TABLE = "table"


class Column(_Strict):
    """A column of a table field."""

    key: str = Field(description="Key of the cell in each row.")
    label: Bilingual = Field(description="Column header (verbatim where the template has one).")
    human: bool = Field(default=False, description="Cells a person fills (per row key).")


class FieldDef(_Strict):
    """One fillable item, defined once and referenced by any document."""

    label: Bilingual = Field(description="What the field is, as shown to people.")
    kind: FieldKind = Field(description="auto (carborder fills it from its records) or human.")
    type: FieldType = Field(default=FieldType.TEXT, description="Shape of the value.")
    source: str | None = Field(default=None, description="Resolver name for auto fields.")
    required: bool = Field(default=True, description="A filing is incomplete while it is empty.")
    help: Bilingual | None = Field(default=None, description="What to write (human fields).")
    columns: list[Column] = Field(default_factory=list, description="Columns of a table field.")

    @model_validator(mode="after")
    def _consistent(self) -> FieldDef:
        if self.kind is FieldKind.AUTO and not self.source:
            raise ValueError("an auto field needs a source (resolver name)")
        if self.type is FieldType.TABLE and not self.columns:
            raise ValueError("a table field needs columns")
        return self


class Block(_Strict):
    """One piece of a section body: fixed text, a field, or a note for people."""

    text: Bilingual | None = Field(default=None, description="Fixed text (legal sentences).")
    field: str | None = Field(default=None, description="Id of a field in fields.yaml.")
    label: bool = Field(default=True, description="Show the field label before its value.")
    style: Literal["body", "center", "right", "signature", "note"] = Field(
        default="body", description="Paragraph style."
    )

    @model_validator(mode="after")
    def _one(self) -> Block:
        if (self.text is None) == (self.field is None):
            raise ValueError("a block is either `text` or `field`")
        return self


class SectionTemplate(_Strict):
    """A heading (verbatim) with its body and subsections."""

    heading: Bilingual = Field(description="Heading text, verbatim from the template.")
    verified: bool = Field(
        description="True when checked against a copy of the official template; false when "
        "reconstructed (then the document's metadata says so)."
    )
    guidance: Bilingual | None = Field(
        default=None, description="The template's instruction under the heading (not printed)."
    )
    body: list[Block] = Field(default_factory=list, description="Blocks under the heading.")
    sections: list[SectionTemplate] = Field(default_factory=list, description="Subsections.")


class Material(_Strict):
    """One item of a materials checklist."""

    item: Bilingual = Field(description="Material, as the guide names it.")
    document: str | None = Field(
        default=None,
        description="Document kind carborder generates for it (else the filer provides it).",
    )


class LabelEntry(_Strict):
    """Display label of one vocabulary value."""

    zh: str
    en: str
    category: str | None = Field(default=None, description="GB/T 35273 category key.")
    describe: Bilingual | None = None
    example: Bilingual | None = None


class Labels(_Strict):
    """labels.yaml: names of vocabulary values people read in filings."""

    gbt35273: dict[str, object] = Field(description="GB/T 35273 categories with source.")
    pi_kinds: dict[str, LabelEntry]
    sensitive_kinds: dict[str, LabelEntry]
    content_kinds: dict[str, LabelEntry]
    domains: dict[str, LabelEntry]
    activities: dict[str, LabelEntry]
    operators: dict[str, LabelEntry]
    relations: dict[str, LabelEntry]
    handler_types: dict[str, LabelEntry]
    countries: dict[str, LabelEntry]
    statuses: dict[str, LabelEntry]
    words: dict[str, LabelEntry]


class Cover(_Strict):
    """The cover page: title lines and the party/seal/date lines."""

    lines: list[Block] = Field(default_factory=list, description="Blocks printed on the cover.")


class Parameter(_Strict):
    """A figure a document's computed checks use (e.g. a growth limit), with its source."""

    value: float | int = Field(description="The value.")
    unit: str = Field(description="Unit, e.g. 'ratio' or 'working_days'.")
    cite: Bilingual = Field(description="Where it comes from.")
    confidence: Confidence = Field(description="How it was checked.")


class DocumentTemplate(_Strict):
    """One document in one edition."""

    kind: str = Field(description="Stable document kind, e.g. 'scc_pipia'.")
    edition: str = Field(description="Edition id, e.g. 'scc-guide-2'.")
    title: Bilingual = Field(description="Document title.")
    subtitle: Bilingual | None = Field(default=None, description="Line under the title.")
    source: TemplateSource = Field(description="Source of the template.")
    confidence: Confidence = Field(description="Weakest check of its headings and text.")
    notes: Bilingual | None = Field(default=None, description="What a person must check.")
    cover: Cover | None = Field(default=None, description="Cover page, if the template has one.")
    preamble: list[Block] = Field(default_factory=list, description="Blocks before section 1.")
    sections: list[SectionTemplate] = Field(description="The headings, in order.")
    closing: list[Block] = Field(default_factory=list, description="Blocks after the sections.")
    materials: list[Material] = Field(
        default_factory=list, description="Materials checklist rows (checklist documents)."
    )
    parameters: dict[str, Parameter] = Field(
        default_factory=dict, description="Figures the document's checks use, with citations."
    )


class SelectionWhen(_Strict):
    """When a document set is required by a decision."""

    pathway: str | None = Field(default=None, description="Decision pathway.")
    mechanism: str | None = Field(default=None, description="Chosen mechanism of the pathway.")
    obligation: str | None = Field(default=None, description="Obligation id in the decision.")


class Selection(_Strict):
    """A rule: these documents when the decision says so."""

    when: SelectionWhen
    documents: list[str] = Field(min_length=1)


class TemplateIndex(_Strict):
    """templates/index.yaml: current edition per kind, selection rules, annual report kind."""

    documents: dict[str, str] = Field(description="kind → template file (relative).")
    selection: list[Selection] = Field(description="Which documents a decision requires.")
    mechanisms: dict[str, list[str]] = Field(
        description="pathway → mechanisms a filer may choose (first = default)."
    )
    annual_report: str = Field(description="Kind of the annual report document.")
    annual_obligation: str = Field(description="Obligation that requires the annual report.")


class FontRole(_Strict):
    """A font role: the name DOCX asks for and the PDF substitutes, first found wins."""

    docx: str = Field(description="Font name written into DOCX (what CAC expects).")
    pdf: list[str] = Field(min_length=1, description="Font families embedded in PDFs, in order.")
    package: str = Field(description="Where the PDF fonts come from (Debian package).")


class FontsSpec(_Strict):
    """fonts.yaml."""

    roles: dict[str, FontRole]
    fallback: list[str] = Field(default_factory=list, description="Last-resort glyph fonts.")
    dirs: list[str] = Field(default_factory=list, description="Font folders searched.")


class TextStyle(_Strict):
    """Font role, size and weight of one kind of text."""

    font: str | None = None
    size_pt: float | None = None
    bold: bool = False
    line_pt: float | None = None
    indent_chars: int | None = None
    official: bool = True


class PageSpec(_Strict):
    """Paper and margins."""

    paper: str
    width_cm: float
    height_cm: float
    top_cm: float
    bottom_cm: float
    left_cm: float
    right_cm: float


class FormattingSpec(_Strict):
    """formatting.yaml: the official formatting rule and carborder's choices where it is silent."""

    source: dict[str, str]
    page: PageSpec
    body: TextStyle
    latin: TextStyle
    headings: dict[str, TextStyle]
    title: TextStyle
    subtitle: TextStyle
    table: TextStyle
    footer: TextStyle
