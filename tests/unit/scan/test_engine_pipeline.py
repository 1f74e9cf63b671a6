"""The scan pipeline: work moved between threads finds, counts and fails as it does in place."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from carborder.scan.detectors import registry
from carborder.scan.engine import (
    ScanOptions,
    ScanState,
    _detected,
    _prepared,
    people_of,
    prefetch,
    scan_unit,
)
from carborder.scan.people import PreparedBatch
from carborder.scan.readers.base import Unit
from carborder.scan.result import ScanResult


def _batches() -> list[pa.RecordBatch]:
    """Successive batches of one file: people by phone and resident ID, shared cars, notes."""
    return [
        pa.record_batch(
            {
                "vin": ["LSVAU218XN2183294", "LFV2A21K563045781"] * 50,
                "plate": ["京A12345", None] * 50,
                "phone": [f"1381234{i:04d}", None] * 50,
                "id_card": [None, "11010519491231002X"] * 50,
                "note": [f"联系 1390013{i:04d} 京A1234{i % 10}", "ok"] * 50,
                "lat": [39.9 + i / 1000, 31.2] * 50,
                "lon": [116.4, 121.5 - i / 1000] * 50,
            }
        )
        for i in range(4)
    ]


def _same(a: PreparedBatch, b: PreparedBatch) -> None:
    da, db = dataclasses.asdict(a), dataclasses.asdict(b)
    adds_a, adds_b = da.pop("adds"), db.pop("adds")
    assert da == db
    assert [x[0] for x in adds_a] == [x[0] for x in adds_b]
    for x, y in zip(adds_a, adds_b, strict=True):
        for u, v in zip(x[1:], y[1:], strict=True):
            assert np.array_equal(u, v)


def _facts(r: ScanResult) -> dict[str, object]:
    d = r.model_dump(mode="json")
    for k in ("worker_seconds", "worker_cpu_seconds"):
        d["details"].pop(k)
    return {k: d[k] for k in ("facts", "evidence", "details")}


def test_people_prepared_beside_are_what_the_counting_thread_would_make() -> None:
    dets = registry.create(None, modality="tabular")
    opts = ScanOptions()
    found = list(_detected(iter(_batches()), dets, "f", opts, {}))
    here, beside = ScanState(), ScanState()
    out: list[PreparedBatch] = []

    def prepare_beside(item: tuple[pa.RecordBatch, list[list[object]], None]) -> None:
        out.extend(_prepared(item, opts.identity_order)[2] or [])  # type: ignore[arg-type]

    for batch, findings in found:
        worker = threading.Thread(target=prepare_beside, args=((batch, findings, None),))
        worker.start()
        worker.join()
        for got in findings:
            made = out.pop(0)
            _same(made, people_of(got, opts.identity_order))
            beside.absorb(got, opts.identity_order, "f", made)
            here.absorb(got, opts.identity_order, "f")
    assert here.people.rows_with_identity > 0 and here.people.keys.get("phone")
    assert _facts(beside.result()) == _facts(here.result())


def test_prefetch_hands_idle_work_to_the_producer_only_while_the_consumer_lags() -> None:
    lagging = threading.Event()

    def idle(x: int) -> int:
        lagging.set()
        return x + 100

    got = prefetch(iter(range(4)), idle=idle)
    out = [next(got)]
    # the consumer does not take the next items: the producer finds the queue full
    assert lagging.wait(10)
    out.extend(got)
    assert [x % 100 for x in out] == [0, 1, 2, 3]
    assert any(x >= 100 for x in out)


def test_work_of_the_idle_producer_fails_as_the_consumer_would() -> None:
    def idle(x: int) -> int:
        raise ValueError("broken preparation")

    got = prefetch(iter(range(10)), idle=idle)
    with pytest.raises(ValueError, match="broken preparation"):
        list(got)
    # the producer stopped: no thread of it is left running
    assert not [t for t in threading.enumerate() if t.name == "carborder-prefetch"]


def test_a_scan_counts_the_same_people_with_and_without_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_batches(_batches()), path, row_group_size=100)
    unit = Unit(str(path), "parquet", None, path.stat().st_size)
    opts = ScanOptions(batch_rows=100)
    piped = scan_unit(unit, opts).result()
    monkeypatch.setattr(pa, "cpu_count", lambda: 1)
    alone = scan_unit(unit, opts).result()
    assert piped.facts["pi.individuals"] == alone.facts["pi.individuals"] > 0
    assert _facts(piped) == _facts(alone)
