"""Scans saved per workspace: atomic JSON files, loaded back by asset id."""

from __future__ import annotations

from pathlib import Path

import pytest

from carborder.errors import ScanInputError, WorkspaceError
from carborder.model.facts import Evidence
from carborder.scan import ScanResult, load_scans, save_scan


def test_roundtrip(tmp_path: Path) -> None:
    r = ScanResult(
        facts={"pi.kinds": ["phone"], "pi.individuals": 3},
        evidence={
            "pi.kinds": [Evidence(file="a.csv", column="phone", detector="cn.mobile", matches=3)]
        },
    )
    p = save_scan(tmp_path, "crm_export", r)
    assert p == tmp_path / ".carborder" / "scans" / "crm_export.json"
    assert list(p.parent.iterdir()) == [p]  # no temp file left behind
    loaded = load_scans(tmp_path)
    assert loaded["crm_export"].facts == r.facts and loaded["crm_export"].asset == "crm_export"


def test_bad_asset_id_and_corrupt_file(tmp_path: Path) -> None:
    with pytest.raises(ScanInputError):
        save_scan(tmp_path, "../escape", ScanResult())
    d = tmp_path / ".carborder" / "scans"
    d.mkdir(parents=True)
    (d / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(WorkspaceError):
        load_scans(tmp_path)


def test_empty_workspace(tmp_path: Path) -> None:
    assert load_scans(tmp_path) == {}
