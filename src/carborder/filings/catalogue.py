"""Load the template data (index, fields, labels, formatting, fonts, documents) and check it whole."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from carborder.errors import FilingError, Msg
from carborder.filings.schema import (
    Block,
    DocumentTemplate,
    FieldDef,
    FontsSpec,
    FormattingSpec,
    Labels,
    SectionTemplate,
    TemplateIndex,
)
from carborder.rulebook.loader import pydantic_error
from carborder.rulebook.yamlio import read_yaml

__all__ = [
    "TEMPLATES_DIR",
    "Catalogue",
    "TemplateInfo",
    "inline_refs",
    "iter_blocks",
    "iter_headings",
    "list_templates",
    "load_catalogue",
]

#: Where the template data lives (package data).
TEMPLATES_DIR = Path(__file__).parent / "templates"

#: Inline field reference inside fixed text: ``{{field.id}}`` or a tick box ``{{field.id=value}}``.
_INLINE = re.compile(r"\{\{([a-z0-9_.]+)(?:=([a-z0-9_]+))?\}\}")

M = TypeVar("M", bound=BaseModel)


def inline_refs(text: str) -> list[tuple[str, str | None]]:
    """Field ids (and tick-box values) referenced inside a fixed text.

    >>> inline_refs("on {{scc.date}} at {{scc.body=cietac}}")
    [('scc.date', None), ('scc.body', 'cietac')]
    """
    return [(m.group(1), m.group(2)) for m in _INLINE.finditer(text)]


def split_inline(text: str) -> list[tuple[str, str | None, str | None]]:
    """Split fixed text into (literal, field id, tick value) pieces.

    >>> split_inline("a{{x}}b")
    [('a', None, None), ('', 'x', None), ('b', None, None)]
    """
    out: list[tuple[str, str | None, str | None]] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], None, None))
        out.append(("", m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None, None))
    return out


def iter_headings(
    sections: list[SectionTemplate], level: int = 1
) -> Iterator[tuple[int, SectionTemplate]]:
    """Every section with its level, depth first, in document order."""
    for section in sections:
        yield level, section
        yield from iter_headings(section.sections, level + 1)


def iter_blocks(template: DocumentTemplate) -> Iterator[Block]:
    """Every block of a template: cover, preamble, section bodies, closing."""
    if template.cover is not None:
        yield from template.cover.lines
    yield from template.preamble
    for _, section in iter_headings(template.sections):
        yield from section.body
    yield from template.closing


def _field_ids(template: DocumentTemplate) -> list[str]:
    ids: list[str] = []
    for block in iter_blocks(template):
        if block.field is not None:
            ids.append(block.field)
        if block.text is not None:
            ids.extend(f for f, _ in inline_refs(block.text.zh))
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class TemplateInfo:
    """What a template is, for lists and for the web's filing pages."""

    kind: str
    edition: str
    title_zh: str
    title_en: str
    source: str
    href: str | None
    date: str
    confidence: str
    headings: list[tuple[str, str, bool]]
    fields: list[str]


@dataclass(frozen=True)
class Catalogue:
    """All template data, checked for integrity."""

    index: TemplateIndex
    fields: dict[str, FieldDef]
    labels: Labels
    formatting: FormattingSpec
    fonts: FontsSpec
    templates: dict[str, DocumentTemplate]
    digests: dict[str, str]
    files: dict[str, Path]

    def template(self, kind: str) -> DocumentTemplate:
        """The current edition of a document kind."""
        return self.templates[kind]

    def fields_of(self, kind: str) -> list[str]:
        """Field ids a document uses, in order of first use."""
        return _field_ids(self.templates[kind])


