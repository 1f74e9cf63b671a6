"""`carborder inspect` through its own Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from carborder.cli.commands.inspect import register
from carborder.demo.vehicle import demo_frame, write_demo_vehicle


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """Test root."""

    return app


def test_inspect_mcap_json(app: typer.Typer, tmp_path: Path) -> None:
    files = write_demo_vehicle(tmp_path)
    result = CliRunner().invoke(
        app, ["inspect", str(files["adas_drive_log"][0]), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    (scan,) = doc["files"]
    assert scan["facts"]["geo.present"] is True
    assert {c["channel"] for c in scan["channels"]} == {
        "/gnss/fix",
        "/camera/front/image/compressed",
    }
    assert "disclaimer" in doc


def test_inspect_image_table_and_preview(app: typer.Typer, tmp_path: Path) -> None:
    img = tmp_path / "frame.jpg"
    img.write_bytes(demo_frame(1))
    preview = tmp_path / "boxes.png"
    result = CliRunner().invoke(app, ["inspect", str(img), "--preview", str(preview)])
    assert result.exit_code == 0, result.output
    assert "plates in 1" in result.output
    assert preview.read_bytes()[:4] == b"\x89PNG"
    import cv2
    import numpy as np

    # The plate is outlined by its four corners (green) around the demo plate.
    drawn = cv2.imread(str(preview))
    ys, xs = np.nonzero(np.all(drawn == (0, 255, 0), axis=2))
    assert len(xs) > 100
    assert 250 < xs.min() < xs.max() < 420 and 220 < ys.min() < ys.max() < 300


def test_inspect_corrupt_file_exit_code(app: typer.Typer, tmp_path: Path) -> None:
    good = tmp_path / "frame.jpg"
    good.write_bytes(demo_frame(1))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(demo_frame(1)[:500])
    result = CliRunner().invoke(app, ["inspect", str(good), str(cut), "--format", "json"])
    assert result.exit_code == 2
    assert "truncated" in result.output
