"""Benchmark: carborder's tabular scan vs raw Parquet reading vs Microsoft Presidio.

Generates (seeded, once) a 5-million-row telemetry table plus a CRM table with known ground
truth under bench/data/, then measures in separate processes (so peak RSS is per task):
raw ``pq.read_table``, carborder full scan (1 and 2 processes), sampled scan, Presidio with
equivalent PatternRecognizers on a subsample, precision/recall per entity, and the distinct
count error at 10 million synthetic people. Writes bench/results/scan_tabular.json.

Usage: .venv/bin/python bench/scan_tabular.py [--rows N] [--presidio-rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results" / "scan_tabular.json"
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
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def m_floor() -> dict[str, object]:
    """Measured floors: single pyarrow passes over the free-text column, 1 thread.

    Whatever the engine does, finding identifiers in free text needs at least one RE2 pass
    over it (candidate extraction with a capture group costs more than a match); these
    figures put the full-scan time in proportion.
    """
    import pyarrow.compute as pc

    from carborder.scan.detectors import identifiers as ids

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
        "regex_match_phone_pattern_s": best(
            each(lambda c: pc.match_substring_regex(c, ids.MobileDetector.candidate))
        ),
        "regex_extract_phone_pattern_s": best(
            each(lambda c: pc.extract_regex(c, ids.MobileDetector.candidate))
        ),
        "regex_match_prefilter_s": best(each(lambda c: pc.match_substring_regex(c, ids._MAYBE))),
        "dictionary_encode_s": best(each(pc.dictionary_encode)),
    }


def m_raw() -> dict[str, object]:
    p = DATA / "telemetry.parquet"
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        t = pq.read_table(p)
        times.append(time.perf_counter() - t0)
    return {
        "seconds_min": min(times),
        "seconds_median": float(np.median(times)),
        "rows": t.num_rows,
        "peak_rss_mb": _rss_mb(),
    }


def m_scan(runner: str, workers: int, sample: int | None) -> dict[str, object]:
    from carborder.scan import scan

    p = DATA / "telemetry.parquet"
    scan(p, sample=1000)  # warm-up: lazy imports, page cache
    times = []
    cpu = []
    for _ in range(3):
        c0 = _cpu_seconds()
        t0 = time.perf_counter()
        r = scan(p, runner=runner, workers=workers, sample=sample)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t0)
        cpu.append(_cpu_seconds() - c0)
    return {
        "seconds": min(times),
        "seconds_median": float(np.median(times)),
        "seconds_all": [round(t, 3) for t in times],
        # CPU of this process (local runner only: pool workers are the fork server's
        # children, not ours): next to the wall time it tells a busy machine from slow code
        "cpu_seconds_min": round(min(cpu), 3) if runner == "local" else None,
        "rows": r.details["rows"],
        "facts": r.facts,
        "details": r.details,
        "peak_rss_mb": _rss_mb(),
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
        for ent, d in dets.items():
            f = d.detect(batch, BatchContext(file="bench"))
            keyed = f.row_keys.get(d.kind)
            out[col][ent] = np.zeros(table.num_rows, bool) if keyed is None else keyed[1]
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


def m_presidio(n: int) -> dict[str, object]:
    t = pq.read_table(DATA / "telemetry.parquet").slice(0, n)
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


def _child(name: str, *args: str) -> dict[str, object]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent / "src") + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, __file__, "--measure", name, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--presidio-rows", type=int, default=5000)
    ap.add_argument("--sample", type=int, default=200_000)
    ap.add_argument("--people", type=int, default=10_000_000)
    ap.add_argument("--measure", default=None)
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    if a.measure:
        fn = {
            "raw": lambda: m_raw(),
            "scan1": lambda: m_scan("local", 1, None),
            "scan2": lambda: m_scan("pool", 2, None),
            "sample": lambda: m_scan("local", 1, int(a.args[0])),
            "crm": lambda: m_crm(),
            "presidio": lambda: m_presidio(int(a.args[0])),
            "distinct": lambda: m_distinct(int(a.args[0])),
            "floor": lambda: m_floor(),
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
        },
        "ground_truth": gen,
        "file_mb": size / 1e6,
    }
    for name, args in (
        ("raw", ()),
        ("scan1", ()),
        ("scan2", ()),
        ("sample", (str(a.sample),)),
        ("crm", ()),
        ("presidio", (str(a.presidio_rows),)),
        ("distinct", (str(a.people),)),
        ("floor", ()),
    ):
        print("measuring", name, flush=True)
        res[name] = _child(name, *args)
    raw = res["raw"]
    rows = gen["rows_telemetry"]
    table = []

    def line(label: str, sec: float, n_rows: int, nbytes: float, rss: object) -> None:
        table.append(
            {
                "task": label,
                "seconds": round(sec, 3),
                "MB_per_s": round(nbytes / 1e6 / sec, 1),
                "rows_per_s": round(n_rows / sec),
                "peak_rss_mb": rss,
            }
        )

    line("raw pq.read_table (min of 3)", raw["seconds_min"], rows, size, raw["peak_rss_mb"])  # type: ignore[index]
    for k, label in (
        ("scan1", "carborder full scan, 1 process (min of 3)"),
        ("scan2", "carborder full scan, pool of 2 (min of 3)"),
        ("sample", f"carborder sampled scan ({a.sample} rows)"),
    ):
        r = res[k]
        if "error" not in r:  # type: ignore[operator]
            n = r["rows"]  # type: ignore[index]
            line(label, r["seconds"], n, size * n / rows, r["peak_rss_mb"])  # type: ignore[index]
    p = res["presidio"]
    if "error" not in p:  # type: ignore[operator]
        line(
            f"Presidio analyze, {p['rows']} rows x 4 cols",
            p["presidio_seconds"],
            p["rows"],
            p["bytes"],
            p["peak_rss_mb"],
        )  # type: ignore[index]
        line(
            f"carborder detectors, same {p['rows']} rows",
            p["carborder_seconds"],
            p["rows"],
            p["bytes"],
            None,
        )  # type: ignore[index]
    res["table"] = table
    ratios = {}
    if "error" not in res["scan1"]:  # type: ignore[operator]
        ratios["scan1_vs_raw_read"] = round(raw["seconds_min"] / res["scan1"]["seconds"], 3)  # type: ignore[index]
    if "error" not in res["scan2"]:  # type: ignore[operator]
        ratios["scan2_vs_raw_read"] = round(raw["seconds_min"] / res["scan2"]["seconds"], 3)  # type: ignore[index]
        ratios["speedup_2proc_vs_1proc"] = round(
            res["scan1"]["seconds"] / res["scan2"]["seconds"], 3
        )  # type: ignore[index]
    if "error" not in res["scan1"] and "error" not in res["scan2"]:  # type: ignore[operator]
        # time ratios (the inverse of the throughput ratios above): full scan / raw read
        # and pool of 2 / pool of 1 (here: the local runner, one process)
        ratios["fullscan_over_raw_seconds"] = round(
            res["scan1"]["seconds"] / raw["seconds_min"],  # type: ignore[index]
            2,
        )
        ratios["pool2_over_raw_seconds"] = round(
            res["scan2"]["seconds"] / raw["seconds_min"],  # type: ignore[index]
            2,
        )
        ratios["pool2_over_pool1_seconds"] = round(
            res["scan2"]["seconds"] / res["scan1"]["seconds"],  # type: ignore[index]
            3,
        )
    fl = res["floor"]
    if "error" not in fl and "error" not in res["scan1"]:  # type: ignore[operator]
        ratios["floor_extract_phone_over_raw_seconds"] = round(
            fl["regex_extract_phone_pattern_s"] / raw["seconds_min"],  # type: ignore[index]
            2,
        )
    if "error" not in p:  # type: ignore[operator]
        ratios["carborder_vs_presidio_same_rows"] = round(
            p["presidio_seconds"] / p["carborder_seconds"], 1
        )  # type: ignore[index]
    res["ratios"] = ratios
    res["machine"]["load_avg_at_end"] = os.getloadavg()  # type: ignore[index]
    # distinct VINs: the vin column's pool draws plus the (unique) VINs written into free text
    ft_vins = int(
        pq.read_table(DATA / "truth.parquet", columns=["ft_vin"]).column(0).to_numpy().sum()
    )
    if "error" not in res["scan1"]:  # type: ignore[operator]
        est = res["scan1"]["details"].get("vehicles.distinct_vin")  # type: ignore[index]
        truth_vin = gen["distinct_vin_telemetry"] + ft_vins  # type: ignore[operator]
        res["accuracy"] = {
            "distinct_vin_truth_approx": truth_vin,
            "distinct_vin_scanned": est,
            "rows_phone_truth": gen["rows_phone"],
        }
        if "error" not in res["scan2"]:  # type: ignore[operator]
            res["accuracy"]["pool2_facts_equal_local"] = (  # type: ignore[index]
                res["scan2"]["facts"] == res["scan1"]["facts"]  # type: ignore[index]
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str))
    print(f"{'task':45} {'s':>8} {'MB/s':>9} {'rows/s':>12} {'RSS MB':>8}")
    for t in table:
        print(
            f"{t['task']:45} {t['seconds']:8.3f} {t['MB_per_s']:9.1f} {t['rows_per_s']:12,} {t['peak_rss_mb'] or '':>8}"
        )
    print("ratios:", ratios)
    if "error" not in p:  # type: ignore[operator]
        print("precision/recall carborder:", p["carborder"])  # type: ignore[index]
        print("precision/recall presidio: ", p["presidio"])  # type: ignore[index]
    print("distinct:", res["distinct"])
    print("wrote", RESULTS)


if __name__ == "__main__":
    main()
