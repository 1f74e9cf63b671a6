"""Distinct counting: exact while small, HLL beyond, mergeable and picklable."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carborder.scan import sketch
from carborder.scan.sketch import DistinctCounter


@given(st.sets(st.text(min_size=1, max_size=8)), st.sets(st.text(min_size=1, max_size=8)))
@settings(max_examples=100, deadline=None)
def test_merge_of_exact_counters_is_count_of_union(a: set[str], b: set[str]) -> None:
    ca, cb = DistinctCounter(), DistinctCounter()
    ca.update(a)
    cb.update(b)
    assert ca.merge(cb).estimate() == len(a | b)


@given(st.integers(min_value=0, max_value=1 << 30))
@settings(max_examples=5, deadline=None)
def test_sketch_merge_equals_sketch_of_union_within_error(offset: int) -> None:
    a = [f"id{offset + i}" for i in range(30_000)]
    b = [f"id{offset + i}" for i in range(20_000, 60_000)]
    ca, cb, cu = (DistinctCounter(limit=1 << 10) for _ in range(3))
    ca.update(a)
    cb.update(b)
    cu.update(a + b)
    merged = ca.merge(cb)
    assert not merged.exact
    truth = 60_000
    assert abs(merged.estimate() - truth) / truth <= 0.02
    assert abs(merged.estimate() - cu.estimate()) / truth <= 0.02


def test_switches_to_sketch_and_pickles() -> None:
    c = DistinctCounter(limit=100)
    c.update(str(i) for i in range(5000))
    assert not c.exact and 0 < c.relative_error() < 0.02
    back = pickle.loads(pickle.dumps(c))
    assert back.estimate() == c.estimate()
    small = DistinctCounter()
    small.update(["a", "b"])
    assert pickle.loads(pickle.dumps(small)).estimate() == 2


def test_mixed_merge_exact_with_sketch() -> None:
    big, small = DistinctCounter(limit=100), DistinctCounter()
    big.update(str(i) for i in range(1000))
    small.update(str(i) for i in range(900, 1100))
    assert abs(big.merge(small).estimate() - 1100) <= 1100 * 0.02


# ------------------------------------------------------------------ the exact set's two forms
# The native table (sketch._DistinctHashes with the kernel) and its sorted twin must hold the
# same distinct hashes whatever the batches, repeats, merges and serialisations in between:
# the serialised set (and so every count and pickle) is the same array either way.

_hashes = st.lists(
    st.lists(
        st.one_of(st.integers(0, 40), st.integers(0, (1 << 64) - 1)),  # repeats, and hash 0
        max_size=300,
    ),
    max_size=8,
)


#: the kernel as loaded (tests below swap ``sketch._native`` and must not read it back)
_KERNEL = sketch._native  # type: ignore[attr-defined]


def _native_and_twin(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    kernel = _KERNEL
    if kernel is None:
        pytest.skip("the native kernel is not built here (the twin alone is tested above)")
    return [kernel, None]


@given(batches=_hashes, split=st.integers(0, 8))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_distinct_hashes_table_equals_sorted_twin(
    monkeypatch: pytest.MonkeyPatch, batches: list[list[int]], split: int
) -> None:
    truth = np.array(sorted({h for b in batches for h in b}), dtype=np.uint64)
    for kernel in _native_and_twin(monkeypatch):
        monkeypatch.setattr(sketch, "_native", kernel)
        left, right = sketch._DistinctHashes(), sketch._DistinctHashes()
        for i, b in enumerate(batches):
            (left if i < split else right).add(np.array(b, dtype=np.uint64))
        # a serialised operand (a pool worker's), then a merge that consumes it
        right = sketch._DistinctHashes.of_sorted(right.sorted())
        left.absorb(right)
        assert len(left) == len(truth)
        assert np.array_equal(left.sorted(), truth)


def test_distinct_hashes_grow_past_many_doublings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A million keys with repeats: the table doubles from its smallest size, nothing lost."""
    rng = np.random.default_rng(7)
    pool = rng.integers(1, 1 << 63, 300_000, dtype=np.uint64)
    parts = [pool[rng.integers(0, len(pool), 250_000)] for _ in range(4)]
    truth = np.unique(np.concatenate(parts))
    for kernel in _native_and_twin(monkeypatch):
        monkeypatch.setattr(sketch, "_native", kernel)
        s = sketch._DistinctHashes()
        for p in parts:
            s.add(p)
        assert len(s) == len(truth)
        assert np.array_equal(s.sorted(), truth)


def test_set_insert_refuses_a_table_that_could_fill_up() -> None:
    kernel = _KERNEL
    if kernel is None:
        pytest.skip("the native kernel is not built here")
    table = np.zeros(8, dtype=np.uint64)
    with pytest.raises(ValueError, match="grow it first"):
        kernel.set_insert(table, np.arange(1, 9, dtype=np.uint64), 0)
    with pytest.raises(ValueError, match="power of two"):
        kernel.set_insert(np.zeros(6, dtype=np.uint64), np.ones(1, dtype=np.uint64), 0)
    full = np.arange(1, 9, dtype=np.uint64)  # a caller that lies about the count
    with pytest.raises(ValueError, match="full"):
        kernel.set_insert(full, np.array([99], dtype=np.uint64), 0)
    assert kernel.set_insert(table, np.array([0, 3, 3], dtype=np.uint64), 0) == (1, True)
