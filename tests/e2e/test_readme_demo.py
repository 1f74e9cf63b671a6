"""The README's story of the demo is what the demo prints: every claim of its tables is checked.

The README's "What the demo shows" section holds two tables: each flow's pathway / status from
declared facts, after the scan and from ``assess`` after the demo; and the exports the demo
runs, in order, with the rule each refusal names. This test reads those tables (so the README
stays the judge when the rulebook changes a decision) and compares them with the demo's own
output, run here in full.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.i18n import messages

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()
pytestmark = pytest.mark.slow


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else None]


def _markdown_table(section: str, first_header: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the markdown table whose first header cell is ``first_header``."""
    lines = section.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    header = [c.strip() for c in lines[start].strip().strip("|").split("|")]
    return header, rows


def _ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _pair(cell: str) -> tuple[str, str]:
    """``pathway`` / ``status`` of a README cell."""
    ticked = _ticked(cell)
    assert len(ticked) == 2, f"README cell is not `pathway` / `status`: {cell!r}"
    return ticked[0], ticked[1]


def _printed_table(output: str, title: str) -> dict[str, list[str]]:
    """Rows of a table the demo printed (by its title): first cell → the first line's cells."""
    lines = output.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == title)
    rows: dict[str, list[str]] = {}
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if cells[0]:
            rows[cells[0]] = cells
    return rows


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    ws = tmp_path_factory.mktemp("readme") / "demo"
    result = runner.invoke(app, ["demo", str(ws)])
    assert result.exit_code == 0, result.output
    return ws, result.stdout


SECTION = _section(README, "## What the demo shows")
HEADER, DECISIONS = _markdown_table(SECTION, "flow")
STATUS = messages("en")


def _check_printed(printed: dict[str, list[str]], column: int) -> None:
    assert sorted(printed) == sorted(_ticked(r[0])[0] for r in DECISIONS), (
        "the README's table and the demo list different flows"
    )
    wrong = []
    for row in DECISIONS:
        flow = _ticked(row[0])[0]
        pathway, status = _pair(row[column])
        cells = printed[flow]
        shown = (cells[2], cells[3])
        if shown != (pathway, STATUS.term("status", status)):
            wrong.append(f"{flow}: README says {pathway} / {status}, the demo printed {shown}")
    assert wrong == [], f"under '{HEADER[column]}':\n" + "\n".join(wrong)


def test_decisions_from_declared_facts(demo: tuple[Path, str]) -> None:
    _check_printed(_printed_table(demo[1], "declared facts only"), 1)


def test_decisions_after_the_scan(demo: tuple[Path, str]) -> None:
    _check_printed(_printed_table(demo[1], "declared + detected facts"), 2)


def test_what_the_data_changed_lists_exactly_the_flows_whose_decision_moved(
    demo: tuple[Path, str],
) -> None:
    moved = sorted(_ticked(r[0])[0] for r in DECISIONS if _pair(r[1]) != _pair(r[2]))
    assert moved, "the README claims the scan changes no decision"
    assert sorted(_printed_table(demo[1], "What the data changed")) == moved


def test_decisions_of_assess_after_the_demo(demo: tuple[Path, str]) -> None:
    as_of = re.search(r"--as-of (\d{4}-\d{2}-\d{2})", HEADER[3])
    assert as_of, f"the README's column does not say which date it assesses: {HEADER[3]!r}"
    result = runner.invoke(
        app, ["assess", "--workspace", str(demo[0]), "--as-of", as_of[1], "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    got = {d["flow"]: (d["pathway"], d["status"]) for d in json.loads(result.stdout)["decisions"]}
    want = {_ticked(r[0])[0]: _pair(r[3]) for r in DECISIONS}
    wrong = [
        f"{f}: README says {want.get(f)}, assess says {got.get(f)}"
        for f in got
        if got.get(f) != want.get(f)
    ]
    assert sorted(got) == sorted(want) and wrong == [], "\n".join(wrong)


_EVENT = re.compile(r"^(refused|released): flow (\w+)", re.M)


def test_the_exports_happen_as_the_readme_tells(demo: tuple[Path, str]) -> None:
    _, rows = _markdown_table(SECTION, "export")
    output = demo[1]
    events = list(_EVENT.finditer(output))
    assert [(e[2], e[1]) for e in events] == [(_ticked(r[0])[0], r[1]) for r in rows]
    for event, following, row in zip(events, [*events[1:], None], rows, strict=True):
        text = output[event.start() : following.start() if following else None]
        for rule in _ticked(row[2]):
            assert rule in text, f"the {row[1]} export of {row[0]} does not name {rule}"
