"""Errors are one message with file and line for people, and JSON for programs (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.errors import handle_errors, json_requested
from carborder.cli.main import app
from carborder.cli.options import Lang, LangOpt

runner = CliRunner()


def _json_error(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    body = json.loads(result.stdout)
    assert set(body) == {"error"}
    error = body["error"]
    assert {"message", "file", "line", "hint"} <= set(error)
    assert error["message"]
    return error


def test_a_bad_yaml_under_format_json_is_a_json_error_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("name: x\nas_of: 2026-01-01\nflows: [\n", encoding="utf-8")
    error = _json_error(["decide", str(bad), "--format", "json"])
    assert error["file"] == str(bad)
    assert isinstance(error["line"], int)


def test_a_missing_workspace_under_format_json_is_a_json_error(tmp_path: Path) -> None:
    for argv in (
        ["assess", "--workspace", str(tmp_path), "--format", "json"],
        ["explain", "f", "--workspace", str(tmp_path), "--format", "json"],
        ["plan", "f", "--workspace", str(tmp_path), "-f", "json"],
        ["approval", "list", "--workspace", str(tmp_path), "--format=json"],
    ):
        error = _json_error(argv)
        assert error["hint"], argv


def test_a_bad_option_value_under_format_json_is_a_json_error(tmp_path: Path) -> None:
    error = _json_error(
        ["assess", "--workspace", str(tmp_path), "--as-of", "2026-02-30", "-f", "json"]
    )
    assert "2026-02-30" in str(error["message"])
    error = _json_error(
        ["assess", "--workspace", str(tmp_path), "--lang", "fr", "--format", "json"]
    )
    assert "fr" in str(error["message"])


def test_without_json_errors_stay_prose_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "error:" in result.stderr and "carborder init" in result.stderr


def test_error_labels_follow_the_language(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--workspace", str(tmp_path), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：") or result.stderr.startswith("错误:")


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["--format", "json"], True),
        (["-f", "json"], True),
        (["--format=json"], True),
        (["--format", "table"], False),
        (["json"], False),
    ],
)
def test_json_requested_reads_every_spelling(argv: list[str], wanted: bool) -> None:
    assert json_requested(["assess", *argv]) is wanted


def test_a_bug_is_exit_3_in_the_command_language_with_the_exception_quoted() -> None:
    bug = typer.Typer()

    @bug.command()
    @handle_errors
    def crash(lang: LangOpt = Lang.EN) -> None:
        raise RuntimeError("list index out of range")

    en = runner.invoke(bug, [])
    assert en.exit_code == 3 and "internal error (RuntimeError at test_errors.py:" in en.output
    assert "list index out of range" in en.output and "this is a bug in carborder" in en.output
    zh = runner.invoke(bug, ["--lang", "zh"])
    assert zh.exit_code == 3 and "内部错误" in zh.output and "缺陷" in zh.output, zh.output
    assert english_words(" ".join(zh.output.split())) == [], zh.output
