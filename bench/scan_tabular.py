"""Benchmark: carborder's tabular scan vs raw Parquet reading vs Microsoft Presidio.

Generates (seeded, once) a 5-million-row telemetry table plus a CRM table with known ground
truth under bench/data/, then measures, each in a fresh process:

* **one-shot CLI scans** -- ``carborder scan FILE --format json``, 1 process (local runner)
  and 2 processes (pool runner, pool start-up included): what a user pays, interpreter
  start, imports and rulebook loading included -- against raw ``pq.read_table`` of the same
  file. Raw read and both scans run interleaved, round after round, so that a busy machine
  slows all three alike; the ratios are medians of the per-round ratios, times are medians;
* the **engine**: ``carborder.scan.scan`` in a warm process (imports done, page cache hot),
  median of several runs, 1 process, its allocators set up as the console script sets its
  own (``carborder.memory``);
* a sampled scan; Presidio with equivalent PatternRecognizers on a subsample (same rows,
  precision/recall per entity); single-pass floors over the free-text column (read, the
  candidate extractor, one RE2 pass);
* **peak memory** of a one-shot CLI scan of a multi-GB Parquet file (the telemetry row
  groups written again and again; ``--big-gb 0`` skips it);
* **people**: the exact identifier graph at 10 M rows against scipy's connected components,
  with peak RSS; distinct counting at 10 M values through the HLL sketch.

Writes bench/results/scan_tabular.json and the scan rows of the README's benchmark table.

Usage: .venv/bin/python bench/scan_tabular.py [--rows N] [--runs N] [--big-gb G]

Presidio is not a carborder dependency: ``make install-bench && .venv/bin/pip install
presidio-analyzer`` first (its spaCy runs as a blank multi-language tokenizer: no model is
downloaded); without it the Presidio row is left out and the error is kept in the results.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if sys.argv[1:3] in (["--measure", "engine1"], ["--measure", "sample"]):
    # the warm engine runs in a process set up as carborder's own scanning processes set
    # themselves up (before pyarrow loads): the console script keeps the memory it frees
    from carborder.memory import keep_freed_memory

    keep_freed_memory()

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results" / "scan_tabular.json"

# --------------------------------------------------------------------------- README rows
# Each benchmark owns the README table rows whose first cell it writes: a run replaces them
# in place (or appends them before the closing marker), so the README shows what the last
# run measured; rows of other benchmarks are left alone (scan_accuracy.py uses these too).
README = HERE.parent / "README.md"
START, END = "<!-- bench-table -->", "<!-- /bench-table -->"


def row(*cells: object) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |"


def update(rows: list[str], *, owned: tuple[str, ...] = (), path: Path = README) -> None:
    """Replace the table rows whose first cell matches one of ``rows`` (or ``owned``).

    ``owned`` lists first cells of rows this benchmark wrote before under another label
    (they are removed).
    """
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    table, tail = rest.split(END, 1)

    def key(line: str) -> str:
        return line.strip().strip("|").split("|")[0].strip()

    new = {key(r): r for r in rows}
    drop = set(owned)
    lines = table.strip("\n").split("\n")
    out: list[str] = []
    for line in lines:
        k = key(line)
        if k in new:
            out.append(new.pop(k))
        elif k not in drop:
            out.append(line)
    out.extend(new.values())
    path.write_text(head + START + "\n" + "\n".join(out) + "\n" + END + tail, encoding="utf-8")


SEED = 20261123
PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
WMIS = [b"LSV", b"LFV", b"LGX", b"LVS", b"LHG", b"LBV", b"LRW", b"LNB"]
VIN_ALPHA = np.frombuffer(b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789", dtype=np.uint8)
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
REGIONS = [b"110105", b"310115", b"440305", b"330106", b"510107", b"420106", b"320106", b"370102"]
PREFIXES = [b"138", b"139", b"150", b"151", b"186", b"187", b"133", b"177", b"199", b"166"]


# --------------------------------------------------------------------------- generation
def _strings(mat: np.ndarray) -> pa.Array:
    n, w = mat.shape
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(),
        n,
        [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(mat).tobytes())],
    )


def _vins(rng: np.random.Generator, n: int) -> np.ndarray:
    from carborder.scan.detectors.validators import _VIN_CHECK, _VIN_VALUE, _VIN_WEIGHTS

    m = np.empty((n, 17), dtype=np.uint8)
    m[:, :3] = np.frombuffer(b"".join(WMIS), dtype=np.uint8).reshape(-1, 3)[
        rng.integers(0, len(WMIS), n)
    ]
    m[:, 3:8] = VIN_ALPHA[rng.integers(0, len(VIN_ALPHA), (n, 5))]
    m[:, 9] = np.frombuffer(b"NPRS", dtype=np.uint8)[rng.integers(0, 4, n)]
    m[:, 10] = np.frombuffer(b"ABCDEFGH", dtype=np.uint8)[rng.integers(0, 8, n)]
    m[:, 11:17] = rng.integers(48, 58, (n, 6))
    m[:, 8] = ord("0")
    m[:, 8] = _VIN_CHECK[(_VIN_VALUE[m] @ _VIN_WEIGHTS) % 11]
    return m


def _ids(rng: np.random.Generator, n: int, *, valid: bool = True) -> np.ndarray:
    from carborder.scan.detectors.validators import _ID_CHECK, _ID_WEIGHTS

    m = np.empty((n, 18), dtype=np.uint8)
    m[:, :6] = np.frombuffer(b"".join(REGIONS), dtype=np.uint8).reshape(-1, 6)[
        rng.integers(0, len(REGIONS), n)
    ]
    year = rng.integers(1950, 2006, n)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    for pos, val, width in ((6, year, 4), (10, month, 2), (12, day, 2)):
        for k in range(width):
            m[:, pos + k] = 48 + (val // 10 ** (width - 1 - k)) % 10
    m[:, 14:17] = rng.integers(48, 58, (n, 3))
    chk = _ID_CHECK[((m[:, :17].astype(np.int64) - 48) @ _ID_WEIGHTS) % 11]
    if not valid:  # look-alike: a wrong check character
        chk = np.where(chk == ord("0"), ord("1"), np.where(chk == ord("X"), ord("0"), chk - 1))
    m[:, 17] = chk
    return m


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    m = np.empty((n, 11), dtype=np.uint8)
    m[:, :3] = np.frombuffer(b"".join(PREFIXES), dtype=np.uint8).reshape(-1, 3)[
        rng.integers(0, len(PREFIXES), n)
    ]
    m[:, 3:] = rng.integers(48, 58, (n, 8))
    return m


def _plates(rng: np.random.Generator, n: int) -> list[str]:
    prov = rng.integers(0, len(PROV), n)
    letter = rng.integers(0, len(LETTERS) - 2, n)
    nev = rng.random(n) < 0.2
    digits = rng.integers(0, 100_000, n)
    out = []
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    for p, le, e, d in zip(prov, letter, nev, digits, strict=True):
        head = PROV[p] + letters[le % len(letters)]
        out.append(f"{head}D{letters[d % 23]}{d % 10000:04d}" if e else f"{head}{d:05d}")
    return out


def generate(rows: int) -> dict[str, object]:
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    t0 = time.perf_counter()
    pool = _vins(rng, max(rows // 5, 1))
    vin_idx = rng.integers(0, len(pool), rows)
    vin_mat = pool[vin_idx]
    has_phone = rng.random(rows) < 0.10
    has_id = rng.random(rows) < 0.05
    has_plate = rng.random(rows) < 0.20
    phones = _phones(rng, rows)
    ids = _ids(rng, rows)
    plates = _plates(rng, int(has_plate.sum()))
    phone_arr = pa.array(np.where(has_phone, None, None))  # placeholder replaced below
    phone_s = _strings(phones)
    phone_arr = phone_s.filter(pa.array(has_phone))
    id_s = _strings(ids)
    # free text with real PII, and look-alikes the truth marks negative
    kind = rng.random(rows)
    ft_phone = kind < 0.15
    ft_plate = (kind >= 0.15) & (kind < 0.25)
    ft_id = (kind >= 0.25) & (kind < 0.27)
    ft_bad_id = (kind >= 0.27) & (kind < 0.29)
    ft_order = (kind >= 0.29) & (kind < 0.32)
    ft_vin = (kind >= 0.32) & (kind < 0.34)
    ft_bad_vin = (kind >= 0.34) & (kind < 0.36)
    null_text = kind >= 0.90
    tph = _phones(rng, rows)
    tid = _ids(rng, rows)
    tbad = _ids(rng, rows, valid=False)
    tvin = _vins(rng, rows)
    tbadvin = tvin.copy()
    tbadvin[:, 8] = np.where(tbadvin[:, 8] == ord("0"), ord("1"), ord("0"))
    tplates = _plates(rng, rows)
    text = []
    for i in range(rows):
        if null_text[i]:
            text.append(None)
        elif ft_phone[i]:
            text.append("请联系司机" + tph[i].tobytes().decode() + "，谢谢")
        elif ft_plate[i]:
            text.append("事故车辆 " + tplates[i] + " 已拖走")
        elif ft_id[i]:
            text.append("身份证 " + tid[i].tobytes().decode())
        elif ft_bad_id[i]:
            text.append("证件 " + tbad[i].tobytes().decode() + " 待核")
        elif ft_order[i]:
            text.append(f"订单号 {tph[i].tobytes().decode()}{i % 1000:03d} 已支付")
        elif ft_vin[i]:
            text.append("VIN " + tvin[i].tobytes().decode() + " 保养")
        elif ft_bad_vin[i]:
            text.append("编码 " + tbadvin[i].tobytes().decode() + " 入库")
        else:
            text.append("车辆状态正常 status ok" if i % 2 else "battery SOC nominal, no fault")
    text = [None if t is None else t for t in text]
    ft_bad_vin &= ~np.frombuffer(b"", dtype=bool) if False else ft_bad_vin
    from carborder.scan.detectors.validators import vin_rows

    ft_vin_truth = ft_vin.copy()
    ft_bad_vin_valid = np.zeros(rows, dtype=bool)
    ft_bad_vin_valid[ft_bad_vin] = vin_rows(
        tbadvin[ft_bad_vin]
    )  # changing pos 9 may still validate
    ft_vin_truth |= ft_bad_vin_valid
    ts = np.datetime64("2026-05-01T00:00:00", "ms") + np.sort(
        rng.integers(0, 86_400_000 * 30, rows)
    ).astype("timedelta64[ms]")
    table = pa.table(
        {
            "vin": _strings(vin_mat),
            "ts": pa.array(ts),
            "lat": rng.uniform(22, 45, rows).round(6),
            "lon": rng.uniform(100, 122, rows).round(6),
            "speed": rng.uniform(0, 120, rows).astype(np.float32),
            "phone": pa.array(
                np.where(has_phone, np.array(phone_s.to_numpy(zero_copy_only=False)), None)
            ),
            "id_card": pa.array(
                np.where(has_id, np.array(id_s.to_numpy(zero_copy_only=False)), None)
            ),
            "plate": pa.array(_fill(has_plate, plates)),
            "free_text": pa.array(text, type=pa.string()),
        }
    )
    del phone_arr
    pq.write_table(table, DATA / "telemetry.parquet", row_group_size=1 << 20)
    truth = pa.table(
        {
            "phone": has_phone,
            "id_card": has_id,
            "plate": has_plate,
            "ft_phone": ft_phone,
            "ft_id": ft_id,
            "ft_plate": ft_plate,
            "ft_vin": ft_vin_truth,
        }
    )
    pq.write_table(truth, DATA / "truth.parquet")
    # CRM: 200k customers with names, phones, IDs and VINs from the same fleet
    n_crm = max(rows // 25, 10)
    crm = pa.table(
        {
            "姓名": pa.array(
                ["张伟", "王芳", "李娜", "刘洋", "陈静"] * (n_crm // 5) + ["赵强"] * (n_crm % 5)
            ),
            "手机号": _strings(_phones(rng, n_crm)),
            "身份证号": _strings(_ids(rng, n_crm)),
            "车架号": _strings(pool[rng.integers(0, len(pool), n_crm)]),
        }
    )
    pq.write_table(crm, DATA / "crm.parquet")
    gt = {
        "rows_telemetry": rows,
        "rows_crm": n_crm,
        "distinct_vin_telemetry": len(np.unique(vin_idx)),
        "rows_phone": int(has_phone.sum()),
        "rows_id_card": int(has_id.sum()),
        "rows_plate": int(has_plate.sum()),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (DATA / "truth.json").write_text(json.dumps(gt, indent=2))
    return gt


def _fill(mask: np.ndarray, values: list[str]) -> list[str | None]:
    it = iter(values)
    return [next(it) if m else None for m in mask]


# --------------------------------------------------------------------------- measurements
def _rss_mb() -> float:
    """This process's own peak RSS in MB: ``VmHWM``, per address space, fresh after exec.

    ``ru_maxrss`` is not: Linux carries the parent's high-water mark over an exec, so a child
    of a large parent reports the parent's peak (RUSAGE_SELF and RUSAGE_CHILDREN alike).
    """
    with contextlib.suppress(OSError), open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Runs the CLI as the console script does and, at exit, writes the process's own VmHWM (kB)
# to the file named in the first argument.
_CLI_WRAPPER = """
import atexit, sys
out = sys.argv.pop(1)
def _hwm():
    with open("/proc/self/status") as fh:
        kb = next((ln.split()[1] for ln in fh if ln.startswith("VmHWM:")), "")
    with open(out, "w") as fh:
        fh.write(kb)
