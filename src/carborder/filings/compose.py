"""Fill a template from the records and the answers, and lay it out as the document model."""

from __future__ import annotations

from dataclasses import dataclass, field

from carborder.filings.answers import Answers
from carborder.filings.catalogue import iter_headings, split_inline
from carborder.filings.context import FilingContext
from carborder.filings.ir import Cell, Document, Heading, Node, Paragraph, Run, TableNode
from carborder.filings.resolvers import RESOLVERS, word
from carborder.filings.schema import Block, DocumentTemplate, FieldDef, FieldKind, FieldType
from carborder.filings.values import Filled, Table, Text

__all__ = ["Composer", "FieldState"]


@dataclass
class FieldState:
    """A field as filled for one build: value, provenance, what is missing, where it is used."""

    id: str
    spec: FieldDef
    filled: Filled
    documents: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Missing items that make the filing incomplete (required fields only)."""
        return list(self.filled.missing) if self.spec.required else []

    def to_json(self) -> dict[str, object]:
        """The field's entry in filing.json."""
        value = self.filled.value
        shown: object
        if isinstance(value, Text):
            shown = {"zh": value.zh, "en": value.en}
        elif isinstance(value, Table):
            shown = {k: {c: t.zh for c, t in row.items()} for k, row in value.rows}
        else:
            shown = None
        return {
            "kind": "human" if self.filled.human else self.spec.kind.value,
            "declared_kind": self.spec.kind.value,
            "label": {"zh": self.spec.label.zh, "en": self.spec.label.en},
            "required": self.spec.required,
            "value": shown,
            "sources": list(self.filled.sources),
            "missing": list(self.filled.missing),
            "documents": self.documents,
        }


