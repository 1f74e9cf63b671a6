"""The README's scan rows are made from bench/results/scan_tabular.json, not typed."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[3]


def _bench() -> ModuleType:
    return load_script("bench/scan_tabular.py")


def test_readme_scan_rows_come_from_the_results_file() -> None:
    bench = _bench()
    doc = json.loads((ROOT / "bench" / "results" / "scan_tabular.json").read_text("utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    rows = bench.readme_rows(doc)
    assert len(rows) >= 4  # one-shot 1 and 2 processes, engine, Presidio at least
    for row in rows:
        assert row in readme, f"README row not generated from scan_tabular.json: {row}"
    # the engine row carries the file's ratio
    assert f"{doc['engine1']['vs_raw_read']}×" in next(r for r in rows if "scan engine" in r)


def test_rows_are_replaced_in_place_and_nothing_else_changes(tmp_path: Path) -> None:
    bench = _bench()
    doc = json.loads((ROOT / "bench" / "results" / "scan_tabular.json").read_text("utf-8"))
    rows = bench.readme_rows(doc)
    readme = tmp_path / "README.md"
    old = "| scan engine, 1 process, warm (in-process `scan()`) | 1 | 2 | 0.01× | ≥ 0.3× | no |"
    readme.write_text(
        f"# t\n\n<!-- bench-table -->\n| what | x |\n|---|---|\n{old}\n| mcap | 2 |\n"
        "<!-- /bench-table -->\ntail\n",
        encoding="utf-8",
    )
    bench.update(rows, path=readme)
    bench.update(rows, path=readme)  # twice: the same result
    text = readme.read_text(encoding="utf-8")
    assert old not in text
    assert text.startswith("# t\n\n<!-- bench-table -->\n| what | x |\n|---|---|\n")
    assert text.endswith("<!-- /bench-table -->\ntail\n")
    lines = text.splitlines()
    for row in rows:
        assert lines.count(row) == 1
    assert "| mcap | 2 |" in lines