atexit.register(_hwm)
from carborder.cli.main import main
sys.argv[0] = "carborder"
main()
"""


def m_floor() -> dict[str, object]:
    """Measured floors: single passes over the free-text column, 1 thread.

    Whatever the engine does, finding identifiers in free text needs at least one pass over
    it; these figures put the full-scan time in proportion (best of 3: a floor).
    """
    import pyarrow.compute as pc

    from carborder.scan.detectors import candidates

    pa.set_cpu_count(1)
    p = DATA / "telemetry.parquet"
    col = pq.read_table(p, columns=["free_text"]).column(0)

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return round(min(times), 3)

    def each(f):  # type: ignore[no-untyped-def]
        return lambda: [f(c) for c in col.chunks]

    return {
        "rows": len(col),
        "free_text_mb": round(sum(c.nbytes for c in col.chunks) / 1e6, 1),
        "read_free_text_only_s": best(lambda: pq.read_table(p, columns=["free_text"])),
        "read_all_1_thread_s": best(lambda: pq.read_table(p, use_threads=False)),
        "extract_all_kinds_s": best(each(candidates.extract)),
        "regex_match_one_phone_pattern_s": best(
            each(lambda c: pc.match_substring_regex(c, r"1[3-9][0-9]{9}"))
        ),
        "dictionary_encode_s": best(each(pc.dictionary_encode)),
    }


def m_raw_once(path: str) -> dict[str, object]:
    """One ``pq.read_table`` in this (fresh) process: the raw-read peer of a one-shot scan."""
    t0, c0 = time.perf_counter(), time.process_time()
    t = pq.read_table(path)
    return {
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": round(time.process_time() - c0, 3),
        "rows": t.num_rows,
        "peak_rss_mb": _rss_mb(),
    }


def _scan_kernel() -> str:
    """``native`` when the C kernel is built and enabled in this environment, else ``numpy``."""
    from carborder.scan.detectors import native

    return "numpy" if native.kernel is None else "native"


def _memory_kept() -> dict[str, bool]:
    from carborder.memory import kept

    return kept()


def m_engine(runner: str, workers: int, sample: int | None, runs: int) -> dict[str, object]:
    """The engine in a warm process: imports, pack and page cache already loaded."""
    from carborder.scan import scan

    p = DATA / "telemetry.parquet"
    scan(p, sample=1000)  # warm-up: lazy imports, page cache
    pq.read_table(p)
    times = []
    raw = []
    cpu: list[float] = []
    raw_cpu: list[float] = []
    for _ in range(runs):
        # the warm engine's peer is a warm raw read, interleaved (a fresh process's first
        # read pays Arrow's start-up: that is the one-shot CLI's peer, not this one's)
        c0, t0 = time.process_time(), time.perf_counter()
        pq.read_table(p)
        raw.append(time.perf_counter() - t0)
        raw_cpu.append(time.process_time() - c0)
        c0, t0 = time.process_time(), time.perf_counter()
        r = scan(p, runner=runner, workers=workers, sample=sample)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "seconds_median": float(np.median(times)),
        "seconds_all": [round(t, 3) for t in times],
        "raw_read_seconds_median": float(np.median(raw)),
        "raw_read_seconds_all": [round(t, 3) for t in raw],
        "vs_raw_read": round(float(np.median([a / b for a, b in zip(raw, times, strict=True)])), 3),
        # CPU-seconds of this process (all its threads): the work, whatever the machine's load
        "cpu_seconds_all": [round(t, 3) for t in cpu],
        "raw_read_cpu_seconds_all": [round(t, 3) for t in raw_cpu],
        "vs_raw_read_by_cpu": round(
            float(np.median([a / b for a, b in zip(raw_cpu, cpu, strict=True)])), 3
        ),
        "rows": r.details["rows"],
        "scan_kernel": _scan_kernel(),
        "memory_kept": _memory_kept(),
        "facts": r.facts,
        "details": r.details,
        "peak_rss_mb": _rss_mb(),
    }


def _adopt_orphans() -> bool:
    """Become the reaper of this process's orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``).

    A pool scan's fork server outlives the command by a moment and is nobody's child then; as
    its reaper this process collects its CPU time, and with it that of the workers it reaped.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(36, 1, 0, 0, 0)) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_orphans() -> None:
    """Wait for every adopted descendant (the fork server exits once its parent is gone)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _cli(path: Path, *extra: str, cores: set[int] | None = None) -> dict[str, object]:
    """A one-shot ``carborder scan`` in a fresh process: wall time, its peak RSS, its facts.

    The peak is the scanning process's own ``VmHWM`` (pool workers are not included), read by
    a wrapper at exit; the wrapper imports what the console script imports, nothing more.
    CPU-seconds are taken for the command's own process and, separately, for the processes
    it started and left behind (a pool's fork server and the workers that server forked).
    ``cores`` pins the command to those cores (the same command on less hardware).
    """
    adopted = _adopt_orphans()
    with tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "vmhwm"
        cmd = [sys.executable, "-c", _CLI_WRAPPER, str(hwm)]
        cmd += ["scan", str(path), "--format", "json", *extra]
        t0 = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        pin = (lambda: os.sched_setaffinity(0, cores)) if cores else None
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=pin)
        out, err = proc.communicate()
        seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if adopted:
            _reap_orphans()
        tree = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            return {"error": err.decode(errors="replace")[-2000:]}
        text = hwm.read_text().strip() if hwm.exists() else ""
    rss = round(int(text) / 1024, 1) if text.isdigit() else None
    facts: dict[str, object] = {}
    units_cpu = None
    with contextlib.suppress(ValueError, KeyError):
        doc = json.loads(out)
        facts = doc["facts"]
        units_cpu = doc["details"].get("worker_cpu_seconds")
    # CPU of the command's own process (its threads included: with the pool runner it scans
    # units too) and of its helpers (fork server and pool workers: children of the fork
    # server, adopted here when the command exits); units: CPU of the scanned units alone
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    helpers = tree.ru_utime + tree.ru_stime - after.ru_utime - after.ru_stime
    return {
        "seconds": seconds,
        "peak_rss_mb": rss,
        "facts": facts,
        "cpu_seconds_command": round(cpu, 3),
        "cpu_seconds_helpers": round(helpers, 3) if adopted else None,
        "cpu_seconds_units": units_cpu,
    }


def m_oneshot(runs: int) -> dict[str, object]:
    """Raw read, one-shot CLI with 1 and with 2 processes, interleaved round by round.

    Also the one-process command pinned to one core: one process already keeps more than
    one core busy (a read-ahead thread, two column threads), so "2 processes vs 1 process"
    cannot show what two cores give; "2 cores vs 1 core" for the same command can.
    """
    p = DATA / "telemetry.parquet"
    rounds = []
    for i in range(runs):
        print(f"  one-shot round {i + 1}/{runs}", flush=True)
        raw = _child("raw_once", str(p))
        one = _cli(p, "--runner", "local")
        two = _cli(p, "--runner", "pool")
        core = _cli(p, "--runner", "local", cores={min(os.sched_getaffinity(0))})
        rounds.append({"raw": raw, "cli1": one, "cli2": two, "core1": core})
    ok = [r for r in rounds if not any("error" in v for v in r.values())]
    if not ok:
        return {"error": json.dumps(rounds[-1], default=str)[-2000:]}

    def med(xs: list[float]) -> float:
        return round(float(np.median(xs)), 3)

    raw_s = [float(r["raw"]["seconds"]) for r in ok]  # type: ignore[arg-type]
    one_s = [float(r["cli1"]["seconds"]) for r in ok]  # type: ignore[arg-type]
    two_s = [float(r["cli2"]["seconds"]) for r in ok]  # type: ignore[arg-type]
    core_s = [float(r["core1"]["seconds"]) for r in ok]  # type: ignore[arg-type]
    return {
        "rounds": len(ok),
        "raw_seconds_median": med(raw_s),
        "cli1_seconds_median": med(one_s),
        "cli2_seconds_median": med(two_s),
        "raw_seconds_all": [round(x, 3) for x in raw_s],
        "cli1_seconds_all": [round(x, 3) for x in one_s],
        "cli2_seconds_all": [round(x, 3) for x in two_s],
        "cli1_vs_raw_read": med([r / o for r, o in zip(raw_s, one_s, strict=True)]),
        "cli2_vs_raw_read": med([r / t for r, t in zip(raw_s, two_s, strict=True)]),
        "cli_2proc_speedup": med([o / t for o, t in zip(one_s, two_s, strict=True)]),
        # the same one-process command on one core, and what the second core adds to it
        # (by its own threads, and by a second process)
        "core1_seconds_median": med(core_s),
        "core1_seconds_all": [round(x, 3) for x in core_s],
        "cli1_2core_vs_1core": med([c / o for c, o in zip(core_s, one_s, strict=True)]),
        "cli2_2core_vs_1core": med([c / t for c, t in zip(core_s, two_s, strict=True)]),
        "pool_facts_equal_one_core": all(r["core1"]["facts"] == r["cli1"]["facts"] for r in ok),  # type: ignore[index]
        # CPU-seconds per process, medians: on a shared machine wall ratios follow the load,
        # these do not (cli2's command CPU is the parent alone: planning, merging, counting)
        "cli1_cpu_seconds_median": med([float(r["cli1"]["cpu_seconds_command"]) for r in ok]),  # type: ignore[arg-type,index]
        "cli2_parent_cpu_seconds_median": med(
            [float(r["cli2"]["cpu_seconds_command"]) for r in ok]  # type: ignore[arg-type,index]
        ),
        "cli2_workers_cpu_seconds_median": med(
            [float(r["cli2"]["cpu_seconds_helpers"] or 0) for r in ok]  # type: ignore[arg-type,index]
        ),
        "raw_cpu_seconds_median": med([float(r["raw"].get("cpu_seconds", 0)) for r in ok]),  # type: ignore[arg-type,union-attr]
        "pool_facts_equal_local": all(r["cli1"]["facts"] == r["cli2"]["facts"] for r in ok),  # type: ignore[index]
        # the pool runner's own process scans units beside its workers; the helpers' CPU is
        # that of the fork server and the workers (adopted and reaped by this process)
        "cli2_parent_scans_units": True,
        "facts": ok[-1]["cli1"]["facts"],
    }


def m_big(gb: float) -> dict[str, object]:
    """Peak RSS of a one-shot CLI scan of a ``gb``-GB Parquet file, in a fresh process."""
    src = DATA / "telemetry.parquet"
    big = DATA / f"telemetry_{gb:g}gb.parquet"
    if not big.exists() or big.stat().st_size < gb * 1e9:
        # written by a child: this process stays small (its peak would not matter with VmHWM,
        # but a large parent also slows every fork)
        made = _child("make_big", str(src), str(big), str(gb))
        if "error" in made:
            return made
    res = _cli(big, "--runner", "local")
    res.pop("facts", None)
    res["file_gb"] = round(big.stat().st_size / 1e9, 2)
    res["rows"] = pq.ParquetFile(big).metadata.num_rows
    return res


def m_make_big(src: str, big: str, gb: float) -> dict[str, object]:
    """Write ``src``'s row groups again and again to ``big`` until it holds ``gb`` GB."""
    pf = pq.ParquetFile(src)
    tmp = Path(big).with_suffix(".tmp")
    with pq.ParquetWriter(tmp, pf.schema_arrow) as w:
        while not tmp.exists() or tmp.stat().st_size < gb * 1e9:
            for i in range(pf.num_row_groups):
                w.write_table(pf.read_row_group(i), row_group_size=1 << 20)
    tmp.replace(big)
    return {"bytes": Path(big).stat().st_size}


def _people_rows(rows: int, people: int):  # type: ignore[no-untyped-def]
    """Seeded rows of people: resident ID (30 % missing), phone, bank card (half missing)."""
    rng = np.random.default_rng(SEED)
    step = 1 << 20
    for start in range(0, rows, step):
        m = min(step, rows - start)
        who = rng.integers(0, people, m).astype(np.uint64)
        ok_id = rng.random(m) >= 0.3
        ok_ph = (rng.random(m) >= 0.15) | ~ok_id
        ok_card = rng.random(m) < 0.5
        # node ids: 3w+1 resident ID, 3w+2 phone, 3w bank card of person w
        yield (
            (who * np.uint64(3) + np.uint64(1), ok_id),
            (who * np.uint64(3) + np.uint64(2), ok_ph),
            (who * np.uint64(3), ok_card),
        )


def m_people(rows: int, people: int) -> dict[str, object]:
    """The exact identifier graph at ``rows`` rows vs scipy's connected components."""
    from carborder.scan.people import PeopleStats

    mix = np.uint64(0x9E3779B97F4A7C15)
    stats = PeopleStats()
    t0 = time.perf_counter()
    for (ids, ok_id), (ph, ok_ph), (card, ok_card) in _people_rows(rows, people):
        keys = {"id_number": (ids * mix, ok_id), "phone": (ph * mix, ok_ph)}
        stats.add(keys | {"bank_card": (card * mix, ok_card)}, None)
    counted = stats.counts()[0]
    seconds = time.perf_counter() - t0
    rss = _rss_mb()  # before the reference is built
    exact = stats.exact
    del stats
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # the reference: every identifier in a row linked to every other one
    ea: list[np.ndarray] = []
    eb: list[np.ndarray] = []
    for (ids, ok_id), (ph, ok_ph), (card, ok_card) in _people_rows(rows, people):
        for x, ox, y, oy in (
            (ids, ok_id, ph, ok_ph),
            (ph, ok_ph, card, ok_card),
            (ids, ok_id, card, ok_card),
        ):
            both = ox & oy
            ea.append(x[both])
            eb.append(y[both])
        for x, ox in ((ids, ok_id), (ph, ok_ph), (card, ok_card)):
            ea.append(x[ox])
            eb.append(x[ox])
    a = np.concatenate(ea)
    b = np.concatenate(eb)
    nodes, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    ia, ib = inv[: len(a)], inv[len(a) :]
    g = coo_matrix((np.ones(len(a), np.int8), (ia, ib)), shape=(len(nodes), len(nodes)))
    reference = int(connected_components(g, directed=False)[0])
    return {
        "rows": rows,
        "people_pool": people,
        "counted": counted,
        "reference_scipy": reference,
        "equal": counted == reference,
        "exact": exact,
        "seconds": round(seconds, 1),
        "peak_rss_mb_counting": round(rss, 1),
    }


def m_crm() -> dict[str, object]:
    from carborder.scan import scan

    t0 = time.perf_counter()
    r = scan(DATA / "crm.parquet")
    return {"seconds": time.perf_counter() - t0, "facts": r.facts}


def _carborder_rows(table: pa.Table) -> dict[str, dict[str, np.ndarray]]:
    from carborder.scan.detectors import identifiers as ids
    from carborder.scan.detectors.base import BatchContext

    dets = {
        "phone": ids.MobileDetector(),
        "id_card": ids.ResidentIdDetector(),
        "plate": ids.PlateDetector(),
        "vin": ids.VinDetector(),
    }
    out: dict[str, dict[str, np.ndarray]] = {}
    for col in ("phone", "id_card", "plate", "free_text"):
        out[col] = {}
        batch = pa.record_batch({col: table.column(col).combine_chunks()})
        # one context per batch, as the engine runs its detectors: the column is cut into
        # candidates once and each detector reads its kind (Presidio's analyze() also runs
        # all its recognizers in one call per text)
        ctx = BatchContext(file="bench")
        for ent, d in dets.items():
            f = d.detect(batch, ctx)
            keyed = f.row_keys.get(d.kind)
            rows = np.zeros(table.num_rows, bool) if keyed is None else keyed[1].copy()
            # identifiers in free text are "loose" (unlinked) keys: their rows count too
            for _first, ok, _more in f.loose_keys.get(d.kind, []):
                rows |= ok
            out[col][ent] = rows
    return out


def _presidio_engine():  # type: ignore[no-untyped-def]
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankNlp(SpacyNlpEngine):
        """spaCy's blank multi-language tokenizer: no model download."""

        def load(self) -> None:
            self.nlp = {"zh": spacy.blank("xx")}

    pats = {
        "CN_PHONE": r"(?<!\d)1[3-9]\d{9}(?!\d)",
        "CN_ID_CARD": r"(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)",
        "CN_PLATE": r"["
        + PROV
        + r"][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])",
        "VIN": r"(?<![A-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Z0-9])",
    }
    ctx = {
        "CN_PHONE": ["手机", "电话", "phone"],
        "CN_ID_CARD": ["身份证"],
        "CN_PLATE": ["车牌"],
        "VIN": ["VIN", "车架号"],
    }
    reg = RecognizerRegistry(supported_languages=["zh"])
    for ent, p in pats.items():
        reg.add_recognizer(
            PatternRecognizer(
                supported_entity=ent,
                patterns=[Pattern(ent, p, 0.6)],
                context=ctx[ent],
                supported_language="zh",
            )
        )
    nlp = BlankNlp(models=[{"lang_code": "zh", "model_name": "blank"}])
    return AnalyzerEngine(registry=reg, nlp_engine=nlp, supported_languages=["zh"])


#: runs of carborder's detectors over the throughput rows (their median is the rate)
THROUGHPUT_RUNS = 7


def m_presidio(n: int, throughput_rows: int = 200_000) -> dict[str, object]:
    """Presidio vs carborder's detectors: accuracy on the same ``n`` rows, and throughput.

    Presidio analyses value by value (its time is linear in the rows), so its rate on the
    subsample is its rate; carborder's detectors work column-wise with a fixed cost per
    call, so their rate is also measured on ``throughput_rows`` rows (what a scan feeds
    them) and the speed ratio compares the two rates.
    """
    full = pq.read_table(DATA / "telemetry.parquet")
    t = full.slice(0, n)
    truth = pq.read_table(DATA / "truth.parquet").slice(0, n)
    ents = {"phone": "CN_PHONE", "id_card": "CN_ID_CARD", "plate": "CN_PLATE", "vin": "VIN"}
    t_imp = time.perf_counter()
    engine = _presidio_engine()
    setup = time.perf_counter() - t_imp
    cols = ("phone", "id_card", "plate", "free_text")
    pres: dict[str, dict[str, np.ndarray]] = {c: {e: np.zeros(n, bool) for e in ents} for c in cols}
    nbytes = 0
    t0 = time.perf_counter()
    for c in cols:
        for i, v in enumerate(t.column(c).to_pylist()):
            if v is None:
                continue
            nbytes += len(v.encode())
            for r in engine.analyze(text=v, language="zh", entities=list(ents.values())):
                for e, pe in ents.items():
                    if r.entity_type == pe:
                        pres[c][e][i] = True
    p_sec = time.perf_counter() - t0
    _carborder_rows(t)  # warm-up: lazy imports and regex compilation, as Presidio's setup
    t1 = time.perf_counter()
    cb = _carborder_rows(t)
    c_sec = time.perf_counter() - t1
    big = full.slice(0, max(n, throughput_rows))
    # the median of several runs: one run of a tenth of a second follows the machine's mood
    big_secs = []
    for _ in range(THROUGHPUT_RUNS):
        t2 = time.perf_counter()
        _carborder_rows(big)
        big_secs.append(time.perf_counter() - t2)
    c_big_sec = float(np.median(big_secs))
    # truth per (column, entity)
    tr = {c: {e: np.zeros(n, bool) for e in ents} for c in cols}
    tr["phone"]["phone"] = np.asarray(truth.column("phone").to_numpy())
    tr["id_card"]["id_card"] = np.asarray(truth.column("id_card").to_numpy())
    tr["plate"]["plate"] = np.asarray(truth.column("plate").to_numpy())
    for e, k in (
        ("phone", "ft_phone"),
        ("id_card", "ft_id"),
        ("plate", "ft_plate"),
        ("vin", "ft_vin"),
    ):
        tr["free_text"][e] = np.asarray(truth.column(k).to_numpy())

    def pr(pred: dict[str, dict[str, np.ndarray]]) -> dict[str, dict[str, float]]:
        res = {}
        for e in ents:
            tp = sum(int((pred[c][e] & tr[c][e]).sum()) for c in cols)
            fp = sum(int((pred[c][e] & ~tr[c][e]).sum()) for c in cols)
            fn = sum(int((~pred[c][e] & tr[c][e]).sum()) for c in cols)
            res[e] = {
                "precision": round(tp / max(tp + fp, 1), 4),
                "recall": round(tp / max(tp + fn, 1), 4),
                "tp": tp,
                "fp": fp,
                "fn": fn,
            }
        return res

    return {
        "rows": n,
        "bytes": nbytes,
        "presidio_seconds": p_sec,
        "presidio_setup_seconds": setup,
        "carborder_seconds": c_sec,
        "carborder_throughput_rows": big.num_rows,
        "carborder_throughput_seconds": c_big_sec,
        "carborder_throughput_seconds_all": [round(x, 4) for x in big_secs],
        "presidio": pr(pres),
        "carborder": pr(cb),
        "peak_rss_mb": _rss_mb(),
    }


def m_distinct(n: int) -> dict[str, object]:
    from carborder.scan.sketch import DistinctCounter

    parts = [DistinctCounter(), DistinctCounter()]
    t0 = time.perf_counter()
    step = 1 << 20
    for start in range(0, n, step):
        ids_ = [f"person-{i}" for i in range(start, min(n, start + step))]
        parts[(start // step) % 2].update(ids_)
    merged = DistinctCounter.from_bytes(parts[0].to_bytes()).merge(
        DistinctCounter.from_bytes(parts[1].to_bytes())
    )
    est = merged.estimate()
    return {
        "true": n,
        "estimate": est,
        "relative_error": (est - n) / n,
        "seconds": time.perf_counter() - t0,
    }


def _child(name: str, *args: str, python: str | None = None) -> dict[str, object]:
    """Run one measurement in a fresh process (``python``: another interpreter, see below)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent / "src") + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, __file__, "--measure", name, *args]
    if python:
        # Presidio lives in its own environment (it is no carborder dependency): that
        # interpreter runs this file with carborder's packages *after* its own on the path
        site = [p for p in sys.path if p.endswith("site-packages")]
        boot = (
            f"import runpy, sys; sys.path.extend(sys.argv.pop(1).split({os.pathsep!r})); "
            "sys.argv[0] = sys.argv[1]; runpy.run_path(sys.argv.pop(1), run_name='__main__')"
        )
        cmd = [python, "-c", boot, os.pathsep.join(site), *cmd[1:]]
    out = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ok(r: object) -> bool:
    return isinstance(r, dict) and "error" not in r


def _rate(rows: float, sec: float) -> str:
    return f"{rows / sec / 1e6:.2f} M rows/s" if sec else "-"


def _carried(r: object) -> str:
    """A note for a figure taken over from an earlier run (a run that skipped it)."""
    return (
        " (earlier run, not re-measured)" if isinstance(r, dict) and r.get("carried_over") else ""
    )


def readme_rows(res: dict[str, object]) -> list[str]:
    """The scan rows of the README table, from this run's figures."""
    out: list[str] = []
    gt = res["ground_truth"]
    rows = int(gt["rows_telemetry"])  # type: ignore[index]
    mb = float(res["file_mb"])  # type: ignore[arg-type]
    load = res["machine"]["load_avg_at_start"][0]  # type: ignore[index]
    o = res.get("oneshot")
    if _ok(o):
        raw, one, two = o["raw_seconds_median"], o["cli1_seconds_median"], o["cli2_seconds_median"]  # type: ignore[index]
        r1, r2, sp = o["cli1_vs_raw_read"], o["cli2_vs_raw_read"], o["cli_2proc_speedup"]  # type: ignore[index]
        out.append(
            row(
                f"one-shot CLI scan, 1 process ({rows / 1e6:g} M rows, {mb:.0f} MB Parquet; "
                "interpreter, imports and pack included)",
                f"{_rate(rows, one)}, {mb / one:.0f} MB/s",
                f"raw `pq.read_table` {_rate(rows, raw)} (interleaved rounds, load {load:.0f})",
                f"{r1}×",
                "≥ 0.2×",
                "yes" if r1 >= 0.2 else "no",
            )
        )
        cpu = ""
        if "cli1_cpu_seconds_median" in o:  # type: ignore[operator]
            # results of runs before the scanning parent name the parent and workers only
            parent, helpers = (
                ("parent (it scans units too)", "fork server and worker")
                if o.get("cli2_parent_scans_units")  # type: ignore[union-attr]
                else ("parent", "workers")
            )
            cpu = (
                f" (CPU-s: 1 process {o['cli1_cpu_seconds_median']}; 2 processes: {parent} "  # type: ignore[index]
                f"{o['cli2_parent_cpu_seconds_median']} + {helpers} "  # type: ignore[index]
                f"{o['cli2_workers_cpu_seconds_median']})"  # type: ignore[index]
            )
        out.append(
            row(
                "one-shot CLI scan, 2 processes (pool start-up included)",
                f"{_rate(rows, two)} ({r2}× raw read)",
                f"one-shot CLI, 1 process{cpu}",
                f"{sp}× faster",
                "≥ 1.7×",
                "yes" if sp >= 1.7 else "no",
            )
        )
        if "core1_seconds_median" in o:  # type: ignore[operator]
            c1, c2 = o["cli1_2core_vs_1core"], o["cli2_2core_vs_1core"]  # type: ignore[index]
            out.append(
                row(
                    "one-shot CLI scan on 2 cores vs the same 1-process command pinned to 1 core",
                    f"1 process: {c1}× faster on 2 cores; 2 processes: {c2}×",
                    f"one-shot CLI, 1 process, 1 core {_rate(rows, float(o['core1_seconds_median']))}",  # type: ignore[index,arg-type]
                    f"{max(c1, c2)}×",
                    "≥ 1.7× (scale-out)",
                    "yes" if max(c1, c2) >= 1.7 else "no",
                )
            )
    e = res.get("engine1")
    if _ok(e) and "vs_raw_read" in e:  # type: ignore[operator]
        sec = float(e["seconds_median"])  # type: ignore[index,arg-type]
        ratio = float(e["vs_raw_read"])  # type: ignore[index,arg-type]
        raw_warm = float(e["raw_read_seconds_median"])  # type: ignore[index,arg-type]
        out.append(
            row(
                "scan engine, 1 process, warm (in-process `scan()`)",
                f"{_rate(rows, sec)}, {mb / sec:.0f} MB/s",
                f"raw `pq.read_table` in the same warm process {_rate(rows, raw_warm)} "
                "(interleaved runs"
                + (
                    f"; by CPU-seconds {e['vs_raw_read_by_cpu']}×)"  # type: ignore[index]
                    if "vs_raw_read_by_cpu" in e  # type: ignore[operator]
                    else ")"
                ),
                f"{ratio}×",
                "≥ 0.3×",
                "yes" if ratio >= 0.3 else "no",
            )
        )
    s = res.get("sample")
    if _ok(s) and _ok(e):
        fast = float(e["seconds_median"]) / float(s["seconds_median"])  # type: ignore[index,arg-type]
        out.append(
            row(
                f"sampled scan ({s['rows']} rows)",  # type: ignore[index]
                f"{float(s['seconds_median']):.2f} s",  # type: ignore[index,arg-type]
                "full engine scan",
                f"{fast:.1f}× faster",
                "≥ 5×",
                "yes" if fast >= 5 else "no",
            )
        )
    p = res.get("presidio")
    if _ok(p):
        pres_rate = float(p["rows"]) / float(p["presidio_seconds"])  # type: ignore[index,arg-type]
        same_rate = float(p["rows"]) / float(p["carborder_seconds"])  # type: ignore[index,arg-type]
        big_rows = float(p.get("carborder_throughput_rows", p["rows"]))  # type: ignore[union-attr,index,arg-type]
        big_sec = float(p.get("carborder_throughput_seconds", p["carborder_seconds"]))  # type: ignore[union-attr,index,arg-type]
        ratio = round(big_rows / big_sec / pres_rate, 1)
        acc = p["carborder"]  # type: ignore[index]
        worst = min(min(v["precision"], v["recall"]) for v in acc.values())  # type: ignore[union-attr]
        out.append(
            row(
                "detectors vs Microsoft Presidio (custom CN recognizers; throughput, "
                f"carborder on {int(big_rows):,} rows, Presidio on {p['rows']} of them)",  # type: ignore[index]
                f"{big_rows / big_sec / 1e3:.0f} k rows/s "
                f"({same_rate / 1e3:.0f} k rows/s on Presidio's {p['rows']} rows; "  # type: ignore[index]
                f"precision and recall ≥ {worst} there)" + _carried(p),
                f"Presidio {pres_rate / 1e3:.1f} k rows/s",
                f"{ratio}×",
                "≥ 100×",
                "yes" if ratio >= 100 else "no",
            )
        )
    big = res.get("big")
    if _ok(big) and big.get("peak_rss_mb"):  # type: ignore[union-attr]
        rss = float(big["peak_rss_mb"])  # type: ignore[index,arg-type]
        out.append(
            row(
                f"peak RSS, one-shot CLI scan of a {big['file_gb']} GB Parquet file (fresh process)",  # type: ignore[index]
                f"{rss:.0f} MB" + _carried(big),
                f"{big['rows'] / float(big['seconds']) / 1e6:.2f} M rows/s",  # type: ignore[index,operator,arg-type]
                "—",
                "< 1.5 GiB",
                "yes" if rss < 1536 else "no",
            )
        )
    pe = res.get("people")
    if _ok(pe):
        out.append(
            row(
                f"people counted exactly, {int(pe['rows']) / 1e6:g} M rows (3 identifiers, 30 % of IDs missing)",  # type: ignore[index,arg-type]
                f"{pe['counted']:,} people, exact; peak RSS {pe['peak_rss_mb_counting']:.0f} MB",  # type: ignore[index]
                "scipy connected components of the same links",
                "equal" if pe["equal"] else "DIFFERENT",  # type: ignore[index]
                "exact ≥ 10 M rows",
                "yes" if pe["equal"] and pe["exact"] else "no",  # type: ignore[index]
            )
        )
    d = res.get("distinct")
    if _ok(d):
        out.append(
            row(
                f"distinct values at {int(d['true']) / 1e6:g} M (HLL sketch)",  # type: ignore[index,arg-type]
                f"error {abs(float(d['relative_error'])) * 100:.2f} %",  # type: ignore[index,arg-type]
                "exact count",
                "—",
                "≤ 2 %",
                "yes" if abs(float(d["relative_error"])) <= 0.02 else "no",  # type: ignore[index,arg-type]
            )
        )
    return out


#: README rows earlier versions of this benchmark wrote under other labels.
_OLD_ROWS = (
    "full tabular scan, 1 process (5 M rows, 270 MB Parquet)",
    "full tabular scan, 2 processes",
    "peak RSS, streaming scan of the 270 MB file",
    "distinct people at 10 M (HLL)",
    "sampled scan (200000 rows)",
    "detectors vs Microsoft Presidio (same rows, custom CN recognizers)",
)


def _write_byte_code() -> None:
    """Compile carborder's modules first: fresh-process rows then measure a user's usual run
    (Python writes byte code on the first run), not one that compiles every module again
    (as under PYTHONDONTWRITEBYTECODE, or in a checkout that never ran)."""
    import compileall

    import carborder

    compileall.compile_dir(str(Path(carborder.__file__).parent), quiet=1)


def main() -> None:
    _write_byte_code()
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--presidio-rows", type=int, default=5000)
    ap.add_argument(
        "--presidio-python",
        default=None,
        help="interpreter of a separate environment with presidio-analyzer installed",
    )
    ap.add_argument("--sample", type=int, default=200_000)
    ap.add_argument("--people", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=5, help="one-shot rounds / engine runs")
    ap.add_argument("--big-gb", type=float, default=5.0, help="0 skips the big-file run")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--measure", default=None)
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    if a.measure:
        fn = {
            "raw_once": lambda: m_raw_once(a.args[0]),
            "engine1": lambda: m_engine("local", 1, None, int(a.args[0])),
            "sample": lambda: m_engine("local", 1, int(a.args[0]), int(a.args[1])),
            "crm": lambda: m_crm(),
            "presidio": lambda: m_presidio(int(a.args[0])),
            "distinct": lambda: m_distinct(int(a.args[0])),
            "people": lambda: m_people(int(a.args[0]), int(a.args[1])),
            "floor": lambda: m_floor(),
            "make_big": lambda: m_make_big(a.args[0], a.args[1], float(a.args[2])),
        }[a.measure]
        print(json.dumps(fn(), default=str))
        return
    truth_path = DATA / "truth.json"
    if not truth_path.exists() or json.loads(truth_path.read_text())["rows_telemetry"] != a.rows:
        print("generating", a.rows, "rows ...", flush=True)
        gen = generate(a.rows)
    else:
        gen = json.loads(truth_path.read_text())
    size = (DATA / "telemetry.parquet").stat().st_size
    res: dict[str, object] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "pyarrow": pa.__version__,
            "load_avg_at_start": os.getloadavg(),
            # which identifier kernel the scans ran (the engine child records its own too)
            "scan_kernel": _scan_kernel(),
        },
        "ground_truth": gen,
        "file_mb": size / 1e6,
        "method": "fresh processes; one-shot raw read and CLI scans interleaved per round; "
        "ratios are medians of per-round ratios, times medians of the rounds",
    }
    if a.big_gb > 0:
        print("measuring big", flush=True)
        res["big"] = m_big(a.big_gb)
    elif RESULTS.exists() and _ok(old := json.loads(RESULTS.read_text()).get("big")):
        # not measured this time: the last measurement stays, marked as such
        res["big"] = {**old, "carried_over": True}  # type: ignore[dict-item]
    print("measuring oneshot", flush=True)
    res["oneshot"] = m_oneshot(a.runs)
    for name, args in (
        ("engine1", (str(a.runs),)),
        ("sample", (str(a.sample), str(a.runs))),
        ("crm", ()),
        ("presidio", (str(a.presidio_rows),)),
        ("distinct", (str(a.people),)),
        ("people", (str(a.people), str(a.people * 2 // 5))),
        ("floor", ()),
    ):
        print("measuring", name, flush=True)
        res[name] = _child(name, *args, python=a.presidio_python if name == "presidio" else None)
    res["machine"]["load_avg_at_end"] = os.getloadavg()  # type: ignore[index]
    e1 = res["engine1"]
    o = res["oneshot"]
    if _ok(e1) and _ok(o):
        res["accuracy"] = {
            "rows_phone_truth": gen["rows_phone"],
            "engine_facts_equal_cli": e1["facts"] == o["facts"],  # type: ignore[index]
            "pool_facts_equal_local": o["pool_facts_equal_local"],  # type: ignore[index]
        }
    table = readme_rows(res)
    res["readme_rows"] = table
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str))
    if not a.no_readme:
        update(table, owned=_OLD_ROWS)
    print("\n".join(table))
    print("wrote", RESULTS)


if __name__ == "__main__":
    main()
