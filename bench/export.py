"""Export gateway throughput vs raw Parquet read+write; audit verify vs hashing the same bytes.

Run: .venv/bin/python bench/export.py [--no-readme]  → bench/results/export.json and the
export and audit rows of the README's benchmark table (BENCH_EXPORT_ROWS, BENCH_AUDIT_EVENTS
set smaller sizes for a quick check).

Both comparisons run on the same data in the same run, interleaved round after round, so the
ratios are what matter:

* export, **cold**: a fresh process runs one first export (no stored scan: it scans, decides,
  pseudonymises + coarsens, writes, re-scans, hashes, signs, counts, audits) through the
  ``carborder`` console script's entry point — interpreter start, imports, creating the
  workspace's database and rulebook loading included, as a one-shot ``carborder export`` pays —
  against a fresh process that reads and writes the same file with pyarrow alone (same writer
  options, checked byte for byte);
* export, **in process**: the same first export (a fresh workspace, no stored scan) in this
  process, whose imports are warm, against reading and writing in this process; then the plan
  alone (read, de-identify, write);
* **scan reuse**: a second export of the same bytes finds the stored scan and skips the first
  scan — reported as scan reuse, never as a cold figure;
* audit: ``verify`` of 1 M chained events in SQLite against reading the same rows and
  SHA-256-hashing their bytes.

Wall times move with the machine's load; CPU-seconds (user + system, every thread; a child's
from ``RUSAGE_CHILDREN``) move far less, and are recorded beside them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: The export's Parquet writer options (``carborder.gateway._io.parquet_writer``); the raw
#: child uses them without importing carborder, and ``bench_export`` checks its bytes equal
#: the export's writer's on the same batches.
_WRITER = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "store_schema": True,
}


def _child(args: list[str]) -> None:
    """One fresh process's work: ``raw IN OUT`` or ``export WORKSPACE IN OUT``."""
    if args[0] == "raw":  # pyarrow alone: what reading and writing the file costs
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(args[1], pre_buffer=False)
        with pf, pq.ParquetWriter(args[2], pf.schema_arrow, **_WRITER) as w:
            for b in pf.iter_batches(batch_size=1 << 18, use_threads=False):
                w.write_batch(b)
        return
    # the console script's entry point with a user's arguments: what `carborder export` pays
    # (its exit status is 0 only when the flow was released; `_fresh` checks it)
    from carborder.cli.main import main

    ws, data, out = args[1:4]
    sys.argv = ["carborder", "export", "ok_flow", "-w", ws, "-i", data, "-o", out, "--quiet"]
    main()


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    _child(sys.argv[2:])
    sys.exit(0)

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from sqlalchemy import insert, select, update  # noqa: E402
from tests.gateway_workspace import KEY, PLAN_OK, make_workspace  # noqa: E402

from carborder.audit.chain import GENESIS_HASH, canonical_json, link_hash  # noqa: E402
from carborder.deid import Keyring, OperatorContext, compile_plan  # noqa: E402
from carborder.deid.keys import ENV_VAR  # noqa: E402
from carborder.demo.tabular import fake_mobile, fake_vin  # noqa: E402
from carborder.gateway import export  # noqa: E402
from carborder.gateway._io import open_input, write_parquet  # noqa: E402
from carborder.gateway.files import sha256_file  # noqa: E402
from carborder.model.flow import DeidStep  # noqa: E402
from carborder.store import Store  # noqa: E402
from carborder.store.tables import AuditEventRow, AuditHeadRow  # noqa: E402

OUT = Path(__file__).parent / "results" / "export.json"
ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", 2_000_000))
EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", 1_000_000))
ROUNDS = int(os.environ.get("BENCH_EXPORT_ROUNDS", 3))


