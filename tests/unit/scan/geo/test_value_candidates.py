"""The value sample's candidates from two arrays (kernel value_candidates) and its numpy twin."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan.detectors import native
from carborder.scan.geo import measure


def _values(rng: np.random.Generator, n: int, distinct: int, bad: float) -> np.ndarray:
    values = np.round(rng.integers(0, distinct, n) * 1e-6 + 30, 6)
    values[rng.random(n) < bad] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0])
    return values


@pytest.mark.skipif(native.kernel is None, reason="native kernel not built or disabled")
@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 40_000),
    st.integers(0, 40_000),
    st.sampled_from([3, 50, 10**6]),
    st.floats(0, 0.3),
    st.sampled_from([0, 16, 256, 2049, 16384]),
    st.randoms(),
)
def test_value_candidates_are_the_numpy_twin(
    n: int, m: int, distinct: int, bad: float, enough: int, rnd: Any
) -> None:
    """Values kept and their hashes, in order: NaN, infinities and signed zeros among them,
    few distinct values (the first bound keeps enough), many, and bounds 2^60 cannot meet."""
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    a, b = _values(rng, n, distinct, bad), _values(rng, m, distinct, bad)
    got = measure.value_candidates(a, b, enough)
    saved, measure._native = measure._native, None
    try:
        expect = measure.value_candidates(a, b, enough)
    finally:
        measure._native = saved
    assert got[0].dtype == np.uint64 and got[1].dtype == np.float64
    assert got[0].tolist() == expect[0].tolist()
    assert np.array_equal(got[1], expect[1], equal_nan=True)
    assert np.signbit(got[1]).tolist() == np.signbit(expect[1]).tolist()


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 30_000),
    st.integers(0, 30_000),
    st.sampled_from([4, 64, 4096]),
    st.sampled_from([3, 50, 10**6]),
    st.floats(0, 0.2),
    st.randoms(use_true_random=False),
)
def test_a_sample_of_two_arrays_is_that_of_them_concatenated(
    n: int, m: int, k: int, distinct: int, bad: float, rnd: Any
) -> None:
    """Latitudes and longitudes sampled apart give the sample of the two as one array."""
    rng = np.random.default_rng(rnd.randint(0, 2**32))
    a, b = _values(rng, n, distinct, bad), _values(rng, m, distinct, bad)
    got = measure.value_sample(a, k, b)
    expect = measure.value_sample(np.concatenate([a, b]), k)
    assert np.array_equal(got[0], expect[0])
    assert np.array_equal(got[1], expect[1], equal_nan=True)
    assert np.signbit(got[1]).tolist() == np.signbit(expect[1]).tolist()
