"""The native kernel and its numpy twins give the same tokens, candidates and verdicts.

The numpy code in candidates.py / validators.py defines what the C kernel computes; these
properties run both on generated text (identifiers valid and nearly valid, every separator,
non-ASCII, GBK-decoded bytes, empty values and nulls, long tokens) and compare everything the
scan reads.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan.detectors import candidates as c
from carborder.scan.detectors import native, tables
from carborder.scan.detectors import validators as v

needs_kernel = pytest.mark.skipif(
    native.kernel is None, reason="native kernel not built or disabled (CARBORDER_NO_NATIVE)"
)


@contextmanager
def numpy_twins(*modules: Any) -> Iterator[None]:
    """Run the numpy twins of ``modules`` (default: candidates and validators) in this block
    (what CARBORDER_NO_NATIVE=1 selects at import)."""
    modules = modules or (c, v)
    saved = [m._native for m in modules]
    for m in modules:
        m._native = None
    try:
        yield
    finally:
        for m, was in zip(modules, saved, strict=True):
            m._native = was


def test_kernel_is_built_where_a_compiler_is() -> None:
    # a silently failed build would leave every property below skipped: with a C compiler
    # present (what `pip install -e .` needs to build it) the kernel must be there
    if os.environ.get("CARBORDER_NO_NATIVE", "").strip() not in ("", "0"):
        pytest.skip("CARBORDER_NO_NATIVE is set: the numpy twins run by request")
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler here: the numpy twins are what this install runs")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        pytest.skip("no Python headers here (python3-dev): the numpy twins run")
    assert native.kernel is not None


@needs_kernel
def test_the_kernel_in_use_was_built_from_the_shipped_source() -> None:
    assert native.kernel is not None
    assert native.source_digest() == native.kernel.SOURCE_SHA256


@needs_kernel
def test_a_kernel_built_from_other_source_is_not_used() -> None:
    # what an editable install finds after a pull that changed a kernel source without a rebuild
    assert native.kernel is not None
    with pytest.warns(RuntimeWarning, match="another version of its C sources"):
        assert native.verified(native.kernel, "0" * 64) is None
    assert native.verified(native.kernel, native.source_digest()) is native.kernel


def test_environment_variable_forces_the_numpy_twins() -> None:
    code = "from carborder.scan.detectors import native; print(native.kernel is None)"
    env = {**os.environ, "CARBORDER_NO_NATIVE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"


# ------------------------------------------------------------------ generated identifiers
_REGIONS = [int(r[0]) for r in tables.data_rows("gbt2260_codes.tsv")]
_MOBILE_BLOCKS = [r[0] for r in tables.data_rows("cn_mobile_allocations.tsv")]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(_REGIONS))
    year = draw(st.one_of(st.integers(1899, 2030), st.sampled_from([1900, 2000, 2023, 2024])))
    # calendar edges (29 February, 31 April, month 13) as often as ordinary dates
    month, day = draw(
        st.one_of(
            st.tuples(st.integers(0, 13), st.integers(0, 32)),
            st.sampled_from([(2, 29), (2, 28), (2, 30), (4, 31), (12, 31), (1, 0), (13, 1)]),
        )
    )
    body = f"{region:06d}{year:04d}{month:02d}{day:02d}{draw(st.integers(0, 999)):03d}"
    check = v.resident_id_check_char(body)
    if draw(st.booleans()):
        check = draw(st.sampled_from("0123456789Xx"))  # often a wrong check digit
    return body + check


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(_MOBILE_BLOCKS)) if draw(st.booleans()) else ""
    head = head or str(draw(st.integers(10, 99)))
    rest = draw(st.text("0123456789", min_size=11 - len(head), max_size=11 - len(head)))
    prefix = draw(st.sampled_from(["", "", "+86", "86", "0086", "+86 "]))
    return prefix + head + rest


@st.composite
def vins(draw: st.DrawFn) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
    body = draw(st.text(alphabet, min_size=13, max_size=13)) + draw(
        st.text("0123456789", min_size=4, max_size=4)
    )
    vin = body[:8] + v.vin_check_char(body[:8] + "0" + body[9:]) + body[9:]
    if draw(st.booleans()):
        vin = vin.lower() if draw(st.booleans()) else vin[:8] + "0" + vin[9:]
    return vin


@st.composite
def cards(draw: st.DrawFn) -> str:
    iin = draw(st.sampled_from(["622202", "411111", "520000", "340000", "356600", "623456"]))
    n = draw(st.integers(13, 19))
    body = iin + draw(st.text("0123456789", min_size=n - 7, max_size=n - 7))
    for d in "0123456789":
        if v.luhn_ok(body + d):
            return body + d
    raise AssertionError("a Luhn check digit always exists")


@st.composite
def usccs(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(_REGIONS))
    body = f"91{region:06d}" + draw(st.text(v.USCC_ALPHABET, min_size=9, max_size=9))
    return body + v.uscc_check_char(body)


@st.composite
def grouped(draw: st.DrawFn, ident: st.SearchStrategy[str]) -> str:
    """An identifier cut into groups by one separator (or two, which must not join)."""
    raw = draw(ident)
    sep = draw(st.sampled_from([" ", "-", "·", "・", "\u3000", "－", "•", "  ", "_", "/"]))
    cuts = sorted(draw(st.sets(st.integers(1, max(len(raw) - 1, 1)), max_size=4)))
    parts = [raw[i:j] for i, j in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    return sep.join(p for p in parts if p)


_PLATE_CHARS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
plates = st.builds(
    lambda p, s, body, suffix: p + s + body + suffix,
    st.sampled_from(_PLATE_CHARS),
    st.sampled_from(["", " ", "·"]),
    st.text("ABCDEFGHJKLMNOPQRSTUVWXYZ0123456789a", min_size=5, max_size=8),
    st.sampled_from(["", "", "挂", "学", "警", "港", "澳", "领", "应急"]),
)
identifiers = st.one_of(
    resident_ids(), mobiles(), vins(), cards(), usccs(), plates, grouped(mobiles()),
    grouped(cards()), grouped(resident_ids()),
    st.builds(lambda k, n: k + n, st.sampled_from("EGCHMe"), st.text("0123456789A", min_size=7, max_size=10)),
)  # fmt: skip
noise = st.one_of(
    st.text(alphabet="0123456789AXbxz -·　京号，@.é\u00a0\U0001f697", max_size=30),
    st.sampled_from(["", " ", "tel", "卡号", "No", "身份证", "\t", "订单号", "3F", "-"]),
    st.text("0123456789ABCDEFabcdef", min_size=20, max_size=80),  # long tokens, hashes
    st.binary(max_size=40).map(lambda b: b.decode("gbk", "replace")),
)
values = st.lists(
    st.one_of(
        st.none(),
        st.lists(st.one_of(identifiers, noise), max_size=6).map("".join),
        st.lists(st.one_of(identifiers, noise), max_size=4).map(" ".join),
    ),
    max_size=30,
)


def _dump(ex: c.Extraction) -> dict[str, Any]:
    return {
        kind: (
            s.value.tolist(),
            s.start.tolist(),
            s.end.tolist(),
            s.values.to_pylist(),
            s.whole.tolist(),
        )
        for kind, s in sorted(ex.spans.items())
    }


@needs_kernel
@settings(max_examples=400)
@given(values)
def test_extraction_is_the_numpy_twins(texts: list[str | None]) -> None:
    arr = pa.array(texts, pa.string())
    got = _dump(c.extract(arr))
    with numpy_twins():
        expect = _dump(c.extract(arr))
    assert got == expect


@needs_kernel
@settings(max_examples=300)
@given(values, st.integers(0, 5))
def test_tokens_are_the_numpy_twins(texts: list[str | None], cut: int) -> None:
    # a slice of the array: offsets that start inside the buffer
    arr = pa.array(texts, pa.string()).slice(min(cut, len(texts)))
    offs, data = c.value_bytes(arr)
    tok, link, text = c.tokenize(offs, data, native=True)
    tok0, link0, text0 = c.tokenize(offs, data, native=False)
    for a, b in zip(
        (tok.start, tok.end, tok.value, tok.digits, tok.upper, tok.digit_run_at, link),
        (tok0.start, tok0.end, tok0.value, tok0.digits, tok0.upper, tok0.digit_run_at, link0),
        strict=True,
    ):
        assert a.tolist() == b.tolist()
    # the same characters read through either kind of rank
    for width in (1, 3, 11):
        for skip in (0, 2):
            fits = np.flatnonzero(tok.end - tok.start >= width + skip)
            assert np.array_equal(
                text.matrix(tok.rank[fits], width, skip), text0.matrix(tok0.rank[fits], width, skip)
            )


_ROW_BYTES = st.sampled_from(b"0123456789XxABHLSZ0123456789")


def _matrix(rows: list[list[int]], width: int) -> np.ndarray:
    return np.array(rows, dtype=np.uint8).reshape(len(rows), width)


@needs_kernel
@settings(max_examples=300)
@given(st.data())
def test_validators_are_the_numpy_twins(data: st.DataObject) -> None:
    idents = data.draw(st.lists(st.one_of(resident_ids(), vins(), cards(), usccs(), mobiles())))
    for width, fns in {
        11: [v.mobile_rows],
        17: [v.vin_rows, v.bank_card_rows],
        18: [v.resident_id_rows, v.resident_id_shape_rows, v.uscc_rows, v.bank_card_rows],
        13: [v.bank_card_rows],
        19: [v.bank_card_rows],
    }.items():
        noise = data.draw(st.lists(st.lists(_ROW_BYTES, min_size=width, max_size=width)))
        real = [list(s.encode()) for s in idents if len(s.encode()) == width]
        mat = _matrix(noise + real, width)
        for fn in fns:
            got = fn(mat)
            with numpy_twins():
                expect = fn(mat)
            assert got.dtype == bool and got.tolist() == expect.tolist(), fn.__name__


@needs_kernel
@settings(max_examples=200)
@given(st.integers(0, 20_000), st.sampled_from([1, 255, 2**16, 2**40, 2**64 - 1]), st.randoms())
def test_track_order_is_the_numpy_radix_sort(n: int, top: int, rnd: Any) -> None:
    from carborder.scan import sketch

    keys = np.array([rnd.randint(0, top) for _ in range(n)], dtype=np.uint64)
    got = sketch.order_u64(keys)
    with numpy_twins(sketch):
        expect = sketch.order_u64(keys)
    assert got.dtype == np.intp and got.tolist() == expect.tolist()


@needs_kernel
@settings(max_examples=150)
@given(
    st.integers(0, 20_000),
    st.sampled_from([1, 255, 2**16, 2**40, 2**64 - 1]),
    st.sampled_from([0, 8, 24, 56]),
    st.randoms(),
)
def test_hash_sorts_are_numpys(n: int, top: int, shift: int, rnd: Any) -> None:
    """The radix sorts give numpy's order, including keys that share digits (skipped passes)."""
    from carborder.scan import sketch

    keys = np.array([rnd.randint(0, top) << shift & (2**64 - 1) for _ in range(n)], np.uint64)
    got = sketch.sort_u64(keys)
    assert got.dtype == np.uint64 and got.tolist() == np.sort(keys).tolist()
    order = sketch.order_u64(keys)
    assert order.dtype == np.intp
    assert order.tolist() == np.argsort(keys, kind="stable").tolist()


