"""`carborder demo` runs end to end: data contradicts declarations, one export refused, one released."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.zh_check import english_words, pack_identifiers
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.cli.output import out_console
from carborder.gateway import verify_manifest
from carborder.rulebook import load_pack

runner = CliRunner()


def test_demo_end_to_end(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = runner.invoke(app, ["demo", str(ws)])
    assert result.exit_code == 0, result.output
    out = result.output
    # The scan contradicts the declarations and the decisions change for a stated rule.
    assert "What the data changed" in out
    assert "tsp_to_munich" in out and "pathways.contract_sensitive_pi: false → true" in out
    # Export: refused first (in both languages), then released with a verified manifest.
    assert "refused" in out and "拒绝导出" in out
    assert "released" in out and "audit chain intact" in out
    manifests = list((ws / "exports").rglob("manifest.json"))
    assert manifests, "no released export"
    for m in manifests:
        assert verify_manifest(m.parent).ok
    assert "not legal advice" in out

    # The saved workspace is usable by the other commands.
    assess = runner.invoke(
        app, ["assess", "--workspace", str(ws), "--format", "json", "--as-of", "2026-11-23"]
    )
    assert assess.exit_code == 0, assess.output
    decisions = {d["flow"]: d for d in json.loads(assess.output)["decisions"]}
    assert len(decisions) == 12
    assert decisions["adas_to_us"]["status"] == "blocked"
    assert decisions["hr_to_group"]["pathway"] == "exempt"
    _filing_checks(ws, decisions)
    audit = runner.invoke(app, ["audit", "verify", "--workspace", str(ws)])
    assert audit.exit_code == 0, audit.output


def _filing_checks(ws: Path, decisions: dict[str, dict[str, object]]) -> None:
    """The demo builds the filing pack of its standard-contract flow (zh + en)."""
    from carborder.filings import verify_pack

    packs = list((ws / "filings").glob("*/*-filing-pack.zip"))
    assert len(packs) == 1, packs
    folder = packs[0].parent
    data = json.loads((folder / "filing.json").read_text(encoding="utf-8"))
    assert decisions[data["flow"]]["pathway"] == "standard_contract_or_certification"
    assert data["pathway"] == "standard_contract_or_certification" and data["forced"] is None
    assert {d["lang"] for d in data["documents"]} == {"zh", "en"}
    assert verify_pack(packs[0], workspace=ws).ok


def test_demo_in_chinese_is_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`demo --lang zh`: every step, table and message in Chinese (identifiers stay)."""
    monkeypatch.setattr(out_console, "width", 2000)  # no line wraps inside words
    ws = tmp_path / "demo-zh"
    result = runner.invoke(app, ["demo", str(ws), "--lang", "zh"], env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1 · 示例工作区" in out and "7 · 网页看板" in out and "数据带来的变化" in out
    assert "拒绝导出" in out and "已导出" in out and "审计链完整" in out
    assert "refused:" not in out and "released:" not in out  # the gateway's zh verdicts only
    assert "已扫描 tsp_trips" in result.stderr
    ids = pack_identifiers(load_pack())
    for text in (out, result.stderr):
        assert english_words(text, ids) == [], sorted(set(english_words(text, ids)))
