"""Parquet outputs are re-scanned in the batches handed to their writer: the same proof, one read less.

The equivalence tests compare the in-memory re-scan with the engine's scan of the written
file (what ``carborder scan`` of the released file gives); the refusal tests make sure the
proof still fails closed through this path.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st
from tests.zh_check import english_words

from carborder.demo.tabular import fake_mobile, fake_vin
from carborder.gateway import ScanOutcome, engine_scanner, export
from carborder.gateway.proof import identifier_leaks
from carborder.gateway.scanning import EngineScanner
from carborder.gateway.written_scan import WrittenScans, cut_like_a_read
from carborder.scan.engine import ScanState
from carborder.scan.readers.base import DEFAULT_BATCH_ROWS
from carborder.store import Store
from carborder.workspace.config import Workspace

HIDDEN = frozenset({"phone", "vin"})


def _table(rows: int) -> pa.Table:
    rng = random.Random(3)
    vins = [fake_vin(rng) for _ in range(300)]
    phones = [fake_mobile(rng) for _ in range(300)]
    g = np.random.default_rng(3)
    who = g.integers(0, 300, rows)
    notes = np.where(g.random(rows) < 0.02, "回访电话 " + np.array(phones)[who], "ok")
    return pa.table(
        {
            "vin": pa.array(np.array(vins)[who].tolist(), pa.string()),
            "phone": pa.array(np.array(phones)[who].tolist(), pa.string()),
            "trip": pa.array([f"t{i}" for i in who.tolist()], pa.string()),
            "ts": np.arange(rows, dtype=np.int64) + 1_777_000_000,
            "lat": np.round(31.0 + g.random(rows) * 0.3, 6),
            "lon": np.round(121.0 + g.random(rows) * 0.3, 6),
            "note": pa.array(notes.tolist(), pa.string()),
        }
    )


def _slices(table: pa.Table, sizes: Sequence[int]) -> list[pa.RecordBatch]:
    out, start = [], 0
    for n in sizes:
        out.extend(table.slice(start, n).to_batches() or [table.slice(start, 0).to_batches()])
        start += n
    return [b for b in out if isinstance(b, pa.RecordBatch)]


def _before() -> ScanOutcome:
    return ScanOutcome({}, [], {"vin": ["vin"], "phone": ["phone"]}, 0)


def _without_seconds(o: ScanOutcome) -> tuple[object, ...]:
    return (o.facts, o.evidence, o.columns, o.rows, o.errors)


def test_batches_scanned_as_written_give_the_scan_of_the_written_file(tmp_path: Path) -> None:
    # batches of uneven sizes: the scan must see them cut as a read of the file cuts them
    table = _table(DEFAULT_BATCH_ROWS + 90_000)
    sizes = [100_000, 7, 0, DEFAULT_BATCH_ROWS - 60_000, 50_000]
    batches = _slices(table, [*sizes, table.num_rows - sum(sizes)])
    scanner = EngineScanner()
    scans = WrittenScans(scanner, HIDDEN, _before())
    path = tmp_path / "out.parquet"
    assert scans.write(path, table.schema, iter(batches)) == table.num_rows
    assert pq.read_table(path).equals(table)
    done = scans.tables["out.parquet"]
    from_memory = scanner([], scanned=[done.state])
    from_file = scanner([path])
    assert {"location", "phone", "vin"} <= set(from_file.facts["pi.kinds"])  # something to compare
    assert _without_seconds(from_memory) == _without_seconds(from_file)
    assert done.leaks == identifier_leaks([path], HIDDEN, _before())
    assert {(x.column, x.kind) for x in done.leaks} >= {("phone", "phone"), ("note", "phone")}


def test_a_file_that_is_not_the_file_of_its_batches_is_read_back(tmp_path: Path) -> None:
    # a column comment is seen by a scan of the file (a hint), not by the batches' scan
    table = _table(1_000)
    schema = table.schema.set(
        0, table.schema.field("vin").with_metadata({b"comment": b"vehicle id"})
    )
    scans = WrittenScans(EngineScanner(), HIDDEN, _before())
    scans.write(tmp_path / "c.parquet", schema, iter(table.cast(schema).to_batches()))
    assert "c.parquet" not in scans.tables
    # and a folder named key=value adds columns to a scan of the file
    hive = tmp_path / "city=sh"
    hive.mkdir()
    scans.write(hive / "h.parquet", table.schema, iter(table.to_batches()))
    assert "h.parquet" not in scans.tables


@given(st.lists(st.integers(0, 9), max_size=12), st.integers(1, 6))
def test_cut_like_a_read_cuts_the_concatenation_alone(sizes: list[int], rows: int) -> None:
    start = 0
    batches = []
    for n in sizes:
        batches.append(pa.record_batch({"a": pa.array(range(start, start + n), pa.int64())}))
        start += n
    cut = list(cut_like_a_read(iter(batches), rows))
    assert [x for b in cut for x in b.column(0).to_pylist()] == list(range(start))
    lengths = [b.num_rows for b in cut]
    assert all(n == rows for n in lengths[:-1]) and (not lengths or 0 < lengths[-1] <= rows)


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


def test_export_facts_are_those_of_a_scan_of_the_released_file(ws: Path) -> None:
    r = export("ok_flow", workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / "out")
    assert r.status == "released", r.message
    body = json.loads((ws / "out" / "manifest.json").read_text(encoding="utf-8"))["body"]
    assert body["scan"]["after"] == engine_scanner([ws / "out" / "trips.parquet"]).facts


class _BlindEngine(EngineScanner):
    """The engine, missing the phone column in what it reports (as the test of the file path)."""

    def __call__(self, paths: Sequence[Path], scanned: Sequence[ScanState] = ()) -> ScanOutcome:
        out = super().__call__(paths, scanned)
        return ScanOutcome(
            out.facts,
            [e for e in out.evidence if e.get("column") != "phone"],
            {c: k for c, k in out.columns.items() if c != "phone"},
            out.rows,
            out.errors,
        )


def test_a_blind_scan_cannot_make_the_in_memory_proof_pass(ws: Path) -> None:
    r = export(
        "broken_flow",
        workspace=ws,
        inputs=[ws / "data" / "trips.parquet"],
        output=ws / "out",
        scanner=_BlindEngine(),
    )
    assert r.status == "refused"
    assert r.broken_promises == [
        "2000 raw phone still in column phone of trips.parquet",
        "pi.kinds still contains phone",
    ]
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]


def test_an_output_the_rescan_cannot_read_is_refused(ws: Path) -> None:
    calls: list[int] = []

    def unreadable_after(paths: list[Path]) -> ScanOutcome:
        out = engine_scanner(paths)
        calls.append(1)
        if len(calls) == 1:
            return out  # the inputs
        # the re-scan reports the output unreadable (and so finds nothing in it)
        reason = {"en": "truncated file", "zh": "文件被截断"}
        return ScanOutcome({}, [], {}, 0, [(str(p), reason) for p in paths])

    r = export(
        "ok_flow",
        workspace=ws,
        inputs=[ws / "data" / "trips.parquet"],
        output=ws / "out",
        scanner=unreadable_after,
    )
    assert r.status == "refused"
    assert r.broken_promises == ["the re-scan could not read trips.parquet: truncated file"]
    assert "复扫无法读取“trips.parquet”：文件被截断" in r.message_zh
    assert english_words(r.message_zh) == [], r.message_zh
    assert not (ws / "out").exists()
    store = _store(ws)
    assert store.counters("acme", 2026) == {}
    store.close()
