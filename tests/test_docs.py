"""The README documents every command, opens with the two set-up commands, and .ci/run uses them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carborder.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    names = [c.name or "" for c in app.registered_commands]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        names += [f"{group.name} {c.name}" for c in group.typer_instance.registered_commands]
    return names


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command: str) -> None:
    assert f"carborder {command}" in README, f"README has no example of `carborder {command}`"


def test_readme_opens_with_the_two_commands() -> None:
    head = README.splitlines()[:8]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_readme_says_not_legal_advice() -> None:
    assert "not legal advice" in README and "不构成法律意见" in README


def test_benchmarks_are_documented_with_results() -> None:
    for bench in sorted((ROOT / "bench").glob("*.py")):
        assert f"bench/{bench.name}" in README, f"README does not say how to run {bench.name}"
        result = ROOT / "bench" / "results" / f"{bench.stem}.json"
        assert result.is_file(), f"no committed results for {bench.name}"
