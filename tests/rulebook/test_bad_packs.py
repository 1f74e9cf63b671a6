"""Broken packs fail to load with one message naming file, line and remedy — never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.errors import PackError
from carborder.rulebook import load_pack
from carborder.rulebook.loader import default_pack_dir

TABLE = Path(__file__).with_name("bad_packs.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]


def broken_pack(tmp_path: Path, case: dict[str, Any]) -> tuple[Path, int | None]:
    """Copy the built-in pack and apply the case's mutation; return the pack and the mutation line."""
    root = tmp_path / "pack"
    shutil.copytree(default_pack_dir(), root)
    target = root / case["file"]
    mutation = case["mutation"]
    if "create" in mutation:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(mutation["create"], encoding="utf-8")
        return root, 1
    text = target.read_text(encoding="utf-8")
    if "append" in mutation:
        line = text.count("\n") + 1
        text += mutation["append"]
    elif "replace" in mutation:
        old, new = mutation["replace"]["old"], mutation["replace"]["new"]
        assert text.count(old) == 1, f"{case['case']}: '{old}' must occur once in {case['file']}"
        line = text[: text.index(old)].count("\n") + 1
        text = text.replace(old, new)
    elif "delete_line" in mutation:
        lines = text.splitlines(keepends=True)
        hits = [i for i, x in enumerate(lines) if mutation["delete_line"] in x]
        assert len(hits) == 1, f"{case['case']}: line to delete must occur once"
        line = hits[0] + 1
        del lines[hits[0]]
        text = "".join(lines)
    else:
        raise AssertionError(f"unknown mutation {mutation}")
    target.write_text(text, encoding="utf-8")
    return root, line


def _flat(text: str) -> str:
    # Rich wraps long messages at the console width; compare without whitespace.
    return "".join(text.split())


def test_the_unmutated_copy_loads(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(default_pack_dir(), root)
    assert load_pack(root).ref.startswith("cn-auto-2026@")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_broken_pack_error_names_file_line_and_problem(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    root, line = broken_pack(tmp_path, case)
    with pytest.raises(PackError) as info:
        load_pack(root)
    err = info.value
    text = str(err)
    assert Path(case["file"]).name in text, text
    assert err.file is not None and Path(err.file).name == Path(case["file"]).name
    if case["line"] == "mutation":
        assert err.line == line, f"expected line {line}: {text}"
        assert f":{line}:" in text
    for fragment in case["fragments"]:
        assert fragment in text, f"missing {fragment!r} in:\n{text}"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_lint_of_broken_pack_exits_2_without_traceback(
    tmp_path: Path, case: dict[str, Any]
) -> None:
    root, _line = broken_pack(tmp_path, case)
    result = CliRunner().invoke(app, ["rulebook", "lint", str(root)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    flat = _flat(result.output)
    assert _flat(Path(case["file"]).name) in flat
    assert _flat(case["fragments"][0]) in flat


def test_lint_of_the_built_in_pack_succeeds() -> None:
    result = CliRunner().invoke(app, ["rulebook", "lint", str(default_pack_dir())])
    assert result.exit_code == 0, result.output
    assert "ok" in result.output
