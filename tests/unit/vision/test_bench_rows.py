"""The README's video rows are made from bench/results/vision.json, not typed."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from tests.scripts import load_script

pytest.importorskip("cv2")
pytest.importorskip("av")

ROOT = Path(__file__).resolve().parents[3]


def _bench() -> ModuleType:
    return load_script("bench/vision.py")


def test_readme_video_rows_come_from_the_results_file() -> None:
    bench = _bench()
    doc = json.loads((ROOT / "bench" / "results" / "vision.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = bench.readme_rows(doc)
    assert len(rows) == len(bench.ROW_PREFIXES)
    for row in rows:
        assert row in readme.splitlines(), f"README row not generated from vision.json: {row}"
    # Each row's figures are the file's.
    assert f"{doc['fps'][doc['names']['ours']]} fps" in rows[0]


def test_rows_are_replaced_in_place_and_nothing_else_changes(tmp_path: Path) -> None:
    bench = _bench()
    doc = json.loads((ROOT / "bench" / "results" / "vision.json").read_text(encoding="utf-8"))
    readme = tmp_path / "README.md"
    readme.write_text(
        "# t\n\n| what | measured |\n|---|---|\n| scan | 1 |\n"
        "| video: old figure | 3 fps |\n| mcap | 2 |\n",
        encoding="utf-8",
    )
    bench.write_readme_rows(doc, readme)
    bench.write_readme_rows(doc, readme)  # twice: the same result
    lines = readme.read_text(encoding="utf-8").splitlines()
    assert lines[:5] == ["# t", "", "| what | measured |", "|---|---|", "| scan | 1 |"]
    assert lines[5:8] == bench.readme_rows(doc)
    assert lines[8:] == ["| mcap | 2 |"]
    assert "old figure" not in readme.read_text(encoding="utf-8")
