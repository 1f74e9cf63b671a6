"""Geo facts are functions of the values: same table, same facts in any layout, every run.

Issue 10, item 10: the stated accuracy came from a randomised quantile sketch (a different
figure each run) and the resolution sample shrank when a few values repeated in a large
batch (11132 m in one batch, 1113.2 m in 30).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan import scan
from carborder.scan.detectors.base import BatchContext
from carborder.scan.detectors.geo import GeoDetector, GeoStats
from carborder.scan.geo import measure
from carborder.scan.geo.measure import AccuracyCounts


def _stats(batch: pa.RecordBatch) -> GeoStats:
    s = GeoDetector().detect(batch, BatchContext(file="g", options={})).stats["geo.position"]
    assert isinstance(s, GeoStats)
    return s


def _facts(parts: Sequence[pa.RecordBatch], *, tree: bool = False) -> dict[str, object]:
    """The geo facts of batches scanned one by one, merged left to right or as a tree."""
    stats = [_stats(b) for b in parts if b.num_rows]
    if tree:
        # the pool runner merges the states of processes: pairs, then pairs of pairs
        while len(stats) > 1:
            pairs = [stats[i : i + 2] for i in range(0, len(stats), 2)]
            stats = [p[0].merge(p[1]) if len(p) == 2 else p[0] for p in pairs]
        merged = stats[0]
    else:
        merged = reduce(lambda a, b: a.merge(b), stats)
    return dict(merged.facts()[0])


def _cut(table: pa.Table, cuts: Sequence[int]) -> list[pa.RecordBatch]:
    ends = sorted({c % (table.num_rows + 1) for c in cuts} | {0, table.num_rows})
    return [table.slice(a, b - a).combine_chunks().to_batches()[0] for a, b in pairwise(ends)]


def _accuracy_table(n: int = 200_000) -> tuple[pa.Table, float]:
    """Positions with a centimetre-quantised accuracy column, and its exact lower median."""
    rng = np.random.default_rng(7)
    # about 2,500 distinct values: counted exactly (a sketch's rank error moves its median
    # by a few of them, e.g. 8.768 m one run and 8.782 m the next)
    accuracy = np.round(np.clip(rng.lognormal(2.2, 0.5, n), 1.0, 30.0), 2)
    lat = np.round(rng.uniform(30, 31, n), 6)
    lon = np.round(rng.uniform(116, 117, n), 6)
    return pa.table({"lat": lat, "lon": lon, "accuracy": accuracy}), _lower_median(accuracy)


def test_stated_accuracy_is_the_exact_median_in_any_layout_every_run(tmp_path: Path) -> None:
    table, median = _accuracy_table()
    want = round(median, 3)
    for rows in (table.num_rows, 65_536, 10_000, 4_096):
        for _ in range(2):  # a randomised sketch gave another figure on the second run
            f = _facts(table.to_batches(max_chunksize=rows))
            assert f["geo.accuracy_m"] == want, rows
    # end to end: a file in two row-group layouts, scanned twice each
    pq.write_table(table, tmp_path / "big.parquet")
    pq.write_table(table, tmp_path / "small.parquet", row_group_size=7_000)
    got = {scan(tmp_path / p).facts["geo.accuracy_m"] for p in ("big.parquet", "small.parquet") * 2}
    assert got == {want}


def test_hdop_is_counted_exactly() -> None:
    hdop = np.round(np.random.default_rng(3).gamma(2.0, 0.6, 50_000) + 0.5, 1)
    table = pa.table({"lat": np.full(50_000, 30.5), "lon": np.full(50_000, 116.5), "hdop": hdop})
    want = round(_lower_median(hdop * measure.HDOP_UERE_M), 3)
    assert _facts(table.to_batches(max_chunksize=3_000))["geo.accuracy_m"] == want


def test_resolution_of_few_repeated_values_does_not_depend_on_batches() -> None:
    # 10 two-decimal values; 31.30 hashes into the top-bits cut of the value sample, and in a
    # 300 k-row batch its repeats alone filled the cut: the sample held 31.3 only (1 decimal)
    values = np.array([31.30, *(30.01 + i / 100 for i in range(9))]).round(2)
    assert (measure._value_hash(values[:1]) >> np.uint64(60)).tolist() == [0]
    idx = np.arange(300_000) % 10
    table = pa.table({"lat": values[idx], "lon": values[(idx * 3) % 10]})
    one = _facts(table.to_batches(max_chunksize=300_000))
    thirty = _facts(table.to_batches(max_chunksize=10_000))
    assert one["geo.resolution_m"] == thirty["geo.resolution_m"] == pytest.approx(1113.2)
    assert one == thirty


def test_float32_spacing_is_the_median_of_all_latitudes_not_of_a_batch() -> None:
    # float32 latitudes below 32° are stored twice as finely as those above; a median per
    # batch, merged by taking the finest, gave the finer spacing whenever one batch was
    # mostly below 32°
    lat = np.concatenate([np.full(100, 31.123456789), np.full(300, 33.123456789)])
    lon = np.full(400, 116.123456789)
    table = pa.table({"lat": pa.array(lat, pa.float32()), "lon": pa.array(lon, pa.float32())})
    whole = _facts(table.to_batches())
    split = _facts(_cut(table, [100]))
    assert whole == split
    # 2^-18 degrees: the spacing of most latitudes (32-64°)
    assert whole["geo.resolution_m"] == pytest.approx(round(2.0**-18 * 111_320.0, 6))


@st.composite
def _tables(draw: st.DrawFn) -> pa.Table:
    n = draw(st.integers(1, 3_000))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    decimals = draw(st.integers(1, 7))
    # few distinct values repeat heavily (the layout-sensitive case); many are all distinct
    pool = draw(st.sampled_from([3, 40, 10**6]))
    lat = np.round(30 + rng.integers(0, pool, n) * 10.0**-decimals % 10, decimals)
    lon = np.round(110 + rng.integers(0, pool, n) * 10.0**-decimals % 10, decimals)
    cols: dict[str, pa.Array] = {"lat": pa.array(lat), "lon": pa.array(lon)}
    if draw(st.booleans()):
        cols = {k: v.cast(pa.float32()) for k, v in cols.items()}
    accuracy = draw(st.sampled_from(["none", "hdop", "accuracy"]))
    if accuracy == "hdop":
        cols["hdop"] = pa.array(np.round(rng.uniform(0.5, 3, n), 1))
    elif accuracy == "accuracy":
        # continuous: many distinct values, binned past the (lowered) exact limit
        acc = rng.lognormal(1.5, 1.0, n)
        acc[rng.random(n) < 0.1] = np.nan
        cols["accuracy"] = pa.array(acc)
    return pa.table(cols)


@settings(max_examples=60, deadline=None)
@given(
    _tables(),
    st.lists(st.integers(0, 3_000), max_size=6),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_geo_facts_do_not_depend_on_layout_or_row_order(
    table: pa.Table, cuts: list[int], rnd, tree: bool
) -> None:  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        # a low limit, so small tables cross from exact counts to bins
        mp.setattr(measure, "EXACT_ACCURACIES", 64)
        want = _facts(table.to_batches())
        assert _facts(table.to_batches()) == want  # run to run
        assert _facts(_cut(table, cuts), tree=tree) == want
        order = np.array(rnd.sample(range(table.num_rows), table.num_rows), dtype=np.int64)
        shuffled = table.take(pa.array(order))
        assert _facts(_cut(shuffled, cuts[::-1]), tree=not tree) == want


def _lower_median(values: np.ndarray) -> float:
    v = np.sort(values)
    return float(v[(len(v) + 1) // 2 - 1])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0.01, 1e4, allow_nan=False), min_size=1, max_size=300),
    st.lists(st.integers(0, 300), max_size=5),
    st.sampled_from([4, 64, 4096]),
)
def test_accuracy_counts_median_is_exact_or_within_a_bin(
    values: list[float], cuts: list[int], limit: int
) -> None:
    metres = np.array(values)
    ends = sorted({c % (len(values) + 1) for c in cuts} | {0, len(values)})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(measure, "EXACT_ACCURACIES", limit)
        parts = []
        for a, b in pairwise(ends):
            part = AccuracyCounts()
            part.add(metres[a:b], "acc")
            parts.append(part)
        merged = reduce(lambda x, y: x.merge(y), parts)
        whole = AccuracyCounts()
        whole.add(metres[::-1], "acc")
    got = merged.median_m()
    assert got == whole.median_m()
    assert merged.binned == (len(set(values)) > limit)
    exact = _lower_median(metres)
    if not merged.binned:
        assert got == round(exact, 3)
    else:
        # a bin is 2^-7 of its octave wide; its midpoint is within 2^-8 of its values
        assert got is not None and abs(got - exact) <= exact * 2.0**-8 + 5e-4


def _track_table(keys: Sequence[str], times: Sequence[float]) -> pa.Table:
    n = len(keys)
    return pa.table(
        {
            "vin": pa.array(list(keys), pa.string()),
            "ts": pa.array(list(times), pa.float64()),
            "lat": [31.0 + i * 1e-4 for i in range(n)],
            "lon": [121.0 + i * 1e-4 for i in range(n)],
        }
    )


def _trajectory(f: dict[str, object]) -> bool:
    return "trajectory" in (f.get("pi.sensitive_kinds") or [])  # type: ignore[operator]


def test_a_trajectory_spanning_batches_is_found() -> None:
    # each vehicle once per batch: no batch shows a key at two times, the file does
    table = _track_table(["V0", "V1", "V0", "V1"], [1.0, 1.0, 2.0, 2.0])
    assert _trajectory(_facts(table.to_batches()))
    assert _trajectory(_facts(table.to_batches(max_chunksize=2)))
    assert _trajectory(_facts(table.to_batches(max_chunksize=1), tree=True))
    # the same times again are no movement, in one batch or across batches
    still = _track_table(["V0", "V1", "V0", "V1"], [1.0, 1.0, 1.0, 1.0])
    assert not _trajectory(_facts(still.to_batches()))
    assert not _trajectory(_facts(still.to_batches(max_chunksize=1)))


def test_a_trajectory_found_only_across_batches_makes_the_sensitive_count_a_lower_bound(
    tmp_path: Path,
) -> None:
    table = _track_table(["V0", "V1", "V0", "V1"] * 3, [float(i // 2) for i in range(12)])
    pq.write_table(table, tmp_path / "one.parquet")
    pq.write_table(table, tmp_path / "twos.parquet", row_group_size=2)
    one = scan(tmp_path / "one.parquet")
    assert _trajectory(one.facts) and not one.details["geo.trajectory_across_batches"]
    from carborder.scan.engine import ScanOptions, scan_unit
    from carborder.scan.readers.base import Unit

    path = tmp_path / "twos.parquet"
    state = scan_unit(
        Unit(str(path), "parquet", None, path.stat().st_size), ScanOptions(batch_rows=2)
    )
    got = state.result()
    assert _trajectory(got.facts)
    assert got.details["geo.trajectory_across_batches"] is True
    assert got.details["people.exact"] is False


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", None]), st.sampled_from([1.0, 2.0, 3.0, float("nan")])
        ),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.integers(0, 40), max_size=8),
    st.booleans(),
)
def test_trajectory_fact_is_the_same_in_any_layout(
    rows: list[tuple[str | None, float]], cuts: list[int], tree: bool
) -> None:
    table = _track_table([k for k, _ in rows], [t for _, t in rows])  # type: ignore[misc]
    whole = _trajectory(_facts(table.to_batches()))
    assert _trajectory(_facts(_cut(table, cuts), tree=tree)) == whole
    # a key at two finite times (null keys are no track) is what a trajectory is
    times: dict[str, set[float]] = {}
    for k, t in rows:
        if k is not None and t == t:
            times.setdefault(k, set()).add(t)
    assert whole == any(len(v) > 1 for v in times.values())
