"""A standard-contract flow's pack: documents chosen by the decision, headings verbatim and in
order, DOCX text == PDF text, numbers equal the records, fonts embedded, signed and audited."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from tests.filings_workspace import AS_OF, SCC_FLOW
from tests.unit.filings.extract import (
    docx_blocks,
    docx_headings,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    squash,
    table_headers,
)

from carborder.filings import FilingResult, build_filing, load_catalogue, verify_pack
from carborder.filings.catalogue import iter_headings
from carborder.store.repository import Store
from carborder.workspace.config import Workspace


@pytest.fixture(scope="module")
def built(filing_ws: Path, fonts: None, tmp_path_factory: pytest.TempPathFactory) -> FilingResult:
    out = tmp_path_factory.mktemp("scc") / "pack"
    return build_filing(
        SCC_FLOW,
        workspace=filing_ws,
        output=out,
        lang="both",
        formats="all",
        as_of=date.fromisoformat(AS_OF),
        actor="test",
    )


def test_documents_are_the_ones_the_decision_requires(built: FilingResult) -> None:
    data = json.loads(built.filing_json.read_text(encoding="utf-8"))
    assert data["flow"] == SCC_FLOW
    assert data["pathway"] == "standard_contract_or_certification"
    assert data["mechanism"] == "standard_contract"
    kinds = list(dict.fromkeys(d["kind"] for d in data["documents"]))
    assert kinds == ["scc_contract", "scc_pipia", "scc_commitment", "scc_checklist"]
    assert {(d["lang"], d["format"]) for d in data["documents"]} == {
        (lang, fmt) for lang in ("zh", "en") for fmt in ("docx", "pdf")
    }
    for d in data["documents"]:
        assert set(d) >= {"kind", "lang", "format", "path", "missing_human_fields"}
        assert (built.directory / d["path"]).is_file()
    assert data["forced"] is None


def _heading_list(kind: str, lang: str) -> list[str]:
    template = load_catalogue().template(kind)
    return [s.heading.get(lang) for _, s in iter_headings(template.sections)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_and_pdf_headings_equal_the_template_list_in_order(
    built: FilingResult, lang: str
) -> None:
    for entry in built.documents:
        if entry.lang != lang:
            continue
        expected = _heading_list(entry.kind, lang)
        path = built.directory / entry.path
        if entry.format == "docx":
            assert docx_headings(path) == expected, entry.path
        else:
            text = squash(pdf_text(path))
            pos = 0
            for heading in expected:  # every heading, in order, in the PDF text
                found = text.find(squash(heading), pos)
                assert found >= 0, (entry.path, heading)
                pos = found + 1


def _strip_page_furniture(text: str, doc_json: dict[str, object]) -> str:
    text = squash(text)
    text = re.sub(r"—\d+—", "", text)
    for piece in (
        "Unofficial translation — only the Chinese version is filed / 非正式译文，以中文版本为准",
    ):
        text = text.replace(squash(piece), "")
    return text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_text_equals_pdf_text(built: FilingResult, lang: str) -> None:
    data = json.loads(built.filing_json.read_text(encoding="utf-8"))
    by_kind: dict[str, dict[str, Path]] = {}
    for e in built.documents:
        if e.lang == lang:
            by_kind.setdefault(e.kind, {})[e.format] = built.directory / e.path
    assert by_kind
    for kind, paths in by_kind.items():
        docx_text = squash("".join(docx_blocks(paths["docx"])))
        pdf = _strip_page_furniture(pdf_text(paths["pdf"]), data)
        from docx import Document

        footer = squash(Document(str(paths["docx"])).sections[0].footer.paragraphs[0].text)
        footer = footer.replace("——", "")
        if footer:
            pdf = pdf.replace(footer, "")
        for header in table_headers(paths["docx"]):  # repeated on each page in the PDF
            pdf, docx_text = pdf.replace(header, ""), docx_text.replace(header, "")
        assert pdf == docx_text, kind


def test_chinese_pdf_embeds_every_font(built: FilingResult) -> None:
    pdfs = [
        built.directory / e.path for e in built.documents if e.lang == "zh" and e.format == "pdf"
    ]
    for path in pdfs:
        fonts = pdf_fonts(path)
        assert fonts and all(fonts.values()), (path, fonts)
        assert any("Fandol" in name or "CJK" in name or "UKai" in name for name in fonts), fonts


def test_english_is_marked_unofficial_on_every_page(built: FilingResult) -> None:
    for e in built.documents:
        if e.lang != "en" or e.format != "pdf":
            continue
        for page in pdf_pages(built.directory / e.path):
            assert "Unofficial translation" in page
    for e in built.documents:
        if e.lang == "en" and e.format == "docx":
            from docx import Document

            header = Document(str(built.directory / e.path)).sections[0].header
            assert "Unofficial translation" in header.paragraphs[0].text


def _counters(ws_path: Path, year: int) -> dict[str, int]:
    ws = Workspace.open(ws_path)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        return {k: s.estimate for k, s in store.counters("acme", year).items()}
    finally:
        store.close()


def test_numbers_equal_the_gateway_counters_and_the_inventory(
    built: FilingResult, filing_ws: Path
) -> None:
    counters = _counters(filing_ws, 2026)
    assert counters["pi.individuals"] == 50  # the real export of the fixture
    declared = 1200
    pipia = next(
        e
        for e in built.documents
        if e.kind == "scc_pipia" and e.lang == "zh" and e.format == "docx"
    )
    text = "".join(docx_blocks(built.directory / pipia.path))
    total = counters["pi.individuals"] + declared
    assert f"累计向境外提供个人信息{total}人" in text
    assert f"出境网关按自然人去重计数{counters['pi.individuals']}人" in text
    assert f"声明的此前出境人数{declared}人" in text
    assert f"敏感个人信息{counters['pi.sensitive_individuals']}人" in text
    # Appendix 1 (3): the scale is the flow's assets' declared/detected persons
    contract = next(
        e
        for e in built.documents
        if e.kind == "scc_contract" and e.lang == "zh" and e.format == "docx"
    )
    ctext = "".join(docx_blocks(built.directory / contract.path))
    assert "涉及个人信息主体50人，其中敏感个人信息主体50人" in ctext
    data = json.loads(built.filing_json.read_text(encoding="utf-8"))
    assert "counter:2026/pi.individuals" in data["fields"]["pi.ytd"]["sources"]


def test_auto_fields_carry_sources_and_human_fields_are_listed(built: FilingResult) -> None:
    data = json.loads(built.filing_json.read_text(encoding="utf-8"))
    fields = data["fields"]
    assert fields["handler.name"]["kind"] == "auto"
    assert fields["handler.name"]["sources"] == ["workspace:carborder.yaml#handler.name"]
    assert fields["recipient.name"]["value"]["zh"] == "Acme R&D GmbH"
    assert fields["handler.address"]["kind"] == "human"
    assert "handler.address" in data["missing_human_fields"]
    assert data["complete"] is False
    # the data-item table: one row per item, human necessity cells listed per row
    items = fields["transfer.data_items"]["value"]
    assert set(items) == {
        "rd_collaboration/spi.trajectory",
        "rd_collaboration/pi.vin",
        "rd_collaboration/pi.phone",
        "rd_collaboration/content.telemetry",
    }
    assert "transfer.data_items[rd_collaboration/pi.vin].necessity" in data["missing_human_fields"]
    # missing human fields are visible in the documents
    contract = next(
        e
        for e in built.documents
        if e.kind == "scc_contract" and e.lang == "zh" and e.format == "docx"
    )
    assert "【待填写：地址】" in "".join(docx_blocks(built.directory / contract.path))


def test_pack_zip_is_signed_by_the_workspace_key_and_tampering_shows(
    built: FilingResult, filing_ws: Path, tmp_path: Path
) -> None:
    report = verify_pack(built.pack_zip, workspace=filing_ws)
    assert report.ok, report.problems
    with zipfile.ZipFile(built.pack_zip) as zf:
        names = set(zf.namelist())
    assert {"manifest.json", "filing.json", "answers-template.yaml"} <= names
    assert {e.path for e in built.documents} <= names
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(built.pack_zip) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "filing.json":
                data = data.replace(b'"complete": false', b'"complete": true')
            dst.writestr(item, data)
    assert not verify_pack(bad).ok


def test_building_writes_one_audit_event_and_the_chain_verifies(
    built: FilingResult, filing_ws: Path
) -> None:
    ws = Workspace.open(filing_ws)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        events = [e for e in store.iter_events() if e.name == "filing.generated"]
        assert store.verify_audit().ok
    finally:
        store.close()
    mine = [e for e in events if e.payload["pack"] == built.pack_zip.name and e.actor == "test"]
    assert mine
    payload = mine[-1].payload
    assert payload["flow_id"] == SCC_FLOW and payload["forced"] is False
    assert payload["documents"] == ["scc_contract", "scc_pipia", "scc_commitment", "scc_checklist"]
    import hashlib

    assert payload["pack_sha256"] == hashlib.sha256(built.pack_zip.read_bytes()).hexdigest()


def test_docx_uses_the_official_formatting(built: FilingResult) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    entry = next(
        e
        for e in built.documents
        if e.kind == "scc_pipia" and e.lang == "zh" and e.format == "docx"
    )
    doc = Document(str(built.directory / entry.path))
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21.0)) < Cm(0.01) and abs(sec.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(sec.top_margin - Cm(2.54)) < Cm(0.01) and abs(sec.left_margin - Cm(3.18)) < Cm(0.01)
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text.strip()]
    p = next(p for p in body if p.text.startswith("处理目的"))
    assert p.paragraph_format.line_spacing == Pt(26)
    run = p.runs[0]
    assert run.font.size == Pt(14) and run.font.name == "Times New Roman"
    assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    h1 = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    assert h1.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    h2 = next(p for p in doc.paragraphs if p.style.name == "Heading 2")
    r2 = h2.runs[0]
    assert r2._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体" and r2.font.bold
    ind = p._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