@needs_kernel
@settings(max_examples=300)
@given(
    st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=300),
    st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=300),
    st.randoms(),
)
def test_search_kernel_is_numpys_searchsorted(table: list[int], extra: list[int], rnd: Any) -> None:
    """Positions of values in a sorted set: members, non-members, repeats, any order."""
    assert native.kernel is not None
    t = np.unique(np.array(table, dtype=np.uint64))
    x = np.array(table + extra, dtype=np.uint64)[
        rnd.sample(range(len(table) + len(extra)), k=len(table) + len(extra))
    ]
    got = np.frombuffer(native.kernel.search_u64(t, x), dtype=np.int64)
    assert got.tolist() == np.searchsorted(t, x).tolist()


@needs_kernel
def test_search_kernel_refuses_an_unsorted_table() -> None:
    assert native.kernel is not None
    with pytest.raises(ValueError, match="ascending"):
        native.kernel.search_u64(np.array([2, 1], np.uint64), np.array([1], np.uint64))


@needs_kernel
def test_the_largest_sorts_are_numpys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above RADIX_MAX keys the radix scratch is not paid: numpy sorts, with the same order."""
    from carborder.scan import people, sketch

    calls: list[str] = []
    kernel = native.kernel

    class Spy:
        def __getattr__(self, name: str) -> Any:
            calls.append(name)
            return getattr(kernel, name)

    monkeypatch.setattr(sketch, "_native", Spy())
    monkeypatch.setattr(people, "_native", Spy())
    monkeypatch.setattr(sketch, "RADIX_MAX", 5000)
    monkeypatch.setattr(people, "RADIX_MAX", 5000)
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 2**64 - 1, 6000, dtype=np.uint64)
    assert sketch.sort_u64(keys).tolist() == np.sort(keys).tolist()
    assert sketch.order_u64(keys).tolist() == np.argsort(keys, kind="stable").tolist()
    table = np.unique(rng.integers(0, 2**64 - 1, 70_000, dtype=np.uint64))
    assert people._search(table, keys).tolist() == np.searchsorted(table, keys).tolist()
    assert not calls
    small = keys[:4500]
    assert sketch.sort_u64(small).tolist() == np.sort(small).tolist()
    assert calls == ["sort_u64"]


@needs_kernel
def test_sort_kernels_read_the_keys_they_are_given() -> None:
    """A strided view is sorted as its values, not as the buffer behind it."""
    from carborder.scan import sketch

    keys = np.arange(30_000, 0, -1, dtype=np.uint64)[::3]
    assert not keys.flags.c_contiguous
    assert sketch.sort_u64(keys).tolist() == sorted(keys.tolist())
    assert sketch.order_u64(keys).tolist() == list(range(len(keys)))[::-1]


@needs_kernel
@settings(max_examples=200)
@given(st.integers(0, 20_000), st.sampled_from([1, 255, 2**16, 2**64 - 1]), st.randoms())
def test_previous_same_key_is_the_numpy_twin(n: int, top: int, rnd: Any) -> None:
    """Every position's last earlier position of its key: few keys (long probe chains in one
    slot), many, and keys that differ only in high bits (the table's slot bits)."""
    from carborder.scan.geo import tracks

    keys = np.array([rnd.randint(0, top) for _ in range(n)], dtype=np.uint64)
    if rnd.random() < 0.3:
        keys <<= np.uint64(40)
    got = tracks.previous_same(keys)
    with numpy_twins(tracks):
        expect = tracks.previous_same(keys)
    assert got.dtype == np.int64 and got.tolist() == expect.tolist()


@needs_kernel
@settings(max_examples=200)
@given(
    st.integers(0, 5000),
    st.sampled_from([1, 255, 2**16, 2**64 - 1]),
    st.sampled_from([0.0, 0.01, 0.3]),
    st.booleans(),
    st.randoms(),
)
def test_ascending_gaps_are_the_numpy_twin(
    n: int, top: int, odd: float, with_keys: bool, rnd: Any
) -> None:
    """Gaps to each key's previous point: times that ascend (with repeats, NaN and infinities
    where they keep the order or break it), few keys or many, keys that differ in high bits
    only, keys with the same 32-bit fingerprint, rows without a key."""
    from carborder.scan.geo import tracks

    keys = np.array([rnd.randint(0, top) for _ in range(n)], dtype=np.uint64)
    if rnd.random() < 0.3:
        keys <<= np.uint64(40)
    if rnd.random() < 0.2:  # x ^ (x >> 32) equal: the same fingerprint, other keys
        hi = keys & np.uint64(0xFF)
        keys = (hi << np.uint64(32)) | hi
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    t = np.cumsum(rng.choice([0.0, 0.5, 1.0, 7.0], n))
    for bad in (np.nan, np.inf, -np.inf, -1.0):
        pick = rng.random(n) < odd / 4
        t[pick] = bad
    has = rng.random(n) < 0.8 if with_keys else None
    got = tracks.ascending_gaps(keys, t, has)
    with numpy_twins(tracks):
        expect = tracks.ascending_gaps(keys, t, has)
    assert (got is None) == (expect is None)
    if got is not None and expect is not None:
        assert got.dtype == np.float64 and got.tolist() == expect.tolist()


@needs_kernel
@settings(max_examples=200)
@given(
    st.integers(1, 3000),
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.sampled_from([1e-9, 0.01, 3.0, 400.0]),
    st.integers(0, 9),
    st.randoms(),
)
def test_cell_marks_are_the_numpy_twin(
    n: int, lat0: float, lon0: float, span: float, level: int, rnd: Any
) -> None:
    """The marked cells of a coverage box, points on cell edges and grid limits included."""
    from carborder.scan.geo import measure

    rng = np.random.default_rng(rnd.randint(0, 2**32))
    lat = np.clip(lat0 + rng.uniform(0, span, n), -90, 90)
    lon = np.clip(lon0 + rng.uniform(0, span, n), -180, 180)
    step = 1.0 / (1 << level)
    lat[: n // 3] = np.clip(np.round(lat[: n // 3] / step) * step, -90, 90)
    scale = float(1 << level)
    box = measure._dense_box(lat, lon, scale)
    if box is None:  # a box past the bitmap: no marks are made
        return
    got = measure.cell_marks(lat, lon, scale, box)
    with numpy_twins(measure):
        expect = measure.cell_marks(lat, lon, scale, box)
    assert got.dtype == np.bool_ and got.tolist() == expect.tolist()


@needs_kernel
@settings(max_examples=200)
@given(
    st.integers(0, 40_000),
    st.sampled_from([3, 50, 10**6]),
    st.floats(0, 0.3),
    st.sampled_from([0, 16, 256, 16384]),
    st.randoms(),
)
def test_sample_candidates_are_the_numpy_twin(
    n: int, distinct: int, bad: float, enough: int, rnd: Any
) -> None:
    """The values kept for a value sample and their hashes, in order: NaN, infinities and
    signed zeros among them, few distinct values (every bound keeps enough) and many."""
    from carborder.scan.geo import measure

    rng = np.random.default_rng(rnd.randint(0, 2**32))
    values = np.round(rng.integers(0, distinct, n) * 1e-6 + 30, 6)
    values[rng.random(n) < bad] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0])
    got = measure.sample_candidates(values, enough)
    with numpy_twins(measure):
        expect = measure.sample_candidates(values, enough)
    assert got[0].dtype == np.uint64 and got[1].dtype == np.float64
    assert got[0].tolist() == expect[0].tolist()
    assert np.array_equal(got[1], expect[1], equal_nan=True)
    assert np.signbit(got[1]).tolist() == np.signbit(expect[1]).tolist()


