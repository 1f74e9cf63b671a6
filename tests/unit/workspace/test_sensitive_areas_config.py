"""A workspace's configured sensitive areas reach every scan saved into it and the decision."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.demo.tabular import write_demo_tabular
from carborder.errors import WorkspaceError
from carborder.scan import example_areas_path
from carborder.workspace.config import Workspace
from carborder.workspace.init import init_workspace

runner = CliRunner()


def _workspace(tmp_path: Path, areas: str | None) -> Path:
    ws = tmp_path / "ws"
    init_workspace(ws)
    cfg = ws / "carborder.yaml"
    text = cfg.read_text(encoding="utf-8")
    value = "null" if areas is None else areas
    cfg.write_text(text.replace("sensitive_areas: null", f"sensitive_areas: {value}"), "utf-8")
    return ws


def test_scan_into_workspace_uses_configured_areas(tmp_path: Path) -> None:
    data = write_demo_tabular(tmp_path / "data", rows=3000)["tsp_trips"]
    ws = _workspace(tmp_path, "areas.geojson")
    shutil.copy(example_areas_path(), ws / "areas.geojson")
    result = runner.invoke(
        app,
        [
            "scan",
            *map(str, data),
            "--asset",
            "tsp_trips",
            "--workspace",
            str(ws),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    saved = json.loads((ws / ".carborder" / "scans" / "tsp_trips.json").read_text("utf-8"))
    assert saved["facts"]["geo.in_sensitive_area"] is True


def test_without_areas_nothing_is_claimed(tmp_path: Path) -> None:
    data = write_demo_tabular(tmp_path / "data", rows=3000)["tsp_trips"]
    ws = _workspace(tmp_path, None)
    result = runner.invoke(app, ["scan", *map(str, data), "--asset", "t", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    saved = json.loads((ws / ".carborder" / "scans" / "t.json").read_text("utf-8"))
    assert saved["facts"].get("geo.in_sensitive_area") is not True


def test_missing_areas_file_is_a_clear_error(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "nope.geojson")
    with pytest.raises(WorkspaceError, match="sensitive_areas file not found"):
        Workspace.open(ws).sensitive_areas_path()
