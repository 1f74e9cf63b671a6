"""Consecutive points of each track key without sorting the batch by key.

A batch's sampling interval needs, for every point, the point of the same key just before it
in time; its jitter needs the first points in (key, time) order. When the times already
ascend (the usual case) both follow from positions alone: the previous point of a key is its
previous occurrence, found in one pass over a hash table (native kernel), and the first
points in key order are those with the smallest keys, found by a threshold and a small sort.
That is the same pairs and the same head as the stable sort by key, at a fraction of its cost.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from carborder.scan.detectors.native import kernel as _native
from carborder.scan.sketch import order_u64

__all__ = ["ascending_gaps", "first_in_key_order", "previous_same", "sortable_u64"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def previous_same(keys: U64) -> I64:
    """For each position, the last earlier position holding the same key (-1 for none).

    The numpy twin sorts stably by key, so equal keys sit together in position order and each
    one's predecessor is its neighbour; the native kernel remembers each key's last position in
    a hash table instead (one pass, no sort).

    >>> previous_same(np.array([5, 3, 5, 5, 3, 9], dtype=np.uint64)).tolist()
    [-1, -1, 0, 2, 1, -1]
    """
    if _native is not None:
        raw = _native.previous_same_u64(np.ascontiguousarray(keys, dtype=np.uint64))
        return np.frombuffer(raw, dtype=np.int64)
    prev = np.full(len(keys), -1, dtype=np.int64)
    if len(keys) < 2:
        return prev
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = ordered[1:] == ordered[:-1]
    prev[order[1:][same]] = order[:-1][same]
    return prev


def ascending_gaps(keys: U64, t: F64, has_key: Mask | None) -> F64 | None:
    """The positive gaps from each point's previous point of its key, if every key's times ascend.

    A point's previous point of its key is its :func:`previous_same`; when no such pair goes
    back in time (a NaN time in a pair counts as going back, as numpy's comparison says), that
    is its predecessor in (key, time) order, and the gaps are the track's. Kept are the pairs
    whose later point has a key (``has_key``, None for all) and whose times are finite, in
    position order; None when some pair goes back. The native kernel does it in the one pass
    that finds the pairs; the numpy twin finds them (:func:`previous_same`) and then gathers.

    >>> k = np.array([5, 3, 5, 5, 3], dtype=np.uint64)
    >>> ascending_gaps(k, np.array([1.0, 2.0, 4.0, 4.0, 2.5]), None).tolist()
    [3.0, 0.5]
    >>> ascending_gaps(k, np.array([1.0, 2.0, 0.5, 4.0, 2.5]), None) is None
    True
    """
    if _native is not None and len(keys) < 0xFFFFFFFF:
        ascend, raw = _native.ascending_gaps(
            np.ascontiguousarray(keys, dtype=np.uint64),
            np.ascontiguousarray(t, dtype=np.float64),
            None if has_key is None else np.ascontiguousarray(has_key, dtype=np.bool_),
        )
        return np.frombuffer(raw, dtype=np.float64) if ascend else None
    later = previous_same(keys)
    at = np.flatnonzero(later >= 0)
    t1, t0 = t[at], t[later[at]]
    if not bool(np.all(t0 <= t1)):
        return None
    same = np.isfinite(t1) & np.isfinite(t0)
    if has_key is not None:
        same &= has_key[at]
    dt = t1[same] - t0[same]  # (finite ones only: inf - inf would warn)
    return np.asarray(dt[dt > 0], dtype=np.float64)


def first_in_key_order(keys: U64, k: int) -> npt.NDArray[np.intp]:
    """``np.argsort(keys, kind="stable")[:k]``: the first ``k`` positions in key order.

    Every position whose key is at most the ``k``-th smallest key comes first in that order
    (ties in position order), so a stable sort of those alone gives the same head. A key at
    least that large is found from a sample of the keys (a full partition if the sample's
    guess leaves fewer than ``k``). The stable sorts are radix sorts (:func:`order_u64`).

    >>> keys = np.array([9, 2, 7, 2, 5, 1], dtype=np.uint64)
    >>> first_in_key_order(keys, 3).tolist()
    [5, 1, 3]
    """
    n = len(keys)
    if n <= 4 * k:
        return order_u64(keys)[:k]
    step = n // (4 * k)
    sample = keys[::step]
    # about 1.5k keys lie at or below the sample's (1.5k / step)-th smallest: fewer than k
    # only when the sample's estimate is a third too low (on a batch of hashes, k = 4096,
    # about seven standard deviations)
    at = min(len(sample) - 1, (3 * k) // (2 * step))
    limit = np.partition(sample, at)[at]
    chosen = np.flatnonzero(keys <= limit)
    if len(chosen) < k:
        limit = np.partition(keys, k - 1)[k - 1]
        chosen = np.flatnonzero(keys <= limit)
    return chosen[order_u64(keys[chosen])][:k]


def sortable_u64(values: npt.NDArray[np.float64]) -> U64:
    """64-bit keys in the order numpy sorts ``values`` (equal values get equal keys).

    An IEEE double's bits, sign bit flipped for positives and every bit for negatives, rise
    with its value; -0.0 becomes 0.0 and every NaN one NaN, which sorts last, as numpy puts
    them. A stable sort of the keys is then the stable sort of the values.

    >>> v = np.array([3.5, -np.inf, np.nan, -0.0, 0.0, -2.0, np.inf, -np.nan])
    >>> np.argsort(sortable_u64(v), kind="stable").tolist() == np.argsort(v, kind="stable").tolist()
    True
    """
    canonical = np.where(np.isnan(values), np.nan, values + 0.0)  # -0.0 + 0.0 is 0.0
    bits = canonical.view(np.uint64)
    negative = (bits >> np.uint64(63)).astype(bool)
    return np.where(negative, ~bits, bits | np.uint64(1 << 63))
