"""A detector that breaks is reported as carborder's error, and the file claims no facts."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.errors import Msg, ScanInputError
from carborder.scan import scan
from carborder.scan.detectors.identifiers import MobileDetector


def _table(path: Path) -> Path:
    pq.write_table(pa.table({"phone": ["13812345678"] * 50, "n": list(range(50))}), path)
    return path


def _broken(self: object, *a: object, **k: object) -> object:
    raise AttributeError("module 'carborder.scan.detectors._kernel' has no attribute 'hash64'")


def test_detector_error_names_the_check_not_a_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MobileDetector, "detect", _broken)
    result = scan([_table(tmp_path / "t.parquet")])
    assert len(result.errors) == 1
    reason = result.errors[0].reason
    assert MobileDetector.name in reason and "hash64" in reason
    assert "not necessarily in the file" in reason and "corrupt" not in reason
    assert "检查项" in (result.errors[0].reason_i18n or {}).get("zh", "")
    assert not result.facts.get("pi.kinds")  # nothing claimed from the file
    # its people are not in the count, so the count is not called exact
    assert result.details["people.exact"] is False


def test_an_error_raised_on_purpose_passes_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuses(self: object, *a: object, **k: object) -> object:
        raise ScanInputError(Msg("err-unreadable-file", reader="parquet", detail="bad cell"))

    monkeypatch.setattr(MobileDetector, "detect", refuses)
    result = scan([_table(tmp_path / "t.parquet")])
    assert "bad cell" in result.errors[0].reason
    assert "not necessarily in the file" not in result.errors[0].reason


def test_cli_scan_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MobileDetector, "detect", _broken)
    out = CliRunner().invoke(app, ["scan", str(_table(tmp_path / "t.parquet"))])
    assert out.exit_code == 2, out.output
    said = " ".join(out.output.split())  # rich wraps long lines
    assert "error in carborder" in said
    assert "people counted exactly: no" in said