def _timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def write_input(path: Path, rows: int, vehicles: int = 2_000) -> None:
    rng = random.Random(7)
    vins = np.array([fake_vin(rng) for _ in range(vehicles)], dtype=object)
    phones = np.array([fake_mobile(rng) for _ in range(vehicles)], dtype=object)
    g = np.random.default_rng(7)
    who = np.sort(g.integers(0, vehicles, rows))
    table = pa.table(
        {
            "vin": pa.array(vins[who], pa.string()),
            "phone": pa.array(phones[who], pa.string()),
            "trip": pa.array(np.char.add("t", who.astype(str)).astype(object), pa.string()),
            "ts": np.arange(rows, dtype=np.int64) * 10 + 1_777_000_000,
            "lat": np.round(31.0 + g.random(rows) * 0.5, 6),
            "lon": np.round(121.0 + g.random(rows) * 0.5, 6),
            "speed": np.round(g.random(rows) * 120, 1).astype(np.float32),
            "note": pa.array(np.where(g.random(rows) < 0.01, "call back", "ok").astype(object)),
        }
    )
    pq.write_table(table, path, compression="zstd", row_group_size=1 << 16)


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _fresh(*args: str) -> tuple[float, float]:
    """Run ``_child(args)`` in a fresh interpreter; return (wall s, CPU s of that process)."""
    c0, t0 = _child_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,  # the export's report
    )
    return time.perf_counter() - t0, _child_cpu() - c0


def bench_export(tmp: Path, rounds: int = ROUNDS) -> dict[str, Any]:
    """Cold (fresh process) and in-process first exports vs raw read+write, interleaved.

    Each export writes into a fresh workspace (no stored scan: a first export scans its
    inputs). Ratios are medians of the per-round ratios (raw time / export time), so a busy
    machine slows each round's peer and export alike. After the rounds, a second export in
    the last workspace finds the stored scan: scan reuse, reported beside the cold figures.
    """
    os.environ[ENV_VAR] = KEY
    src = tmp / "big.parquet"
    write_input(src, ROWS)
    size = src.stat().st_size
    keys = ("raw_fresh", "cold", "raw", "warm")
    wall: dict[str, list[float]] = {k: [] for k in keys}
    cpu: dict[str, list[float]] = {k: [] for k in keys}
    plan_t: list[float] = []
    result: Any = None
    ws = tmp
    for i in range(rounds):
        data = tmp / f"in{i}.parquet"
        shutil.copyfile(src, data)
        t, c = _fresh("raw", str(data), str(tmp / f"rawfresh{i}.parquet"))
        wall["raw_fresh"].append(t)
        cpu["raw_fresh"].append(c)
        ws = make_workspace(tmp / f"cold{i}", rows=100, vehicles=10)
        shutil.copyfile(src, ws / "data" / "big.parquet")
        t, c = _fresh("export", str(ws), str(ws / "data" / "big.parquet"), str(tmp / f"c{i}"))
        wall["cold"].append(t)
        cpu["cold"].append(c)

        def raw(data: Path = data, i: int = i) -> None:
            f = open_input(data)
            write_parquet(tmp / f"raw{i}.parquet", f.schema, f.batches())

        def plan_only(data: Path = data, i: int = i) -> None:
            f = open_input(data)
            # the columns a scan finds the plan's kinds in (the export learns them from its scan)
            kinds = {"vin": frozenset({"vin"}), "phone": frozenset({"phone"})}
            ctx = OperatorContext(keyring=Keyring.load(None), column_kinds=kinds)
            steps = [DeidStep.model_validate(s) for s in PLAN_OK]
            plan = compile_plan(steps, f.schema, ctx)
            write_parquet(tmp / f"plan{i}.parquet", plan.output_schema, plan.run(f.batches))

        c0 = time.process_time()
        wall["raw"].append(_timed(raw)[0])
        cpu["raw"].append(time.process_time() - c0)
        if i == 0:  # the raw child wrote what the export's writer writes
            assert sha256_file(tmp / "rawfresh0.parquet") == sha256_file(tmp / "raw0.parquet")
        plan_t.append(_timed(plan_only)[0])
        ws = make_workspace(tmp / f"ws{i}", rows=100, vehicles=10)
        data = ws / "data" / "big.parquet"
        shutil.copyfile(src, data)
        c0 = time.process_time()
        seconds, result = _timed(
            lambda ws=ws, data=data, i=i: export(
                "ok_flow", workspace=ws, inputs=[data], output=tmp / f"out{i}"
            )
        )
        cpu["warm"].append(time.process_time() - c0)
        wall["warm"].append(seconds)
        assert result.status == "released", result.message
    data = ws / "data" / "big.parquet"
    c0 = time.process_time()
    rerun_s, again = _timed(
        lambda: export("ok_flow", workspace=ws, inputs=[data], output=tmp / "again")
    )
    rerun_cpu = time.process_time() - c0
    assert [f["sha256"] for f in again.files] == [f["sha256"] for f in result.files]

    def med(xs: list[float]) -> float:
        return round(float(np.median(xs)), 3)

    def ratio(peer: list[float], mine: list[float]) -> float:
        return med([p / m for p, m in zip(peer, mine, strict=True)])

    raw_s, plan_s, warm_s = med(wall["raw"]), med(plan_t), med(wall["warm"])
    return {
        "rows": ROWS,
        "input_bytes": size,
        "rounds": rounds,
        "wall_s_all": {k: [round(t, 3) for t in v] for k, v in wall.items()},
        # CPU-seconds (user + system, every thread): fresh processes from RUSAGE_CHILDREN
        "cpu_s_all": {k: [round(t, 3) for t in v] for k, v in cpu.items()},
        # cold: a fresh process, first export (what a one-shot `carborder export` pays)
        "raw_fresh_read_write_s": med(wall["raw_fresh"]),
        "export_cold_s": med(wall["cold"]),
        "cold_vs_raw_median": ratio(wall["raw_fresh"], wall["cold"]),
        "cold_cpu_vs_raw_cpu_median": ratio(cpu["raw_fresh"], cpu["cold"]),
        "raw_fresh_cpu_s": med(cpu["raw_fresh"]),
        "export_cold_cpu_s": med(cpu["cold"]),
        # in process: imports warm, still a first export (no stored scan)
        "raw_read_write_s": raw_s,
        "plan_only_s": plan_s,
        "export_full_s": warm_s,
        "raw_read_write_cpu_s": med(cpu["raw"]),
        "export_full_cpu_s": med(cpu["warm"]),
        "in_process_vs_raw_median": ratio(wall["raw"], wall["warm"]),
        "in_process_cpu_vs_raw_cpu_median": ratio(cpu["raw"], cpu["warm"]),
        "ratio_plan_vs_raw": round(plan_s / raw_s, 2),
        # scan reuse: the stored scan of the same bytes is reused (no first scan)
        "export_rerun_with_stored_scan_s": round(rerun_s, 3),
        "export_rerun_with_stored_scan_cpu_s": round(rerun_cpu, 3),
        "scan_reuse_vs_raw": round(raw_s / rerun_s, 3),
        "raw_rows_per_s": round(ROWS / raw_s),
        "export_cold_rows_per_s": round(ROWS / med(wall["cold"])),
        "plan": PLAN_OK,
        "identical_output_hashes_on_rerun": True,
        "counters": result.counters,
    }


