"""Render the document model to DOCX with the official formatting (fonts named, not embedded)."""

from __future__ import annotations

import io
import json
from datetime import datetime

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from carborder.filings.catalogue import Catalogue
from carborder.filings.ir import Document, Heading, Paragraph, Run, TableNode
from carborder.filings.schema import TextStyle

__all__ = ["render_docx"]

_RED = RGBColor(0xC0, 0x00, 0x00)
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "signature": WD_ALIGN_PARAGRAPH.RIGHT,
}


class _Fonts:
    def __init__(self, cat: Catalogue) -> None:
        self.roles = {k: v.docx for k, v in cat.fonts.roles.items()}
        self.latin = self.roles["latin"]

    def apply(self, run: DocxRun, role: str, size: float, *, bold: bool = False) -> None:
        """Latin letters and digits in the Latin font, Chinese in the role's font (w:eastAsia)."""
        run.font.name = self.latin
        run.font.size = Pt(size)
        run.font.bold = bold
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), self.latin)
        fonts.set(qn("w:eastAsia"), self.roles[role])


def _spacing(p: DocxParagraph, line_pt: float, indent_chars: int | None, size: float) -> None:
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(line_pt)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if indent_chars:
        pf.first_line_indent = Pt(size * indent_chars)
        # Word's "2 字符" indent: firstLineChars is in hundredths of a character.
        ind = p._p.get_or_add_pPr().find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), str(indent_chars * 100))


def _runs(
    p: DocxParagraph, runs: list[Run], fonts: _Fonts, role: str, size: float, bold: bool
) -> None:
    for r in runs:
        run = p.add_run(r.text)
        fonts.apply(run, role, size, bold=bold)
        if r.kind == "missing":
            run.font.color.rgb = _RED


def _page_field(p: DocxParagraph) -> None:
    """A PAGE field (Word fills in the page number)."""
    run = p.add_run()
    for tag, text in (("w:fldChar", "begin"), ("w:instrText", " PAGE "), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if tag == "w:fldChar":
            el.set(qn("w:fldCharType"), text)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)


