"""`carborder scan --workspace --asset` saves no scan when a file could not be read."""

from __future__ import annotations

from pathlib import Path

from tests.gateway_workspace import make_workspace
from typer.testing import CliRunner

from carborder.cli.main import app


def test_a_scan_with_an_unreadable_file_is_not_saved(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    broken = ws / "data" / "broken.parquet"
    broken.write_bytes(b"PAR1 cut off in transfer")
    good = ws / "data" / "trips.parquet"
    args = ["scan", str(good), str(broken), "--workspace", str(ws), "--asset", "trips"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 2, out.output
    said = " ".join(out.output.split())
    assert "not saved as the scan of trips" in said and "broken.parquet" in said
    assert not (ws / ".carborder" / "scans" / "trips.json").exists()
    # the same command on readable files saves it
    ok = CliRunner().invoke(app, [a for a in args if a != str(broken)])
    assert ok.exit_code == 0, ok.output
    assert (ws / ".carborder" / "scans" / "trips.json").is_file()


def test_the_note_follows_the_language(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    broken = ws / "data" / "broken.parquet"
    broken.write_bytes(b"not parquet")
    out = CliRunner().invoke(
        app, ["scan", str(broken), "--workspace", str(ws), "--asset", "trips", "--lang", "zh"]
    )
    assert out.exit_code == 2
    assert "未保存为资产“trips”的扫描结果" in "".join(out.output.split())
