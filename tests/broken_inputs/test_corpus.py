"""Every case of the broken-input corpus through the real CLI: exit 2, the file named, what to
do, and never a traceback — in Chinese (``--lang zh``: no untranslated English word outside
identifiers and quoted library text), and every fourth case again in English.

The corpus (``generate.py``) is built in memory when the tests are collected. Each case is recorded
with the ``broken_input`` marker for the README's reliability figures.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.scan import runners
from carborder.scan.readers import registry as readers
from tests.broken_inputs.generate import Case, cases, seed_bytes
from tests.gateway_workspace import make_workspace
from tests.zh_check import english_words

RUNNER = CliRunner()

#: Reader and runner names: identifiers the files table and the summary show in any language.
IDENTIFIERS = {*readers.names(), *runners.RUNNERS}


def _build() -> dict[str, Case]:
    """The corpus, made once at collection (seed files only pass through a temp dir)."""
    with tempfile.TemporaryDirectory() as tmp:
        return {c.name: c for c in cases(Path(tmp))}


CORPUS = _build()


@pytest.fixture(scope="session")
def pristine_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws") / "ws", rows=50, vehicles=5)


def _run(case: Case, tmp: Path, pristine_ws: Path) -> list[str]:
    """Put the case where its surface reads it; return the command line."""
    if case.surface in ("inventory", "config"):
        ws = tmp / "ws"
        shutil.copytree(pristine_ws, ws)
        target = ws / ("inventory/flows.yaml" if case.surface == "inventory" else "carborder.yaml")
        target.write_bytes(case.data)
        return ["assess", "--workspace", str(ws)]
    path = tmp / case.filename
    path.write_bytes(case.data)
    if case.surface == "scan":
        return ["scan", "--strict", str(path)]
    if case.surface == "dbc":
        log = tmp / "frames.log"
        log.write_bytes(seed_bytes(".log", tmp))
        return ["scan", str(log), "--dbc", str(path)]
    if case.surface == "areas":
        table = tmp / "trips.parquet"
        table.write_bytes(seed_bytes(".parquet", tmp))
        return ["scan", str(table), "--sensitive-areas", str(path)]
    assert case.surface == "scenario", case.surface
    return ["decide", str(path)]


def _check(case: Case, args: list[str]) -> str:
    res = RUNNER.invoke(app, args)
    out = " ".join(res.output.split())
    assert "Traceback" not in res.output and "internal error" not in out, out
    assert res.exit_code == 2, (case.why, out[-1500:])
    assert case.filename in out, (case.why, out[-1500:])
    assert "→" in out, (case.why, out[-1500:])  # what to do
    controls = [c for c in res.output if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    assert controls == [], (case.why, controls[:10])
    return out


@pytest.mark.broken_input
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_broken_input_is_bad_input(name: str, pristine_ws: Path, tmp_path: Path) -> None:
    case = CORPUS[name]
    out = _check(case, [*_run(case, tmp_path, pristine_ws), "--lang", "zh"])
    assert "错误" in out, (case.why, out[-1500:])
    # the message, its hint and every skip reason come from the catalogue
    assert english_words(out, IDENTIFIERS) == [], (case.why, out[-1500:])


#: Every fourth case again in English (the same catalogue messages: English is the default).
ENGLISH_SAMPLE = sorted(CORPUS)[::4]


@pytest.mark.parametrize("name", ENGLISH_SAMPLE)
def test_broken_input_is_bad_input_in_english(name: str, pristine_ws: Path, tmp_path: Path) -> None:
    case = CORPUS[name]
    out = _check(case, _run(case, tmp_path, pristine_ws))
    assert "error" in out and "错误" not in out, (case.why, out[-1500:])