def render_docx(doc: Document, cat: Catalogue, *, created: datetime | None = None) -> bytes:
    """DOCX bytes of one document: A4, official margins, fonts and line spacing in the styles."""
    f = cat.formatting
    fonts = _Fonts(cat)
    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(f.page.width_cm), Cm(f.page.height_cm)
    section.top_margin, section.bottom_margin = Cm(f.page.top_cm), Cm(f.page.bottom_cm)
    section.left_margin, section.right_margin = Cm(f.page.left_cm), Cm(f.page.right_cm)

    size = f.body.size_pt or 14
    line = f.body.line_pt or 26
    indent = f.body.indent_chars or 0
    normal = d.styles["Normal"]
    normal.font.name = fonts.latin
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), fonts.roles[f.body.font or "fangsong"])

    def para(style: str | None = None) -> DocxParagraph:
        return d.add_paragraph(style=style)

    # title
    if doc.cover:
        for _ in range(8):
            _spacing(para(), line, None, size)
    t = para()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(t, max(line, (f.title.size_pt or 22) * 1.5), None, size)
    fonts.apply(
        t.add_run(doc.title), f.title.font or "songti", f.title.size_pt or 22, bold=f.title.bold
    )
    if doc.subtitle:
        s = para()
        s.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(s, line, None, size)
        fonts.apply(s.add_run(doc.subtitle), f.subtitle.font or "kaiti", f.subtitle.size_pt or 16)
    if doc.cover:
        for _ in range(10):
            _spacing(para(), line, None, size)
        for p in doc.cover:
            _paragraph(para(), p, fonts, f.body, line, size)
        from docx.enum.text import WD_BREAK

        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for node in doc.body:
        if isinstance(node, Heading):
            style = f.headings[str(node.level)]
            h = para(f"Heading {node.level}")
            _spacing(h, line, indent, size)
            h.paragraph_format.keep_with_next = True
            # English has no 黑体/楷体 to set headings apart: bold instead.
            bold = style.bold or (doc.lang == "en" and node.level <= 3)
            _runs(h, [Run(text=node.text)], fonts, style.font or "fangsong", size, bold)
            for r in h.runs:
                r.font.color.rgb = RGBColor(0, 0, 0)
                r.font.italic = False
        elif isinstance(node, TableNode):
            _table(d, node, fonts, f.table, f.body)
        else:
            _paragraph(para(), node, fonts, f.body, line, size)

    _header_footer(d, doc, fonts, f.footer)
    props = d.core_properties
    props.title = doc.title
    props.subject = f"{doc.kind} ({doc.edition}, {doc.lang})"
    props.author = "carborder"
    props.comments = _summary(doc)
    props.keywords = "carborder filing"
    if created is not None:
        props.created = props.modified = created.replace(tzinfo=None)
    _custom_properties(d, doc.meta)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _summary(doc: Document) -> str:
    meta = doc.meta
    return (
        f"carborder {doc.kind} {doc.edition}; headings verified "
        f"{len(meta.get('headings_verified', []))}, reconstructed "
        f"{len(meta.get('headings_reconstructed', []))}; see custom properties"
    )[:255]


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _custom_properties(d: object, meta: dict[str, object]) -> None:
    """Document metadata (edition, source, verified/reconstructed headings) as custom properties."""
    from xml.sax.saxutils import escape

    from docx.document import Document as DocxDocument
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    assert isinstance(d, DocxDocument)
    props = []
    for pid, (key, value) in enumerate(sorted(meta.items()), start=2):
        text = (
            " | ".join(map(str, value))
            if isinstance(value, list)
            else json.dumps(value, ensure_ascii=False)
            if not isinstance(value, str)
            else value
        )
        props.append(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="carborder.{escape(key)}">'
            f"<vt:lpwstr>{escape(text)}</vt:lpwstr></property>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{"".join(props)}</Properties>'
    ).encode()
    package = d.part.package
    part = Part(
        PackURI("/docProps/custom.xml"),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        xml,
        package,
    )
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _paragraph(
    p: DocxParagraph, node: Paragraph, fonts: _Fonts, body: TextStyle, line: float, size: float
) -> None:
    indented = node.style in ("body", "note")
    _spacing(p, line, body.indent_chars if indented else None, size)
    p.alignment = _ALIGN.get(node.style, WD_ALIGN_PARAGRAPH.JUSTIFY)
    run_size = size - 2 if node.style == "note" else size
    _runs(p, node.runs, fonts, body.font or "fangsong", run_size, False)


def _table(d: object, node: TableNode, fonts: _Fonts, style: TextStyle, body: TextStyle) -> None:
    from docx.document import Document as DocxDocument

    assert isinstance(d, DocxDocument)
    size = style.size_pt or 10.5
    line = style.line_pt or 16
    table = d.add_table(rows=1 + len(node.rows), cols=len(node.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # the header row repeats on every page, as in the PDF
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for i, text in enumerate(node.header):
        cell = table.rows[0].cells[i]
        p = cell.paragraphs[0]
        _spacing(p, line, None, size)
        _runs(p, [Run(text=text)], fonts, body.font or "fangsong", size, True)
    for r, row in enumerate(node.rows, start=1):
        cant_split = OxmlElement("w:cantSplit")  # a row never splits across pages
        table.rows[r]._tr.get_or_add_trPr().append(cant_split)
        for c, cell_node in enumerate(row):
            p = table.rows[r].cells[c].paragraphs[0]
            _spacing(p, line, None, size)
            _runs(p, cell_node.runs, fonts, body.font or "fangsong", size, False)


def _header_footer(d: object, doc: Document, fonts: _Fonts, style: TextStyle) -> None:
    from docx.document import Document as DocxDocument

    assert isinstance(d, DocxDocument)
    size = style.size_pt or 9
    section = d.sections[0]
    if doc.banner:
        hp = section.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(hp, [Run(text=doc.banner, kind="missing")], fonts, "fangsong", size, False)
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.footer:
        _runs(fp, [Run(text=doc.footer + "　")], fonts, "fangsong", size, False)
    _runs(fp, [Run(text="— ")], fonts, "fangsong", size, False)
    _page_field(fp)
    _runs(fp, [Run(text=" —")], fonts, "fangsong", size, False)
