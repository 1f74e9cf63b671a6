"""The scan's faster kernels give exactly what the plain numpy/Arrow operations give.

Each optimisation replaced an operation by a cheaper equivalent; these properties compare
the two on generated data (ties, duplicates, empty and tiny inputs, values outside the
dense range), so a later change to either side cannot drift silently.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from carborder.scan.detectors.geo import _every_row_a_position, _order_by_key_then_time
from carborder.scan.geo import measure
from carborder.scan.geo.measure import CoverageGrid
from carborder.scan.geo.tracks import first_in_key_order, sortable_u64
from carborder.scan.people import _search

u64 = hnp.arrays(np.uint64, st.integers(0, 3000), elements=st.integers(0, 50))


@settings(max_examples=200, deadline=None)
@given(table=u64, queries=u64, big=st.integers(0, 2**64 - 1))
def test_search_is_searchsorted(table: np.ndarray, queries: np.ndarray, big: int) -> None:
    table = np.unique(np.append(table, np.uint64(big)))
    assert np.array_equal(_search(table, queries), np.searchsorted(table, queries))


def test_search_is_searchsorted_on_large_tables() -> None:
    # large enough to take the sorted-queries path (the native pass where the kernel is built)
    rng = np.random.default_rng(7)
    table = np.unique(rng.integers(0, 2**64 - 1, 200_000, dtype=np.uint64))
    queries = np.concatenate(
        [
            table[rng.integers(0, len(table), 50_000)],
            rng.integers(0, 2**64 - 1, 50_000, dtype=np.uint64),
        ]
    )
    rng.shuffle(queries)
    assert np.array_equal(_search(table, queries), np.searchsorted(table, queries))


cells = st.tuples(st.integers(-5, 23_100), st.integers(-5, 46_100))


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=300), st.booleans())
def test_distinct_cells_are_the_sorted_unique_keys(
    pairs: list[tuple[int, int]], spread: bool
) -> None:
    ilat = np.array([a for a, _ in pairs], dtype=np.int64)
    ilon = np.array([b for _, b in pairs], dtype=np.int64)
    if spread:  # a box too large for the bitmap
        ilon = ilon * 4000
    keys = (ilat << 32) | ilon
    expect = np.sort(np.asarray(pc.unique(pa.array(keys, pa.int64())).to_numpy(), dtype=np.int64))
    assert np.array_equal(measure._distinct(keys), expect)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 3000),
    st.floats(-80, 80),
    st.floats(-170, 170),
    st.floats(0.001, 30),
    st.integers(1, 7),
    st.randoms(use_true_random=False),
)
def test_coverage_depends_on_the_points_only(
    n: int, lat0: float, lon0: float, span: float, parts: int, rnd
) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    lat = np.clip(lat0 + rng.uniform(0, span, n), -90, 90)
    lon = np.clip(lon0 + rng.uniform(0, span, n), -180, 180)
    whole = CoverageGrid()
    whole.add(lat, lon)
    # same points, other order, other batches, merged from two halves
    order = rng.permutation(n)
    cuts = np.sort(rng.integers(0, n, parts - 1)) if parts > 1 else np.array([], dtype=int)
    grids = []
    for idx in np.split(order, cuts):
        g = CoverageGrid()
        g.add(lat[idx], lon[idx])
        grids.append(g)
    merged = grids[0]
    for g in grids[1:]:
        merged = merged.merge(g)
    assert merged.level == whole.level
    assert np.array_equal(merged.keys, whole.keys)
    assert merged.area_km2() == whole.area_km2()


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(np.uint64, st.integers(0, 400), elements=st.integers(0, 6)),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_track_order_is_the_two_key_sort(codes: np.ndarray, ascending: bool, rnd) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    t = rng.integers(0, 20, len(codes)).astype(np.float64)  # ties included
    if ascending:
        t = np.sort(t)
    assert np.array_equal(_order_by_key_then_time(codes, t), np.lexsort((t, codes)))


@settings(max_examples=200, deadline=None)
@given(
    st.binary(min_size=1, max_size=200),
    st.integers(1, 20),
    st.randoms(use_true_random=False),
)
def test_candidate_bytes_are_the_indexed_gather(data: bytes, width: int, rnd) -> None:  # type: ignore[no-untyped-def]
    from carborder.scan.detectors.candidates import _matrix

    rng = np.random.default_rng(rnd.randint(0, 2**32))
    buf = np.frombuffer(data, dtype=np.uint8)
    # positions of "alnum" characters: ascending, with gaps (separators) here and there
    alnum_pos = np.flatnonzero(rng.random(len(buf)) < rng.choice([0.7, 1.0])).astype(np.int64)
    if len(alnum_pos) < width:
        return
    rank = rng.integers(0, len(alnum_pos) - width + 1, rng.integers(0, 30)).astype(np.int64)
    expect = buf[alnum_pos[rank[:, None] + np.arange(width)]]
    got = _matrix(buf, alnum_pos, rank, width)
    assert got.dtype == np.uint8 and got.shape == expect.shape
    assert np.array_equal(got, expect)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([None, "", "a", "13800138000", "京A12345"]), max_size=400),
    st.integers(1, 40),
)
def test_head_rows_are_the_first_non_blank_rows(values: list[str | None], n: int) -> None:
    from carborder.scan.detectors.identifiers import _head_non_null_rows

    expect = [i for i, v in enumerate(values) if v][:n]
    assert _head_non_null_rows(pa.array(values, pa.string()), n).tolist() == expect


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 20_000),
    st.sampled_from([3, 1000, 2**16 + 3, 2**40, 2**64 - 1]),
    st.randoms(use_true_random=False),
)
def test_radix_order_is_the_stable_argsort(n: int, top: int, rnd) -> None:  # type: ignore[no-untyped-def]
    from carborder.scan import sketch

    rng = np.random.default_rng(rnd.randint(0, 2**32))
    keys = rng.integers(0, top, n, dtype=np.uint64, endpoint=True)  # ties when top is small
    assert np.array_equal(sketch.order_u64(keys), np.argsort(keys, kind="stable"))
    native, sketch._native = sketch._native, None  # the numpy radix twin
    try:
        assert np.array_equal(sketch.order_u64(keys), np.argsort(keys, kind="stable"))
    finally:
        sketch._native = native


def _value_sample_plain(values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    # the definition: the k distinct finite values with the smallest hashes, from one full
    # sort of every finite value (no cut by top bits, which once counted rows, not values)
    v = values[np.isfinite(values)]
    h = measure._value_hash(v)
    order = np.argsort(h, kind="stable")
    h, v = h[order], v[order]
    first = np.ones(len(h), dtype=bool)
    first[1:] = h[1:] != h[:-1]
    return h[first][:k], v[first][:k]


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 40_000),
    st.sampled_from([4, 64, 4096]),
    st.sampled_from([3, 50, 10**6]),
    st.floats(0, 0.2),
    st.randoms(use_true_random=False),
)
def test_value_sample_is_the_sorted_bottom_k(
    n: int, k: int, distinct: int, bad: float, rnd
) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    values = np.round(rng.integers(0, distinct, n) * 1e-6 + 30, 6)
    values[rng.random(n) < bad] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0])
    got = measure.value_sample(values, k)
    expect = _value_sample_plain(values, k)
    assert np.array_equal(got[0], expect[0])
    assert np.array_equal(got[1], expect[1], equal_nan=True)


def _tokens_plain(offs, data, cls, alnum, alnum_pos):  # type: ignore[no-untyped-def]
    # the tokenizer as first written: boolean masks over every byte of the text; the per-token
    # counts one token at a time
    from carborder.scan.detectors.candidates import _DIGIT, _UPPER

    n = len(data)
    first = np.zeros(n, dtype=bool)
    first[offs[:-1][offs[:-1] < offs[1:]]] = True
    last = np.zeros(n, dtype=bool)
    last[offs[1:][offs[:-1] < offs[1:]] - 1] = True
    prev = np.zeros(n, dtype=bool)
    prev[1:] = alnum[:-1]
    nxt = np.zeros(n, dtype=bool)
    nxt[:-1] = alnum[1:]
    ts = np.flatnonzero(alnum & (first | ~prev)).astype(np.int64)
    te = np.flatnonzero(alnum & (last | ~nxt)).astype(np.int64) + 1
    tv = np.searchsorted(offs, ts, side="right").astype(np.int64) - 1
    length = te - ts
    rank = np.zeros(len(ts), dtype=np.int64)
    np.cumsum(length[:-1], out=rank[1:])
    digits, upper, at = [], [], []
    for start, end in zip(ts.tolist(), te.tolist(), strict=True):
        c = cls[start:end]
        is_digit = (c & _DIGIT) != 0
        digits.append(int(is_digit.sum()))
        upper.append(int(((c & _UPPER) != 0).sum()))
        run_starts = [i for i in range(len(c)) if is_digit[i] and (i == 0 or not is_digit[i - 1])]
        at.append(start + run_starts[0] if len(run_starts) == 1 else -1)
    as_i64 = [np.asarray(x, dtype=np.int64) for x in (digits, upper, at)]
    return (ts, te, tv, *as_i64, rank)


_TEXT = st.lists(
    st.one_of(
        st.none(),
        st.text(alphabet="0123456789AXbz -·　京号，", max_size=30),
        st.sampled_from(["", "13800138000", "京A12345", "a1", "1", "x 1-2 3"]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_tokens_are_the_per_byte_masks(values: list[str | None]) -> None:
    from carborder.scan.detectors import candidates as c

    offs, data = c.value_bytes(pa.array(values, pa.string()))
    cls = c._byte_classes(data)
    alnum = (cls & (c._DIGIT | c._UPPER | c._LOWER)) != 0
    alnum_pos = np.flatnonzero(alnum).astype(np.int64)
    tok = c._tokens(offs, data, cls, alnum, alnum_pos)
    got = (tok.start, tok.end, tok.value, tok.digits, tok.upper, tok.digit_run_at, tok.rank)
    for a, b in zip(got, _tokens_plain(offs, data, cls, alnum, alnum_pos), strict=True):
        assert np.array_equal(a, b)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a·・　－•京\u00c2\u00b7 ", max_size=60))
def test_separator_search_is_the_byte_comparison(text: str) -> None:
    from carborder.scan.detectors.candidates import _SEP_SEQUENCES, _find

    data = np.frombuffer(text.encode(), dtype=np.uint8)
    for seq in _SEP_SEQUENCES:
        expect = [
            i for i in range(len(data) - len(seq) + 1) if data[i : i + len(seq)].tobytes() == seq
        ]
        assert _find(data, seq).tolist() == expect


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="京A12345挂学应急 x", max_size=12), min_size=1, max_size=20))
def test_plate_suffix_and_whole_span_are_the_plain_checks(values: list[str]) -> None:
    from carborder.scan.detectors import candidates as c

    offs, data = c.value_bytes(pa.array(values, pa.string()))
    raw = data.tobytes()
    ends, vends, vals, starts = [], [], [], []
    for i in range(len(values)):
        for e in range(int(offs[i]), int(offs[i + 1]) + 1):
            ends.append(e)
            vends.append(int(offs[i + 1]))
            vals.append(i)
            starts.append(int(offs[i]) + (e - int(offs[i])) // 2)
    end, vend = np.array(ends, dtype=np.int64), np.array(vends, dtype=np.int64)
    expect = []
    for e, ve in zip(ends, vends, strict=True):
        got = 0
        for seq in (c._EMERGENCY, *c._PLATE_SUFFIXES):
            if raw[e : e + len(seq)] == seq and e + len(seq) <= ve:
                got = len(seq)
                break
        expect.append(got)
    assert c._suffix_len(data, end, vend).tolist() == expect
    value, start = np.array(vals, dtype=np.int64), np.array(starts, dtype=np.int64)
    whole = []
    for v, s, e in zip(vals, starts, ends, strict=True):
        head, tail = raw[int(offs[v]) : s], raw[e : int(offs[v + 1])]
        whole.append(len(head) <= 3 and len(tail) <= 3 and set(head + tail) <= {32, 9})
    assert c._whole(offs, data, value, start, end).tolist() == whole


def test_columns_scanned_side_by_side_find_what_one_thread_finds() -> None:
    from carborder.scan.detectors import identifiers
    from carborder.scan.detectors import registry as detectors
    from carborder.scan.detectors.base import BatchContext

    rng = np.random.default_rng(3)
    n = 3000
    phones = [f"1{rng.integers(3, 10)}{rng.integers(0, 10**9):09d}" for _ in range(n)]
    notes = [
        f"联系 {p} 车牌 京A{rng.integers(0, 10**5):05d} 身份证 11010519491231002X"
        if i % 3
        else None
        for i, p in enumerate(phones)
    ]
    batch = pa.record_batch(
        {
            "phone": pa.array(phones),
            "note": pa.array(notes, pa.string()),
            "vin": pa.array(["LSVAU218XN2183294", "LSVAU2180N2183294"] * (n // 2)),
            "col3": pa.array([f"6222029057807361929 {i}" for i in range(n)]),
        }
    )

    def run(cpus: int) -> list[tuple[object, ...]]:
        old = pa.cpu_count()
        pa.set_cpu_count(cpus)
        try:
            ctx = BatchContext(file="f")
            out = []
            for d in detectors.create(None, modality="tabular"):
                f = d.detect(batch, ctx)
                keys = {k: (v[0].tolist(), v[1].tolist()) for k, v in f.row_keys.items()}
                loose = {
                    k: [(a.tolist(), b.tolist(), c.tolist()) for a, b, c in v]
                    for k, v in f.loose_keys.items()
                }
                stats = {k: (s.facts(), getattr(s, "entries", None)) for k, s in f.stats.items()}
                out.append(
                    (d.name, stats, keys, loose, {k: v.tolist() for k, v in f.row_flags.items()})
                )
            assert "idscan:jobs" in ctx.cache
            return out
        finally:
            pa.set_cpu_count(old)

    assert identifiers._threads() is not None or pa.cpu_count() < 2
    one = run(1)
    found = {name: keys for name, _s, keys, loose, _f in one if keys or loose}
    assert {"cn.mobile", "vin", "cn.plate", "cn.resident_id"} <= set(found)
    assert run(2) == one


def _cluster(n: int, lat0: float, lon0: float, span: float, rnd) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """``n`` points in a square of ``span`` degrees, sometimes half of them mirrored far away."""
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    lat = np.clip(lat0 + rng.uniform(0, span, n), -90, 90)
    lon = np.clip(lon0 + rng.uniform(0, span, n), -180, 180)
    if rng.random() < 0.3:  # a far cluster: large box, few cells
        lat[: n // 2] = -lat[: n // 2]
    return lat, lon


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 2000),
    st.floats(-89, 80),
    st.floats(-179, 170),
    st.floats(0.0001, 9),
    st.integers(1, 400),
    st.integers(0, 9),
    st.randoms(use_true_random=False),
)
def test_grid_level_is_where_coarsening_stops(
    n: int, lat0: float, lon0: float, span: float, max_cells: int, start: int, rnd
) -> None:  # type: ignore[no-untyped-def]
    lat, lon = _cluster(n, lat0, lon0, span, rnd)
    assert measure.finest_level(lat, lon, start, max_cells) == measure._coarsened_level(
        lat, lon, start, max_cells
    )


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 60_000),
    st.sampled_from([1, 3, 4096]),
    st.sampled_from([1, 7, 5000, 2**64 - 1]),
    st.randoms(use_true_random=False),
)
def test_first_in_key_order_is_the_head_of_the_stable_sort(n: int, k: int, top: int, rnd) -> None:  # type: ignore[no-untyped-def]
    # few distinct keys (long ties at the threshold), hash-like keys, and a skewed draw whose
    # sample can miss the smallest keys (the full-partition fallback)
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    keys = rng.integers(0, top, n, dtype=np.uint64, endpoint=True)
    if n and rnd.random() < 0.3:
        keys[rng.integers(0, n, min(n, k))] = 0
    expect = np.argsort(keys, kind="stable")[:k]
    assert first_in_key_order(keys, k).tolist() == expect.tolist()


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 3000),
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.sampled_from([1e-9, 0.01, 3.0, 400.0]),
    st.integers(0, 7),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_cells_are_the_distinct_keys_of_every_point(
    n: int, lat0: float, lon0: float, span: float, level: int, edges: bool, rnd
) -> None:  # type: ignore[no-untyped-def]
    # the box from four extremes and the marks give each point's packed key, deduplicated:
    # points on cell edges and at the poles and antimeridian, boxes past the bitmap
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    lat = np.clip(lat0 + rng.uniform(0, span, n), -90, 90)
    lon = np.clip(lon0 + rng.uniform(0, span, n), -180, 180)
    if edges:
        step = 1.0 / (1 << level)
        lat[: n // 2] = np.clip(np.round(lat[: n // 2] / step) * step, -90, 90)
        lon[: n // 3] = rng.choice([-180.0, 180.0, 0.0, -0.0], n // 3)
    scale = float(1 << level)
    ilat = np.floor((lat + 90.0) * scale).astype(np.int64)
    ilon = np.floor((lon + 180.0) * scale).astype(np.int64)
    expect = measure._distinct((ilat << 32) | ilon)
    assert np.array_equal(CoverageGrid.cells(lat, lon, level), expect)


_coord = st.one_of(
    st.floats(-200, 200), st.sampled_from([0.0, -0.0, 90.0, -90.0, 180.0, np.nan, np.inf])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_coord, _coord), max_size=20))
def test_rows_kept_whole_are_rows_the_checks_keep(pairs: list[tuple[float, float]]) -> None:
    # the four-extremes shortcut may only say "every row" when the per-row checks keep every
    # row unscaled: finite, within range, none at (0, 0)
    lat = np.array([a for a, _ in pairs], dtype=np.float64)
    lon = np.array([b for _, b in pairs], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        ok = (np.abs(lat) <= 90) & (np.abs(lon) <= 180) & ~((lat == 0) & (lon == 0))
    if _every_row_a_position(lat, lon):
        assert len(lat) and bool(ok.all())


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 3000),
    st.floats(-89, 80),
    st.floats(-179, 170),
    st.floats(0.0001, 20),
    st.integers(1, 400),
    st.integers(0, 9),
    st.randoms(use_true_random=False),
)
def test_an_empty_grids_cells_are_the_coarsened_cells(
    n: int, lat0: float, lon0: float, span: float, max_cells: int, start: int, rnd
) -> None:  # type: ignore[no-untyped-def]
    # what CoverageGrid.add keeps for a new grid: the level and cells that coarsening the
    # start level's cells gives, here taken from the finer level's marks when they were counted
    lat, lon = _cluster(n, lat0, lon0, span, rnd)
    level, finer = measure._finest_level(lat, lon, start, max_cells)
    keys = (
        measure._coarser_cells(*finer) if finer is not None else CoverageGrid.cells(lat, lon, level)
    )
    expect, at = CoverageGrid.cells(lat, lon, start), start
    while len(expect) > max_cells and at > 0:
        expect, at = measure._coarsen(expect), at - 1
    assert (level, keys.tolist()) == (at, expect.tolist())


_SPECIAL = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, -5e-324, 1.7e308]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 20_000),
    st.sampled_from([1, 5, 3000, 2**64 - 1]),
    st.sampled_from([3, 1000, 10**12]),
    st.floats(0, 0.2),
    st.randoms(use_true_random=False),
)
def test_track_order_of_unsorted_times_is_lexsort(
    n: int, top: int, spread: int, special: float, rnd
) -> None:  # type: ignore[no-untyped-def]
    # batches past the radix threshold whose times do not ascend: ties, negative times,
    # signed zeros, infinities and NaN (which numpy sorts last)
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    codes = rng.integers(0, top, n, dtype=np.uint64, endpoint=True)
    t = rng.integers(-spread, spread, n).astype(np.float64) / 7
    odd = rng.random(n) < special
    t[odd] = rng.choice(_SPECIAL, int(odd.sum()))
    assert np.array_equal(_order_by_key_then_time(codes, t), np.lexsort((t, codes)))


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 300), elements=st.floats(allow_nan=True)))
def test_sortable_keys_sort_as_numpy_sorts_the_values(values: np.ndarray) -> None:
    keys = sortable_u64(values)
    assert np.array_equal(np.argsort(keys, kind="stable"), np.argsort(values, kind="stable"))
