"""Read generated documents back: DOCX body text and headings, PDF text and fonts."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader


def docx_blocks(path: Path) -> list[str]:
    """Body paragraphs and table cells (row by row) in document order."""
    doc = Document(str(path))
    out: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, doc).text)
        elif tag == "tbl":
            for row in Table(child, doc).rows:
                out.extend(cell.text for cell in row.cells)
    return out


def docx_headings(path: Path) -> list[str]:
    """Texts of paragraphs in Heading styles, in order."""
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs if (p.style.name or "").startswith("Heading")]


def pdf_text(path: Path) -> str:
    """Text of all pages."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_pages(path: Path) -> list[str]:
    """Text per page."""
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def squash(text: str) -> str:
    """Text without whitespace (layouts break lines differently)."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Every font used by the PDF → whether its program is embedded."""
    out: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        res = page.get("/Resources")
        fonts = res.get_object().get("/Font") if res is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            desc_src = font
            if "/DescendantFonts" in font:
                desc_src = font["/DescendantFonts"][0].get_object()
            desc = desc_src.get("/FontDescriptor")
            embedded = desc is not None and any(
                k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            out[str(font["/BaseFont"])] = embedded
    return out


def table_headers(path: Path) -> list[str]:
    """Header rows of the DOCX tables (squashed): PDFs repeat them on every page a table spans."""
    doc = Document(str(path))
    return [squash("".join(c.text for c in t.rows[0].cells)) for t in doc.tables]
