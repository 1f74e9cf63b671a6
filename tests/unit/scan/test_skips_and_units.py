"""Skipped files say why and are counted; --strict refuses them; counts say what they count;
a CAN log decoded with a DBC for another vehicle warns with the match rate (issue 14.5, 14.8)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.errors import ScanInputError
from carborder.scan import scan
from carborder.scan.runners.base import plan_units

cli = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "drop"
    d.mkdir()
    pq.write_table(pa.table({"phone": ["13800138000"] * 3}), d / "ok.parquet")
    (d / "raw_can_address").write_bytes(b"\x93NUMPY\x01\x00" + bytes(64))  # no suffix
    (d / "notes.docx").write_bytes(b"PK\x03\x04 not ours")
    (d / "empty.csv").write_bytes(b"")
    return d


def test_every_skip_has_a_reason_and_is_counted(folder: Path) -> None:
    r = scan(folder)
    reasons = {Path(f.path).name: f.reason for f in r.skipped}
    assert set(reasons) == {"raw_can_address", "notes.docx", "empty.csv"}
    assert reasons["empty.csv"] is not None and reasons["empty.csv"].startswith("empty")
    assert str(reasons["notes.docx"]).startswith("unsupported format: no reader for .docx")
    assert "no file suffix" in str(reasons["raw_can_address"])
    assert r.details["files_skipped"] == 3
    assert r.details["files_skipped_by_reason"] == {"empty": 1, "unsupported format": 2}


def test_a_file_that_vanished_is_unreadable(tmp_path: Path) -> None:
    _, state = plan_units([tmp_path / "gone.csv"])
    (report,) = state.files.values()
    assert report.status == "skipped" and str(report.reason).startswith("unreadable")


def test_strict_refuses_skips(folder: Path) -> None:
    with pytest.raises(ScanInputError, match="3 file"):
        scan(folder, strict=True)
    got = cli.invoke(app, ["scan", str(folder), "--strict"])
    assert got.exit_code == 2, got.output
    assert "cannot be scanned" in got.output and "Traceback" not in got.output


def test_cli_lists_reasons_and_the_summary(folder: Path) -> None:
    got = cli.invoke(app, ["scan", str(folder)], terminal_width=250)
    assert got.exit_code == 0, got.output
    assert "3 file(s) skipped" in got.output
    assert "unsupported format" in got.output and "empty" in got.output
    doc = json.loads(cli.invoke(app, ["scan", str(folder), "--format", "json"]).output)
    skipped = [f for f in doc["files"] if f["status"] == "skipped"]
    assert all(f["reason"] for f in skipped)


def test_counts_say_what_they_count(folder: Path) -> None:
    r = scan(folder / "ok.parquet")
    assert (r.files[0].rows, r.files[0].unit, r.files[0].channels) == (3, "rows", 0)


can = pytest.importorskip("cantools")
opendbc = pytest.importorskip("opendbc")


def test_can_log_counts_frames_and_warns_on_a_foreign_dbc(tmp_path: Path) -> None:
    from tests.can_logs import mqb_dbc_path, write_vin_log

    from carborder.scan.readers.can import load_dbc

    log = tmp_path / "vin.log"
    write_vin_log(log, load_dbc([mqb_dbc_path()]))
    own = scan(log, dbc=[mqb_dbc_path()])
    (report,) = own.files
    assert report.unit == "CAN frames" and report.rows > 0 and report.channels > 0
    assert report.channel_unit == "CAN ids/signals"
    assert not own.warnings
    toyota = Path(opendbc.__file__).parent / "dbc" / "generator" / "toyota" / "toyota_new_mc_pt.dbc"
    foreign = scan(log, dbc=[toyota])
    (warning,) = foreign.warnings
    assert "of the" in warning.message and "frame ids" in warning.message and "%" in warning.message
