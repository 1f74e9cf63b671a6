"""Broken scenario files: `carborder decide` exits 2 with one message naming file, line and remedy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.errors import InventoryError
from carborder.rulebook import Pack, load_pack
from carborder.workspace.io import load_scenario

BROKEN = Path(__file__).resolve().parents[1] / "scenarios" / "broken"
TABLE = Path(__file__).with_name("broken_scenarios.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _flat(text: str) -> str:
    # Rich wraps long messages at the console width; compare without whitespace.
    return "".join(text.split())


def test_every_broken_file_has_a_case() -> None:
    files = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert files == sorted(c["file"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["file"].removesuffix(".yaml") for c in CASES])
def test_loading_a_broken_scenario_raises_with_file_line_and_remedy(case: dict[str, Any]) -> None:
    path = BROKEN / case["file"]
    with pytest.raises(InventoryError) as info:
        load_scenario(path, _pack())
    err = info.value
    assert err.file is not None and Path(err.file).name == case["file"]
    assert err.line == case["line"], str(err)
    assert err.hint, f"no remedy for {case['file']}: {err}"
    for fragment in case["fragments"]:
        assert fragment in str(err), f"missing {fragment!r} in:\n{err}"


@pytest.mark.parametrize("case", CASES, ids=[c["file"].removesuffix(".yaml") for c in CASES])
def test_decide_on_a_broken_scenario_exits_2_with_one_message(case: dict[str, Any]) -> None:
    path = BROKEN / case["file"]
    result = CliRunner().invoke(app, ["decide", str(path)])
    out = result.output
    assert result.exit_code == 2, out
    assert "Traceback" not in out
    assert out.count("error:") == 1, out
    assert "→" in out, f"no remedy line:\n{out}"
    flat = _flat(out)
    assert _flat(f"{path}:{case['line']}:") in flat, out
    for fragment in case["fragments"]:
        assert _flat(fragment) in flat, f"missing {fragment!r} in:\n{out}"