def _load(path: Path, model: type[M], key: str | None = None) -> M:
    docs = read_yaml(path, FilingError)
    data, lines = docs[0] if docs else ({}, {})
    if key is not None:
        data = (data or {}).get(key, {}) if isinstance(data, dict) else {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise pydantic_error(exc, path, lines, prefix=key or "", cls=FilingError) from None


def _load_fields(path: Path) -> dict[str, FieldDef]:
    docs = read_yaml(path, FilingError)
    data, lines = docs[0] if docs else ({}, {})
    raw: dict[str, Any] = (data or {}).get("fields", {})
    out: dict[str, FieldDef] = {}
    for fid, spec in raw.items():
        try:
            out[fid] = FieldDef.model_validate(spec)
        except ValidationError as exc:
            raise pydantic_error(
                exc, path, lines, prefix=f"fields.{fid}", cls=FilingError
            ) from None
    return out


def _check(cat: Catalogue, resolvers: set[str]) -> None:
    """Cross-file integrity: every reference resolves."""
    for fid, spec in cat.fields.items():
        if spec.source is not None and spec.source not in resolvers:
            raise FilingError(
                Msg("err-field-source", id=fid, source=spec.source),
                file=cat.files["fields"],
                hint=Msg("hint-field-sources", known=", ".join(sorted(resolvers))),
            )
    for kind, template in cat.templates.items():
        if template.kind != kind:
            raise FilingError(
                Msg("err-template-kind", kind=template.kind, listed=kind), file=cat.files[kind]
            )
        for fid in _field_ids(template):
            if fid not in cat.fields:
                raise FilingError(
                    Msg("err-template-field", id=fid),
                    file=cat.files[kind],
                    hint=Msg("hint-template-field"),
                )
        for block in iter_blocks(template):
            if block.text is not None and inline_refs(block.text.zh) != inline_refs(block.text.en):
                raise FilingError(
                    Msg("err-template-refs"),
                    file=cat.files[kind],
                    key=block.text.zh[:40],
                )
        for material in template.materials:
            if material.document is not None and material.document not in cat.templates:
                raise FilingError(
                    Msg("err-template-material", kind=material.document), file=cat.files[kind]
                )
    for rule in cat.index.selection:
        for kind in rule.documents:
            if kind not in cat.templates:
                raise FilingError(Msg("err-template-selection", kind=kind), file=cat.files["index"])


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load and check the template data under ``root`` (default: the built-in templates).

    Raises:
        FilingError: a file is malformed or a reference does not resolve (file, line, remedy).
    """
    if root is None:
        return _builtin()
    return _load_catalogue(root)


@cache
def _builtin() -> Catalogue:
    return _load_catalogue(TEMPLATES_DIR)


def _load_catalogue(root: Path) -> Catalogue:
    from carborder.filings.resolvers import RESOLVERS

    files: dict[str, Path] = {
        "index": root / "index.yaml",
        "fields": root / "fields.yaml",
        "labels": root / "labels.yaml",
        "formatting": root / "formatting.yaml",
        "fonts": root / "fonts.yaml",
    }
    index = _load(files["index"], TemplateIndex)
    templates: dict[str, DocumentTemplate] = {}
    digests: dict[str, str] = {}
    for kind, rel in index.documents.items():
        path = root / rel
        files[kind] = path
        templates[kind] = _load(path, DocumentTemplate)
        digests[kind] = hashlib.sha256(path.read_bytes()).hexdigest()
    cat = Catalogue(
        index=index,
        fields=_load_fields(files["fields"]),
        labels=_load(files["labels"], Labels),
        formatting=_load(files["formatting"], FormattingSpec),
        fonts=_load(files["fonts"], FontsSpec),
        templates=templates,
        digests=digests,
        files=files,
    )
    _check(cat, set(RESOLVERS))
    return cat


def list_templates() -> list[TemplateInfo]:
    """Every built-in document kind in its current edition, with headings and their checks."""
    cat = load_catalogue()
    out = []
    for kind, t in cat.templates.items():
        out.append(
            TemplateInfo(
                kind=kind,
                edition=t.edition,
                title_zh=t.title.zh,
                title_en=t.title.en,
                source=t.source.instrument.zh,
                href=t.source.href,
                date=t.source.date.isoformat(),
                confidence=t.confidence.value,
                headings=[
                    (s.heading.zh, s.heading.en, s.verified) for _, s in iter_headings(t.sections)
                ],
                fields=cat.fields_of(kind),
            )
        )
    return out
