"""Every document kind renders to PDF whose text equals its DOCX, with embedded fonts; a rebuild
replaces the folder whole."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from tests.filings_workspace import AS_OF, SA_FLOW, SCC_FLOW
from tests.unit.filings.extract import docx_blocks, pdf_fonts, pdf_text, squash, table_headers

from carborder.filings import FilingResult, build_annual_report, build_filing

DAY = date.fromisoformat(AS_OF)


def _same_text(result: FilingResult) -> None:
    by: dict[tuple[str, str], dict[str, Path]] = {}
    for e in result.documents:
        by.setdefault((e.kind, e.lang), {})[e.format] = result.directory / e.path
    for (kind, lang), paths in by.items():
        pdf = re.sub(r"—\d+—", "", squash(pdf_text(paths["pdf"])))
        doc = Document(str(paths["docx"]))
        for part in (doc.sections[0].header, doc.sections[0].footer):
            furniture = squash(part.paragraphs[0].text).replace("——", "")
            if furniture:
                pdf = pdf.replace(furniture, "")
        docx_text = squash("".join(docx_blocks(paths["docx"])))
        for header in table_headers(paths["docx"]):
            pdf, docx_text = pdf.replace(header, ""), docx_text.replace(header, "")
        assert pdf == docx_text, (kind, lang)
        if lang == "zh":
            fonts = pdf_fonts(paths["pdf"])
            assert fonts and all(fonts.values()), (kind, fonts)


@pytest.mark.slow
def test_security_assessment_and_certification_documents_pdf_equals_docx(
    filing_ws: Path, fonts: None, tmp_path: Path
) -> None:
    _same_text(
        build_filing(SA_FLOW, workspace=filing_ws, output=tmp_path / "sa", lang="both", as_of=DAY)
    )
    _same_text(
        build_filing(
            SCC_FLOW,
            workspace=filing_ws,
            output=tmp_path / "cert",
            as_of=DAY,
            mechanism="certification",
        )
    )
    _same_text(
        build_annual_report(workspace=filing_ws, year=2026, output=tmp_path / "annual", as_of=DAY)
    )


def test_rebuilding_replaces_the_folder_whole(filing_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    build_filing(SCC_FLOW, workspace=filing_ws, output=out, formats="docx", lang="both", as_of=DAY)
    assert (out / "en").is_dir()
    build_filing(SCC_FLOW, workspace=filing_ws, output=out, formats="docx", lang="zh", as_of=DAY)
    assert not (out / "en").exists()  # nothing left over from the earlier build
    assert sorted(p.name for p in out.iterdir()) == [
        "answers-template.yaml",
        "filing.json",
        f"{SCC_FLOW}-filing-pack.zip",
        "zh",
    ]
    assert not list(tmp_path.glob(".o.*"))  # no staging folder left behind