@needs_kernel
def test_cell_marks_kernel_refuses_points_outside_the_box() -> None:
    assert native.kernel is not None
    lat, lon = np.array([10.0, 20.0]), np.array([100.0, 100.0])
    with pytest.raises(ValueError, match="outside"):
        native.kernel.cell_marks(lat, lon, 1.0, 100, 280, 1, 1)
    with pytest.raises(ValueError, match="outside"):
        native.kernel.cell_marks(np.array([np.nan]), lon[:1], 1.0, 0, 0, 500, 500)
    with pytest.raises(ValueError, match="differ"):
        native.kernel.cell_marks(lat, lon[:1], 1.0, 0, 0, 500, 500)


@needs_kernel
@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 30_000),
    st.sampled_from([1, 40, 20_000]),
    st.floats(0, 0.3),
    st.sampled_from(["ascending", "ties", "unsorted", "nan", "grouped", "grouped, one late"]),
    st.randoms(),
)
def test_tracks_without_sorting_are_the_sorted_tracks(
    n: int, keys: int, nulls: float, times: str, rnd: Any
) -> None:
    """The detector's sampling interval, jitter and row marks are the same whether a batch's
    track pairs come from the native predecessor table or from the sort by key and time:
    rows in time order, grouped by key, or neither (then both sort)."""
    from carborder.scan.detectors import geo
    from carborder.scan.detectors.base import BatchContext
    from carborder.scan.geo import tracks

    rng = np.random.default_rng(rnd.randint(0, 2**32))
    step = 0.3 if times == "ties" else 1.0
    t = np.floor(np.cumsum(rng.exponential(step, n)) * 10) * 100  # ms, ties when coarse
    vin = rng.integers(0, keys, n)
    if times == "unsorted":
        t = rng.permutation(t)
    if times.startswith("grouped"):
        # rows grouped by key, each key's rows in time order (times no longer ascend overall)
        t = rng.permutation(t)
        order = np.lexsort((t, vin))
        t, vin = t[order], vin[order]
        if times.endswith("late") and n > 2:
            t[n // 2] = t.max() + 1000  # one key's times no longer ascend
    lat = np.round(rng.uniform(30, 30.01, n), 6)
    lat[rng.random(n) < nulls / 3] = np.nan  # rows that are not positions
    batch = pa.record_batch(
        {
            "vin": pa.array(vin.astype(str), mask=rng.random(n) < nulls),
            "ts": pa.array(
                t.astype("datetime64[ms]"), mask=(rng.random(n) < 0.01) if times == "nan" else None
            ),
            "lat": lat,
            "lon": np.round(rng.uniform(120, 120.01, n), 6),
        }
    )

    def run() -> tuple[Any, ...]:
        f = geo.GeoDetector().detect(batch, BatchContext(file="f", options={}, comments={}))
        s = f.stats.get("geo.position")
        flags = {k: v.tolist() for k, v in f.row_flags.items()}
        track = f.row_keys.get("track_key")
        keyed = (track[0].tolist(), track[1].tolist()) if track else None
        return (s.trajectory, s.intervals_s, s.jitter_m) if s else None, flags, keyed

    got = run()
    with numpy_twins(geo, tracks):
        expect = run()
    assert got == expect


@needs_kernel
@settings(max_examples=300)
@given(
    st.integers(1, 400).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
        )
    ),
    st.randoms(),
)
def test_people_components_are_the_numpy_twin(graph: tuple[int, list[Any]], rnd: Any) -> None:
    from carborder.scan import people

    n, edges = graph
    # node values sorted and unique but not 0..n-1 (the labels are indices, not values)
    nodes = np.unique(np.array(rnd.sample(range(1 << 40), n), dtype=np.uint64))
    a = nodes[np.array([x for x, _ in edges], dtype=np.int64)]
    b = nodes[np.array([y for _, y in edges], dtype=np.int64)]
    got = people.components(nodes, a, b)
    with numpy_twins(people):
        expect = people.components(nodes, a, b)
    assert got.dtype == np.int64 and got.tolist() == expect.tolist()


