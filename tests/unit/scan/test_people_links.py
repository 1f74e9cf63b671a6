"""The people graph's links kept as canonical runs: native kernel, numpy twin and definition.

A run is canonical when it holds each link once, no self-link, an undirected link with its
smaller end first, ascending by (lo, hi). Sorting and merging runs in the kernel must give
the numpy twins' arrays, and both the set of links the definition gives.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan import people
from carborder.scan.detectors import native

needs_kernel = pytest.mark.skipif(
    native.kernel is None, reason="native kernel not built or disabled (CARBORDER_NO_NATIVE)"
)

# small values make repeats, self-links and both directions of one link common
_value = st.integers(0, 6) | st.integers(0, 2**64 - 1)
_links = st.lists(st.tuples(_value, _value), max_size=200)


def _arrays(links: list[tuple[int, int]]) -> tuple[Any, Any]:
    a = np.array([x for x, _ in links], dtype=np.uint64)
    b = np.array([y for _, y in links], dtype=np.uint64)
    return a, b


def _definition(links: list[tuple[int, int]], directed: bool) -> list[tuple[int, int]]:
    pairs = {(x, y) if directed else (min(x, y), max(x, y)) for x, y in links if x != y}
    return sorted(pairs)


def _pairs_of(run: tuple[Any, Any]) -> list[tuple[int, int]]:
    return list(zip(run[0].tolist(), run[1].tolist(), strict=True))


@settings(max_examples=300)
@given(_links, st.booleans())
def test_sorted_links_are_the_definition(links: list[tuple[int, int]], directed: bool) -> None:
    a, b = _arrays(links)
    run = people._sorted_pairs_numpy(a, b, directed)
    assert all(x.dtype == np.uint64 for x in run)
    assert _pairs_of(run) == _definition(links, directed)
    if native.kernel is not None:
        lo, hi = native.kernel.sort_pairs(a, b, directed)
        got = (np.frombuffer(lo, dtype=np.uint64), np.frombuffer(hi, dtype=np.uint64))
        assert _pairs_of(got) == _pairs_of(run)


@settings(max_examples=300)
@given(_links, _links, st.booleans(), st.booleans())
def test_merged_runs_are_the_union(
    one: list[tuple[int, int]], two: list[tuple[int, int]], directed: bool, raw: bool
) -> None:
    """Two canonical runs merge to the run of their union; a raw second part is refused."""
    r1 = people._sorted_pairs_numpy(*_arrays(one), directed)
    r2 = _arrays(two) if raw else people._sorted_pairs_numpy(*_arrays(two), directed)
    refused = raw and _pairs_of(r2) != _definition(two, directed)
    expect = people._merged_pairs_numpy(*r1, *r2, directed)
    if refused:
        assert expect is None
    else:
        assert expect is not None
        assert _pairs_of(expect) == _definition(one + two, directed)
    if native.kernel is not None:
        got = native.kernel.merge_pairs(*r1, *r2, directed)
        if expect is None:
            assert got is None
        else:
            assert got is not None
            run = tuple(np.frombuffer(x, dtype=np.uint64) for x in got)
            assert _pairs_of(run) == _pairs_of(expect)


@settings(max_examples=200)
@given(st.lists(_links, max_size=5), st.booleans())
def test_graph_links_are_the_distinct_links_of_every_part(
    parts: list[list[tuple[int, int]]], directed: bool
) -> None:
    """Whatever mix of kept runs and new parts a compaction sees, natively or not."""
    arrays = [
        people._sorted_pairs_numpy(*_arrays(p), directed) if i % 2 else _arrays(p)
        for i, p in enumerate(parts)
    ]
    a_parts, b_parts = [a for a, _ in arrays], [b for _, b in arrays]
    expect = _definition([x for p in parts for x in p], directed)
    assert _pairs_of(people._pairs(a_parts, b_parts, directed=directed)) == expect
    saved = people._native
    people._native = None
    try:
        assert _pairs_of(people._pairs(a_parts, b_parts, directed=directed)) == expect
    finally:
        people._native = saved


@needs_kernel
@settings(max_examples=300)
@given(st.lists(_value, max_size=300), st.lists(_value, max_size=300), st.booleans())
def test_walk_kernel_is_numpys_searchsorted(table: list[int], x: list[int], keep: bool) -> None:
    """Ascending queries are found by a walk; others are left to the radix search (None)."""
    assert native.kernel is not None
    t = np.unique(np.array(table, dtype=np.uint64))
    q = np.array(sorted(x) if keep else x, dtype=np.uint64)
    got = native.kernel.walk_u64(t, q)
    if keep or bool(np.all(q[1:] >= q[:-1])):
        assert got is not None
        assert np.frombuffer(got, dtype=np.int64).tolist() == np.searchsorted(t, q).tolist()
    else:
        assert got is None


@needs_kernel
def test_link_kernels_refuse_what_they_cannot_read() -> None:
    assert native.kernel is not None
    one = np.array([1], np.uint64)
    with pytest.raises(ValueError, match="ascending"):
        native.kernel.walk_u64(np.array([2, 1], np.uint64), one)
    with pytest.raises(ValueError, match="differ"):
        native.kernel.sort_pairs(one, np.array([1, 2], np.uint64), False)
    with pytest.raises(ValueError, match="differ"):
        native.kernel.merge_pairs(one, np.zeros(0, np.uint64), one, one, False)


def test_a_search_of_ascending_queries_is_numpys() -> None:
    rng = np.random.default_rng(5)
    table = np.unique(rng.integers(0, 2**64 - 1, 70_000, dtype=np.uint64))
    queries = np.sort(rng.integers(0, 2**64 - 1, 6000, dtype=np.uint64))
    queries[::7] = table[: len(queries[::7])]
    queries.sort()
    assert people._search(table, queries).tolist() == np.searchsorted(table, queries).tolist()
    shuffled = rng.permutation(queries)
    assert people._search(table, shuffled).tolist() == np.searchsorted(table, shuffled).tolist()


_KINDS = ("id_number", "passport", "phone", "account")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(*(st.one_of(st.none(), st.integers(0, 9)) for _ in _KINDS)), max_size=60),
    st.integers(1, 3),
)
def test_a_row_chains_every_kind_it_carries(rows: list[tuple[int | None, ...]], cut: int) -> None:
    """Rows with any subset of four person kinds: one person per component of the rows."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for row in rows:
        nodes = [(k, v) for k, v in zip(_KINDS, row, strict=True) if v is not None]
        for x in nodes[1:]:
            parent[find(x)] = find(nodes[0])
        for x in nodes:
            find(x)
    expect = len({find(x) for x in parent})
    stats = people.PeopleStats()
    for part in (rows[:cut], rows[cut:]):
        if not part:
            continue
        keys = {}
        for col, kind in enumerate(_KINDS):
            vals = [r[col] for r in part]
            ok = np.array([v is not None for v in vals])
            keys[kind] = (np.array([(v or 0) * 7919 + 1 for v in vals], dtype=np.uint64), ok)
        stats.add(keys, None)
    assert stats.counts()[0] == expect