class Composer:
    """Resolves fields once per build and lays out documents in either language."""

    def __init__(self, ctx: FilingContext, answers: Answers) -> None:
        self.ctx = ctx
        self.answers = answers
        self.fields: dict[str, FieldState] = {}

    # -- fields ----------------------------------------------------------------------------

    def field(self, fid: str, kind: str) -> FieldState:
        """The field ``fid`` filled (once), noting that document ``kind`` uses it."""
        state = self.fields.get(fid)
        if state is None:
            spec = self.ctx.catalogue.fields[fid]
            state = FieldState(fid, spec, self._fill(fid, spec))
            self.fields[fid] = state
        if kind not in state.documents:
            state.documents.append(kind)
        return state

    def _fill(self, fid: str, spec: FieldDef) -> Filled:
        answered = self.answers.texts.get(fid)
        src = f"{self.answers.source}#{fid}"
        if answered is not None:
            return Filled(answered, (src,), human=True)
        if spec.kind is FieldKind.AUTO and spec.source is not None:
            got = RESOLVERS[spec.source](self.ctx, spec)
            if got.value is None:
                return Filled(None, got.sources, missing=(fid,))
            if isinstance(got.value, Table):
                return self._cells(fid, spec, got)
            return got
        return Filled(None, (), human=True, missing=(fid,))

    def _cells(self, fid: str, spec: FieldDef, got: Filled) -> Filled:
        assert isinstance(got.value, Table)
        human = [c.key for c in spec.columns if c.human]
        if not human:
            return got
        given = self.answers.cells.get(fid, {})
        rows: list[tuple[str, dict[str, Text]]] = []
        missing: list[str] = []
        for key, cells in got.value.rows:
            row = dict(cells)
            for col in human:
                text = given.get(key, {}).get(col)
                if text is not None and text.zh:
                    row[col] = text
                else:
                    missing.append(f"{fid}[{key}].{col}")
            rows.append((key, row))
        sources = got.sources + ((f"{self.answers.source}#{fid}",) if given else ())
        return Filled(Table(rows), sources, missing=tuple(missing))

    # -- layout ----------------------------------------------------------------------------

    def _placeholder(self, spec: FieldDef, lang: str) -> Run:
        return Run(
            text=word(self.ctx, "placeholder", label=spec.label.get(lang)).get(lang), kind="missing"
        )

    def _value_runs(self, state: FieldState, lang: str) -> list[Run]:
        value = state.filled.value
        if isinstance(value, Text) and value.get(lang):
            return [Run(text=value.get(lang), kind="value")]
        if not state.spec.required and not state.filled.missing and value is None:
            return [Run(text="—", kind="value")]
        if not state.spec.required and value is None:
            return [Run(text="—", kind="value")]
        return [self._placeholder(state.spec, lang)]

    def _inline(self, text: str, kind: str, lang: str) -> list[Run]:
        runs: list[Run] = []
        for literal, fid, tick in split_inline(text):
            if fid is None:
                runs.append(Run(text=literal))
                continue
            state = self.field(fid, kind)
            if tick is not None:
                value = state.filled.value
                chosen = isinstance(value, Text) and value.zh.strip().lower() == tick
                runs.append(Run(text="☑" if chosen else "□", kind="value"))
            else:
                runs.extend(self._value_runs(state, lang))
        return runs

    def _block(self, block: Block, kind: str, lang: str) -> list[Node]:
        if block.text is not None:
            return [
                Paragraph(runs=self._inline(block.text.get(lang), kind, lang), style=block.style)
            ]
        assert block.field is not None
        state = self.field(block.field, kind)
        spec = state.spec
        label = spec.label.get(lang) + word(self.ctx, "label_sep").get(lang)
        if spec.type is FieldType.TABLE and not isinstance(state.filled.value, Text):
            return self._table(state, lang, label if block.label else None)
        runs = self._value_runs(state, lang)
        first, *rest = runs[0].text.split("\n") if runs else [""]
        head = [Run(text=first, kind=runs[0].kind)] if runs else []
        nodes: list[Node] = [
            Paragraph(runs=([Run(text=label)] if block.label else []) + head, style=block.style)
        ]
        nodes.extend(
            Paragraph(runs=[Run(text=line, kind=runs[0].kind)], style=block.style)
            for line in rest
            if line
        )
        return nodes

    def _table(self, state: FieldState, lang: str, label: str | None) -> list[Node]:
        nodes: list[Node] = []
        if label:
            nodes.append(Paragraph(runs=[Run(text=label)]))
        value = state.filled.value
        if value is None and state.filled.missing:
            nodes.append(Paragraph(runs=[self._placeholder(state.spec, lang)]))
            return nodes
        if not isinstance(value, Table) or not value.rows:
            nodes.append(
                Paragraph(runs=[Run(text=word(self.ctx, "empty_table").get(lang), kind="value")])
            )
            return nodes
        header = [c.label.get(lang) for c in state.spec.columns]
        rows = []
        for _, cells in value.rows:
            row = []
            for col in state.spec.columns:
                text = cells.get(col.key)
                if text is not None and text.get(lang):
                    row.append(Cell(runs=[Run(text=text.get(lang), kind="value")]))
                elif col.human:
                    row.append(Cell(runs=[self._placeholder_cell(lang)]))
                else:
                    row.append(Cell(runs=[Run(text="—", kind="value")]))
            rows.append(row)
        nodes.append(TableNode(header=header, rows=rows))
        return nodes

    def _placeholder_cell(self, lang: str) -> Run:
        return Run(text=word(self.ctx, "placeholder", label="…").get(lang), kind="missing")

    def document(
        self, template: DocumentTemplate, lang: str, *, forced_reason: str | None = None
    ) -> Document:
        """Lay out one template in one language (fields are filled on first use)."""
        kind = template.kind
        self.ctx.template = template
        cover = [
            p
            for b in (template.cover.lines if template.cover else [])
            for p in self._block(b, kind, lang)
            if isinstance(p, Paragraph)
        ]
        body: list[Node] = []
        for b in template.preamble:
            body.extend(self._block(b, kind, lang))
        verified: list[str] = []
        reconstructed: list[str] = []
        for level, section in iter_headings(template.sections):
            body.append(
                Heading(level=level, text=section.heading.get(lang), verified=section.verified)
            )
            (verified if section.verified else reconstructed).append(section.heading.zh)
            for b in section.body:
                body.extend(self._block(b, kind, lang))
        for b in template.closing:
            body.extend(self._block(b, kind, lang))
        if reconstructed:
            body.append(
                Paragraph(
                    runs=[Run(text=word(self.ctx, "reconstructed_note").get(lang))], style="note"
                )
            )
        if forced_reason:
            note = word(self.ctx, "forced_note", reason=forced_reason).get(lang)
            body.append(Paragraph(runs=[Run(text=note)], style="note"))
        missing = sorted(
            {m for f in self.fields.values() if kind in f.documents for m in f.missing}
        )
        footer = word(self.ctx, "draft_footer" if missing else "final_footer").get(lang)
        banner = word(self.ctx, "translation_banner").get(lang) or None
        return Document(
            kind=kind,
            edition=template.edition,
            lang="zh" if lang == "zh" else "en",
            title=template.title.get(lang),
            subtitle=template.subtitle.get(lang) if template.subtitle else None,
            cover=cover,
            body=body,
            footer=footer,
            banner=banner,
            meta={
                "kind": kind,
                "edition": template.edition,
                "source": template.source.instrument.zh,
                "source_date": template.source.date.isoformat(),
                "source_href": template.source.href,
                "source_copy": template.source.checked_against,
                "confidence": template.confidence.value,
                "headings_verified": verified,
                "headings_reconstructed": reconstructed,
                "missing_human_fields": missing,
                "forced": forced_reason,
                "official": lang == "zh",
            },
        )