@needs_kernel
@settings(max_examples=300)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 50), max_size=60), max_size=6),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_sorted_sets_merge_as_the_numpy_twin(parts: list[list[int]], presort: list[bool]) -> None:
    from carborder.scan import sketch

    arrays = [
        np.sort(np.array(p, dtype=np.uint64)) if pre else np.array(p, dtype=np.uint64)
        for p, pre in zip(parts, presort, strict=False)
    ]
    got = sketch.union_sorted(arrays)
    with numpy_twins(sketch):
        expect = sketch.union_sorted(arrays)
    assert got.dtype == expect.dtype and got.tolist() == expect.tolist()
    assert got.tolist() == sorted({x for p in parts for x in p})


@needs_kernel
def test_merge_kernel_refuses_unsorted_runs() -> None:
    assert native.kernel is not None
    with pytest.raises(ValueError, match="ascending"):
        native.kernel.merge_unique(np.array([2, 1], np.uint64), np.array([], np.uint64))


@needs_kernel
def test_components_kernel_refuses_edges_outside_the_nodes() -> None:
    assert native.kernel is not None
    ok = np.array([0, 1], dtype=np.int64)
    with pytest.raises(ValueError, match="outside"):
        native.kernel.components(ok, np.array([0, 2], dtype=np.int64), 2)
    with pytest.raises(ValueError, match="differ"):
        native.kernel.components(ok, np.array([0], dtype=np.int64), 2)


