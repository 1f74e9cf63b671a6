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


def test_a_detector_beside_the_identifiers_that_breaks_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carborder.scan.detectors.geo import GeoDetector

    # geo runs beside the identifier detectors on a batch (another group, another thread)
    monkeypatch.setattr(GeoDetector, "detect", _broken)
    path = tmp_path / "g.parquet"
    pq.write_table(
        pa.table({"phone": ["13812345678"] * 50, "lat": [39.9] * 50, "lon": [116.3] * 50}), path
    )
    result = scan([path])
    assert len(result.errors) == 1 and GeoDetector.name in result.errors[0].reason
    assert not result.facts.get("pi.kinds") and not result.facts.get("geo.present")


def test_groups_side_by_side_find_what_one_after_the_other_finds() -> None:
    import numpy as np

    from carborder.scan.detectors import registry
    from carborder.scan.detectors.base import BatchContext
    from carborder.scan.engine import _detect, _detect_groups

    batch = pa.record_batch(
        {
            "vin": ["LSVAU218XN2183294", "LFV2A21K563045781"] * 200,
            "phone": ["13812345678", None] * 200,
            "note": ["联系 13900139000 京A12345", "ok"] * 200,
            "lat": [39.9 + i * 1e-4 for i in range(400)],
            "lon": [116.3 + i * 1e-4 for i in range(400)],
        }
    )
    dets = registry.create(None, modality="tabular")
    assert len({d.batch_group or d.name for d in dets}) > 1  # there is something beside
    apart = _detect_groups(dets, batch, BatchContext(file="f"))
    alone = _detect(dets, batch, BatchContext(file="f"))
    assert [sorted(f.stats) for f in apart] == [sorted(f.stats) for f in alone]
    for a, b in zip(apart, alone, strict=True):
        assert sorted(a.row_keys) == sorted(b.row_keys)
        for k in a.row_keys:
            assert np.array_equal(a.row_keys[k][0], b.row_keys[k][0])
            assert np.array_equal(a.row_keys[k][1], b.row_keys[k][1])
        for k, s in a.stats.items():
            assert s.facts()[0] == b.stats[k].facts()[0]


def _batches() -> list[pa.RecordBatch]:
    """Batches that differ (each its own identifiers), as a file's successive batches."""
    return [
        pa.record_batch(
            {
                "vin": ["LSVAU218XN2183294", "LFV2A21K563045781"] * 50,
                "phone": [f"1381234{i:04d}", None] * 50,
                "note": [f"联系 1390013{i:04d} 京A1234{i % 10}", "ok"] * 50,
            }
        )
        for i in range(4)
    ]


def _flat(out: list[tuple[pa.RecordBatch, list[list[object]]]]) -> list[object]:
    import numpy as np

    got = []
    for batch, parts in out:
        for findings in parts:
            for f in findings:
                keys = {
                    k: (np.asarray(h).tolist(), np.asarray(m).tolist())
                    for k, (h, m) in f.row_keys.items()
                }  # type: ignore[attr-defined]
                facts = {k: s.facts()[0] for k, s in f.stats.items()}  # type: ignore[attr-defined]
                got.append((batch.num_rows, keys, facts))
    return got


def test_work_begun_ahead_finds_what_is_found_on_demand(monkeypatch: pytest.MonkeyPatch) -> None:
    from carborder.scan.detectors import registry
    from carborder.scan.engine import ScanOptions, _detected

    dets = registry.create(None, modality="tabular")
    events: list[tuple[str, int]] = []
    start, detect = MobileDetector.start, MobileDetector.detect

    def spy_start(self: MobileDetector, batch: pa.RecordBatch, ctx: object) -> None:
        events.append(("start", id(batch)))
        start(self, batch, ctx)  # type: ignore[arg-type]

    def spy_detect(self: MobileDetector, batch: pa.RecordBatch, ctx: object) -> object:
        events.append(("detect", id(batch)))
        return detect(self, batch, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(MobileDetector, "start", spy_start)
    monkeypatch.setattr(MobileDetector, "detect", spy_detect)
    batches = _batches()
    opts = ScanOptions()
    ahead = list(_detected(iter(batches), dets, "f", opts, {}, groups_beside=True, ahead=True))
    # the next batch's work began before this batch's detectors ran (not after)
    kinds = [k for k, _ in events]
    assert kinds[:3] == ["start", "detect", "start"], kinds
    events.clear()
    on_demand = list(_detected(iter(batches), dets, "f", opts, {}))
    assert [k for k, _ in events] == ["detect"] * len(batches)
    assert _flat(ahead) == _flat(on_demand)  # type: ignore[arg-type]
    # a sample that ends inside the stream: the batch begun ahead is given up cleanly
    cut = list(_detected(iter(batches), dets, "f", ScanOptions(sample=150), {}, ahead=True))
    assert [b.num_rows for b, _ in cut] == [100, 50]


def test_a_detector_whose_work_ahead_breaks_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carborder.scan.engine import ScanOptions, scan_unit
    from carborder.scan.readers.base import Unit

    if pa.cpu_count() < 2:
        pytest.skip("work is begun ahead only where a second core scans beside")
    monkeypatch.setattr(MobileDetector, "start", _broken)
    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_batches(_batches()), path, row_group_size=100)
    state = scan_unit(
        Unit(str(path), "parquet", None, path.stat().st_size), ScanOptions(batch_rows=100)
    )
    assert len(state.errors) == 1 and MobileDetector.name in state.errors[0].reason
    assert "not necessarily in the file" in state.errors[0].reason


def test_work_begun_ahead_is_awaited_when_a_detector_breaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from carborder.scan.detectors import identifiers, registry
    from carborder.scan.detectors.base import BatchContext
    from carborder.scan.engine import DetectorError, ScanOptions, _detected

    if pa.cpu_count() < 2:
        pytest.skip("work is begun ahead only where a second core scans beside")
    scan_column = identifiers._column_scan

    def slow(*a: object) -> object:
        time.sleep(0.2)  # still running when the detector breaks, unless awaited
        return scan_column(*a)  # type: ignore[arg-type]

    begun: list[BatchContext] = []
    start = MobileDetector.start

    def spy(self: MobileDetector, batch: pa.RecordBatch, ctx: BatchContext) -> None:
        begun.append(ctx)
        start(self, batch, ctx)

    monkeypatch.setattr(identifiers, "_column_scan", slow)
    monkeypatch.setattr(MobileDetector, "start", spy)
    dets = registry.create(None, modality="tabular")
    # the first detector breaks before any column scan is awaited
    monkeypatch.setattr(type(dets[0]), "detect", _broken)
    with pytest.raises(DetectorError):
        list(_detected(iter(_batches()), dets, "f", ScanOptions(), {}, ahead=True))
    assert begun and all(job.done() for ctx in begun for job in ctx.started)
    assert any(ctx.started for ctx in begun)