def bench_audit(tmp: Path) -> dict[str, Any]:
    store = Store.open(f"sqlite:///{tmp / 'audit.db'}")
    prev = GENESIS_HASH
    created = "2026-11-23T00:00:00.000000Z"
    t_fill = time.perf_counter()
    chunk: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for seq in range(1, EVENTS + 1):
            payload = {"scan_id": f"s{seq}", "files": [f"{seq:064x}"], "facts_sha256": "f" * 64}
            h = link_hash(prev, seq, "scan.recorded", "bench", created, payload)
            chunk.append(
                {
                    "seq": seq,
                    "name": "scan.recorded",
                    "actor": "bench",
                    "created": created,
                    "payload_json": canonical_json(payload).decode(),
                    "prev_hash": prev,
                    "hash": h,
                }
            )
            prev = h
            if len(chunk) == 50_000:
                conn.execute(insert(AuditEventRow), chunk)
                chunk = []
        if chunk:
            conn.execute(insert(AuditEventRow), chunk)
        conn.execute(update(AuditHeadRow).values(seq=EVENTS, hash=prev))
    fill_s = time.perf_counter() - t_fill

    verify_s, report = _timed(store.verify_audit)
    assert report.ok and report.events == EVENTS, report.summary()

    def read_and_hash() -> int:
        n = 0
        last = 0
        with store.engine.connect() as conn:
            while True:
                rows = conn.execute(
                    select(AuditEventRow.__table__)
                    .where(AuditEventRow.seq > last)
                    .order_by(AuditEventRow.seq)
                    .limit(5000)
                ).all()
                if not rows:
                    return n
                for r in rows:
                    hashlib.sha256(
                        (r.prev_hash + r.name + r.actor + r.created + r.payload_json).encode()
                    ).digest()
                    n += 1
                last = rows[-1].seq

    hash_s, n = _timed(read_and_hash)
    assert n == EVENTS
    total_bytes = sum(
        len(r) for r in (canonical_json({"i": i, "p": "f" * 64}) for i in range(1000))
    )
    store.close()
    return {
        "events": EVENTS,
        "fill_s": round(fill_s, 3),
        "verify_s": round(verify_s, 3),
        "read_and_sha256_rows_s": round(hash_s, 3),
        "verify_events_per_s": round(EVENTS / verify_s),
        "ratio_verify_vs_read_and_hash": round(verify_s / hash_s, 2),
        "avg_event_json_bytes_sample": round(total_bytes / 1000),
    }