@needs_kernel
def test_a_node_with_many_links_sorts_them_all() -> None:
    """A hub (a fleet's shared mailbox) links to thousands: its run is sorted beyond insertion."""
    assert native.kernel is not None
    rng = np.random.default_rng(11)
    spokes = rng.integers(0, 2**64 - 1, 3000, dtype=np.uint64)
    hub = np.full(6000, 12345, dtype=np.uint64)
    others = np.concatenate([spokes, spokes[::-1]])
    for directed in (False, True):
        lo, hi = native.kernel.sort_pairs(hub, others, directed)
        got = (np.frombuffer(lo, dtype=np.uint64), np.frombuffer(hi, dtype=np.uint64))
        expect = people._sorted_pairs_numpy(hub, others, directed)
        assert _pairs_of(got) == _pairs_of(expect)
        assert len(expect[0]) == len(np.unique(spokes))


@needs_kernel
@pytest.mark.parametrize("top", [64, 40, 16, 9])
@pytest.mark.parametrize("n", [33, 5_000, 200_000])
def test_many_links_sort_and_merge_as_the_numpy_twin(top: int, n: int) -> None:
    """Enough links for the radix sort's buckets to split again (hashes), or to share their
    top bytes (small values: digits skipped, large buckets), with repeats and self-links."""
    assert native.kernel is not None
    rng = np.random.default_rng(top * n)
    a = rng.integers(0, 2**top - 1, n, dtype=np.uint64)
    b = rng.integers(0, 2**top - 1, n, dtype=np.uint64)
    a[: n // 4] = a[n // 4 : 2 * (n // 4)]  # a node with several links
    b[: n // 8] = a[: n // 8]  # self-links
    a[-(n // 8) :], b[-(n // 8) :] = b[: n // 8], a[: n // 8]  # both ways round
    for directed in (False, True):
        lo, hi = native.kernel.sort_pairs(a, b, directed)
        got = (np.frombuffer(lo, dtype=np.uint64), np.frombuffer(hi, dtype=np.uint64))
        assert _pairs_of(got) == _pairs_of(people._sorted_pairs_numpy(a, b, directed))
        # and two such runs merged (halves sharing links), as the numpy twin merges them
        one = people._sorted_pairs_numpy(a[: n // 2], b[: n // 2], directed)
        two = people._sorted_pairs_numpy(a[n // 3 :], b[n // 3 :], directed)
        merged = native.kernel.merge_pairs(*one, *two, directed)
        assert merged is not None
        expect = people._merged_pairs_numpy(*one, *two, directed)
        assert expect is not None
        got = (np.frombuffer(merged[0], dtype=np.uint64), np.frombuffer(merged[1], dtype=np.uint64))
        assert _pairs_of(got) == _pairs_of(expect)


@needs_kernel
@pytest.mark.parametrize("top", [64, 20, 6])
def test_many_queries_search_as_numpy(top: int) -> None:
    """Queries put in order by the kernel's radix sort: hashes, and values sharing their top
    bytes (digits skipped) or all but a few values (large buckets of equal keys)."""
    assert native.kernel is not None
    rng = np.random.default_rng(top)
    table = np.unique(rng.integers(0, 2**top - 1, 70_000, dtype=np.uint64))
    x = np.concatenate([rng.integers(0, 2**top - 1, 60_000, dtype=np.uint64), table[::7]])
    rng.shuffle(x)
    got = np.frombuffer(native.kernel.search_u64(table, x), dtype=np.int64)
    assert got.tolist() == np.searchsorted(table, x).tolist()


@settings(max_examples=300)
@given(
    st.lists(st.lists(_value | st.integers(0, 50), max_size=60), max_size=6),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_node_sets_unite_as_union_sorted(parts: list[list[int]], presort: list[bool]) -> None:
    """The kernel's union of a kept set and new parts is sketch.union_sorted's, and the set."""
    from carborder.scan import sketch

    arrays = [
        np.unique(np.array(p, dtype=np.uint64)) if pre else np.array(p, dtype=np.uint64)
        for p, pre in zip(parts, presort, strict=False)
    ]
    expect = sorted({x for p in parts for x in p})
    got = people._union(arrays)
    assert got.dtype == np.uint64 and got.tolist() == expect
    saved = sketch._native, people._native
    sketch._native = people._native = None
    try:
        assert people._union(arrays).tolist() == expect
    finally:
        sketch._native, people._native = saved
    if native.kernel is not None and arrays:
        big, rest = arrays[0], arrays[1:]
        united = native.kernel.union_u64(big, rest)
        if len(big) > 1 and not bool(np.all(big[1:] > big[:-1])):
            assert united is None
        else:
            assert np.frombuffer(united, dtype=np.uint64).tolist() == expect
            # parts sorted already: one run, or a run cut in pieces, merged as they are
            run = np.sort(np.concatenate([np.zeros(0, np.uint64), *rest]))
            for pieces in ([run], np.array_split(run, 3)):
                united = native.kernel.union_u64(big, list(pieces))
                assert np.frombuffer(united, dtype=np.uint64).tolist() == expect


@needs_kernel
@pytest.mark.parametrize("shift", [0, 8, 40])
def test_a_large_union_is_union_sorted(shift: int) -> None:
    """Many new keys: hashes, and keys sharing their top bytes (radix passes skipped)."""
    from carborder.scan import sketch

    assert native.kernel is not None
    rng = np.random.default_rng(shift)
    kept = np.unique(rng.integers(0, 2**64 - 1, 50_000, dtype=np.uint64))
    top = 2**64 - 1 if shift == 0 else 2 ** (64 - shift)
    new = [rng.integers(0, top, 40_000, dtype=np.uint64) for _ in range(3)] + [kept[::3].copy()]
    got = np.frombuffer(native.kernel.union_u64(kept, new), dtype=np.uint64)
    assert got.tolist() == sketch.union_sorted([kept, *new]).tolist()


@settings(max_examples=200)
@given(
    st.lists(st.lists(_value | st.integers(0, 50), max_size=40), min_size=1, max_size=8),
    st.integers(1, 60),
)
def test_a_backlog_beyond_the_radix_bound_is_folded_in_chunks(
    parts: list[list[int]], bound: int
) -> None:
    """More waiting keys than one radix sort takes: folded a chunk at a time, same set."""
    kept = np.unique(np.array(parts[0], dtype=np.uint64))
    arrays = [kept] + [np.array(p, dtype=np.uint64) for p in parts[1:]]
    saved = people.RADIX_MAX
    people.RADIX_MAX = bound
    try:
        got = people._union(arrays)
    finally:
        people.RADIX_MAX = saved
    assert got.tolist() == sorted({x for p in parts for x in p})