@needs_kernel
@settings(max_examples=200)
@given(
    st.one_of(
        st.lists(st.one_of(st.none(), st.text(max_size=300)), max_size=30),
        st.integers(0, 300).flatmap(
            lambda w: st.lists(st.text("0123456789AB", min_size=w, max_size=w), max_size=20)
        ),
    ),
    st.integers(0, 3),
)
def test_hashes_are_the_numpy_twins(texts: list[str | None], cut: int) -> None:
    from carborder.scan import sketch

    arr = pa.array(texts, pa.string()).slice(min(cut, len(texts)))
    got = sketch.hash64_aligned(arr)
    with numpy_twins(sketch):
        expect = sketch.hash64_aligned(arr)
    assert got[0].tolist() == expect[0].tolist() and got[1].tolist() == expect[1].tolist()


@settings(max_examples=200)
@given(
    st.lists(st.one_of(identifiers, noise), min_size=1, max_size=8),
    st.lists(st.integers(0, 7), min_size=16, max_size=60),
)
def test_extraction_per_distinct_value_is_per_row(pool: list[str], picks: list[int]) -> None:
    # repeated values (trip ids, status codes) are extracted once and spread back to the rows
    from carborder.scan.detectors.identifiers import extract_per_distinct

    arr = pa.array([pool[i % len(pool)] for i in picks], pa.string())
    assert _dump(extract_per_distinct(arr, min_rows=0)) == _dump(c.extract(arr))


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=80), st.integers(0, 20), st.data())
def test_windows_are_the_sliding_windows(data: bytes, width: int, draw: st.DataObject) -> None:
    buf = np.frombuffer(data, dtype=np.uint8)
    if width > len(buf):
        with pytest.raises(ValueError):
            c.windows(buf, np.array([0], dtype=np.int64), width)
        return
    at = np.array(
        draw.draw(st.lists(st.integers(0, len(buf) - width), max_size=30)), dtype=np.int64
    )
    got = c.windows(buf, at, width)
    want = c.windows(buf, at, width, native=False)
    assert got.shape == want.shape == (len(at), width)
    assert got.tobytes() == want.tobytes()
    # a window past either end is refused, not read
    for bad in (-1, len(buf) - width + 1):
        with pytest.raises(ValueError):
            c.windows(buf, np.array([bad], dtype=np.int64), width)


@needs_kernel
def test_the_type_stub_names_every_kernel_function() -> None:
    """``_kernel.pyi`` declares what the module exports, no more and no less (mypy reads the
    stub, so a function missing from it is untyped where it is called)."""
    import ast
    import inspect

    stub = Path(native.__file__).with_name("_kernel.pyi")
    declared = {
        node.name
        for node in ast.parse(stub.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }
    exported = {
        name
        for name, obj in vars(native.kernel).items()
        if not name.startswith("_") and inspect.isbuiltin(obj)
    }
    assert declared == exported
