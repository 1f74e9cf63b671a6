"""Render the document model to PDF with typst, embedding the fonts found for each role."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from carborder.errors import FilingError, Msg
from carborder.filings.catalogue import TEMPLATES_DIR, Catalogue
from carborder.filings.fonts import resolve_fonts
from carborder.filings.ir import Document

__all__ = ["render_pdf"]

_LAYOUT = TEMPLATES_DIR / "layout.typ"


def render_pdf(doc: Document, cat: Catalogue, *, created: datetime | None = None) -> bytes:
    """PDF bytes of one document (fonts subset and embedded; same input, same bytes).

    Raises:
        FilingError: fonts are missing, or typst refuses the document.
    """
    import typst

    fonts = resolve_fonts(cat.fonts)
    roles = {role: families for role, families in fonts.families.items()}
    inputs = {
        "doc": doc.model_dump_json(),
        "formatting": cat.formatting.model_dump_json(),
        "fonts": json.dumps(roles, ensure_ascii=False),
    }
    stamp = created or datetime(2000, 1, 1, tzinfo=UTC)
    try:
        out = typst.compile(
            str(_LAYOUT),
            root=str(TEMPLATES_DIR),
            font_paths=list(fonts.dirs),
            ignore_system_fonts=True,
            sys_inputs=inputs,
            timestamp=stamp,
        )
    except typst.TypstError as exc:  # a layout bug, not user input: say so plainly
        raise FilingError(
            Msg("err-pdf-layout", detail=str(exc.message)),
            hint=Msg("hint-pdf-diagnostic", detail=str(exc.diagnostic)) if exc.diagnostic else None,
        ) from None
    if not isinstance(out, bytes):
        raise FilingError(Msg("err-pdf-no-file"))
    return out
