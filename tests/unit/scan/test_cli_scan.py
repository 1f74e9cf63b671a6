"""``carborder scan`` through a throw-away Typer app: JSON shape, exit codes, saving."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from carborder.cli.commands.scan import register
from carborder.demo.tabular import write_demo_tabular
from carborder.scan import example_areas_path, load_scans


@pytest.fixture()
def app() -> typer.Typer:
    a = typer.Typer()
    register(a)

    @a.callback()
    def _main() -> None:
        """Test app."""

    return a


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clidemo")
    write_demo_tabular(out, rows=3000)
    return out


def test_json_is_one_object_with_the_documented_keys(
    app: typer.Typer, demo: Path, tmp_path: Path
) -> None:
    r = CliRunner().invoke(
        app,
        [
            "scan",
            str(demo),
            "--format",
            "json",
            "--sensitive-areas",
            str(example_areas_path()),
            "--workspace",
            str(tmp_path),
            "--asset",
            "tsp_trips",
        ],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert {"facts", "evidence", "files", "errors"} <= set(doc)
    assert doc["facts"]["geo.in_sensitive_area"] is True
    assert all(
        e["examples"] == [x for x in e["examples"] if "*" in x]
        for ev in doc["evidence"].values()
        for e in ev
    )
    assert "tsp_trips" in load_scans(tmp_path)


def test_table_output_and_failed_file_exit_2(app: typer.Typer, tmp_path: Path) -> None:
    # an unreadable file is bad input (issue 8): exit 2, with the file and what to do
    pq.write_table(pa.table({"phone": ["13800138000"]}), tmp_path / "ok.parquet")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1garbagePAR1")
    r = CliRunner().invoke(app, ["scan", str(tmp_path)])
    assert r.exit_code == 2
    assert "pi.kinds" in r.stdout and "bad.parquet" in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "/definitely/not/here"],  # missing path
        ["scan", ".", "--sample", "5", "--full"],  # contradictory options
        ["scan", ".", "--workspace", "."],  # workspace without asset
        ["scan", ".", "--format", "xml"],  # unknown format
        ["scan", ".", "--runner", "spark"],  # unknown runner
    ],
)
def test_bad_input_exit_2(app: typer.Typer, args: list[str]) -> None:
    assert CliRunner().invoke(app, args).exit_code == 2
