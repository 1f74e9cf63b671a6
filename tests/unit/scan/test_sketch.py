"""Distinct counting: exact while small, HLL beyond, mergeable and picklable."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

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