#: README rows earlier versions of this benchmark owned (written by hand before it wrote them).
_OLD_ROWS = (
    "export, cold (pseudonymise VIN+phone, coarsen GPS, scan, re-scan, write, hash), 2 M rows",
    "audit verify, 1 M events",
)


def readme_rows(doc: dict[str, Any]) -> list[str]:
    """The export and audit rows of the README table, from this run's figures.

    "Cold" is a fresh process's first export of the file (no stored scan: it scans, decides,
    writes, re-scans) against a fresh process reading and writing the file with pyarrow; the
    in-process row has warm imports (still no stored scan); a re-run that finds the stored
    scan is shown there, labelled as scan reuse, never as a cold figure.
    """
    row = _table_writer().row

    def rate(rows_per_s: float) -> str:
        return (
            f"{rows_per_s / 1e6:.2f} M rows/s"
            if rows_per_s >= 1e5
            else f"{rows_per_s / 1e3:.1f} k rows/s"
        )

    e, a = doc["export"], doc["audit"]
    rows, rounds = e["rows"], e["rounds"]
    load = doc["machine"].get("load_avg_at_start", (0.0,))[0]
    cold = e["cold_vs_raw_median"]
    how = f"interleaved, median of {rounds} rounds, load {load:.0f}"
    work = "pseudonymise VIN+phone, coarsen GPS, scan, re-scan, write, hash"
    return [
        row(
            f"export, cold: a fresh process's first export ({work}), {rows / 1e6:g} M rows",
            rate(rows / e["export_cold_s"]),
            f"raw read+write by pyarrow in a fresh process "
            f"{rate(rows / e['raw_fresh_read_write_s'])} ({how})",
            f"{cold}× (by CPU-seconds {e['cold_cpu_vs_raw_cpu_median']}×)",
            "≥ 0.33× cold",
            "yes" if cold >= 0.33 else "no",
        ),
        row(
            f"export in process, imports warm, first export (no stored scan), {rows / 1e6:g} M rows",
            rate(rows / e["export_full_s"]),
            f"raw read+write in the same process {rate(rows / e['raw_read_write_s'])} ({how})",
            f"{e['in_process_vs_raw_median']}× (by CPU-seconds "
            f"{e['in_process_cpu_vs_raw_cpu_median']}×); scan reuse, a second export of the "
            f"same bytes that reuses the stored scan: {e['scan_reuse_vs_raw']}×",
            "—",
            "—",
        ),
        row(
            f"audit verify, {a['events'] / 1e6:g} M events",
            f"{a['verify_events_per_s'] / 1e3:.0f} k events/s",
            "read + SHA-256 of the same rows",
            f"{a['ratio_verify_vs_read_and_hash']}× its time",
            "comparable",
            "yes" if a["ratio_verify_vs_read_and_hash"] <= 3 else "no",
        ),
    ]


@functools.cache
def _table_writer() -> Any:
    """bench/scan_tabular.py, whose ``row`` and ``update`` write the README table.

    Loaded from its file: bench/ stays off sys.path (its can.py and mcap.py would shadow
    those packages).
    """
    spec = importlib.util.spec_from_file_location(
        "scan_tabular", Path(__file__).resolve().parent / "scan_tabular.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write_byte_code() -> None:
    """Compile carborder's modules first: fresh-process rows then measure a user's usual run
    (Python writes byte code on the first run), not one that compiles every module again
    (as under PYTHONDONTWRITEBYTECODE, or in a checkout that never ran)."""
    import compileall

    import carborder

    compileall.compile_dir(str(Path(carborder.__file__).parent), quiet=1)


def main() -> None:
    _write_byte_code()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        exp = bench_export(tmp)
        aud = bench_audit(tmp)
    doc = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_avg_at_start": load,
            "load_avg_at_end": os.getloadavg(),
        },
        "export": exp,
        "audit": aud,
    }
    doc["readme_rows"] = readme_rows(doc)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    if "--no-readme" not in sys.argv[1:]:
        _table_writer().update(doc["readme_rows"], owned=_OLD_ROWS)
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
