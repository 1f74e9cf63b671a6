"""Distinct counting: exact (64-bit hashes in numpy) while small, a mergeable HLL sketch beyond.

Values are hashed in bulk (FNV-1a over the Arrow bytes, then a SplitMix64 finaliser; in the
native kernel when it is built, else in numpy: the same hashes), so counting costs no Python
work per row while the count is exact. Beyond
``limit`` distinct values the hashes feed an Apache DataSketches HLL sketch, which merges
across batches, files and processes and serialises compactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import datasketches
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from carborder.scan.detectors.native import kernel as _native

__all__ = [
    "EXACT_LIMIT",
    "LG_K",
    "RADIX_MAX",
    "DistinctCounter",
    "hash64",
    "hash64_aligned",
    "hash64_cached",
    "order_u64",
    "sort_u64",
    "sorted_unique",
    "union_sorted",
]

#: Distinct values counted exactly before the sketch: as 8-byte hashes in a table kept between
#: three eighths and three quarters full (the native kernel), 43-85 MiB at the limit; as a
#: sorted array (its numpy twin), 32 MiB.
EXACT_LIMIT = 1 << 22
#: HLL log2(k); lg_k=14 gives a relative standard error of about 0.8 %, well inside 2 %.
LG_K = 14
_HLL_TYPE = datasketches.tgt_hll_type.HLL_8
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
U64 = npt.NDArray[np.uint64]
#: Longer values are hashed on this prefix plus their length (identifiers are far shorter).
_MAX_HASH_BYTES = 256


#: Below this many keys numpy's comparison sort costs no more than the native radix passes.
_RADIX_MIN = 4096
#: Above this many keys numpy sorts: the radix passes need scratch copies (a second key
#: buffer, and for an argsort two more), numpy's sort about one. The largest sorts come
#: from the largest scans, where memory is tightest: on the 5 GB benchmark file, radix sorts
#: of every size raised the peak from 1480 to 1612 MB. Up to this size (32 MiB of keys) the
#: scratch is small beside the sets being sorted, and the 5 M-row benchmark's sorts (2 M
#: keys at most) all stay below it.
RADIX_MAX = 1 << 22


def sort_u64(keys: U64) -> U64:
    """``np.sort(keys)`` for 64-bit keys (hashes), by radix in the native kernel when built.

    Counting people and distinct values sorts millions of 64-bit hashes; numpy's comparison
    sort measured about 3x slower here than eight 8-bit radix passes.

    >>> sort_u64(np.array([7, 1 << 40, 3], dtype=np.uint64)).tolist()
    [3, 7, 1099511627776]
    """
    if _native is None or not _RADIX_MIN <= len(keys) <= RADIX_MAX:
        return np.sort(keys)
    raw = _native.sort_u64(np.ascontiguousarray(keys, dtype=np.uint64))
    return np.frombuffer(raw, dtype=np.uint64)


def order_u64(keys: U64) -> npt.NDArray[np.intp]:
    """``np.argsort(keys, kind="stable")`` for 64-bit keys, by radix.

    The native kernel sorts by eight 8-bit digits (with the key carried along, and digits
    all keys share skipped). Without it, numpy sorts 16-bit keys stably by radix (linear
    time) but 64-bit ones by merging: four stable passes from the lowest 16 bits up give the
    same permutation (an LSD radix sort) in under half the time on a batch of hashes. Above
    :data:`RADIX_MAX` keys numpy's own sort runs (less scratch memory).

    >>> k = np.array([7, 1 << 40, 7, 3, (1 << 63) + 5, 3], dtype=np.uint64)
    >>> order_u64(k).tolist() == np.argsort(k, kind="stable").tolist()
    True
    """
    if not _RADIX_MIN <= len(keys) <= RADIX_MAX:
        return np.argsort(keys, kind="stable")
    if _native is not None:
        raw = _native.order_u64(np.ascontiguousarray(keys, dtype=np.uint64))
        return np.frombuffer(raw, dtype=np.intp)
    mask = np.uint64(0xFFFF)
    order = np.argsort((keys & mask).astype(np.uint16), kind="stable")
    for shift in (16, 32, 48):
        digit = ((keys[order] >> np.uint64(shift)) & mask).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
    return order


def sorted_unique(x: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Sorted distinct values via sort + neighbour compare.

    numpy 2's hash-based ``np.unique`` is two orders of magnitude slower than sorting for
    large integer arrays, and counting people is mostly this operation.

    >>> sorted_unique(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    if len(x) == 0:
        return x
    if x.dtype == np.uint64:
        a = sort_u64(x)
    else:
        a = np.sort(x, kind="stable" if x.dtype.kind not in "iu" else None)
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def _ascending(x: npt.NDArray[Any]) -> bool:
    return len(x) < 2 or bool(np.all(x[1:] >= x[:-1]))


def union_sorted(parts: list[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """Sorted distinct values of all ``parts``, re-using the order of parts already sorted.

    Counting keeps a sorted set and adds batches to it: sorting only what is new and then
    merging the runs (a stable sort of sorted runs is a linear merge) costs far less than
    sorting everything again at every compaction.

    >>> union_sorted([np.array([1, 3, 5]), np.array([4, 3, 9])]).tolist()
    [1, 3, 4, 5, 9]
    """
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    if _native is not None and parts[0].dtype == np.uint64:
        full = [p for p in parts if len(p)]
        if not full:
            return parts[0][:0]
        # the largest part (the set kept so far) is merged once with the rest, sorted
        # together: one pass over the large set instead of a copy, a sort and a filter
        big = max(full, key=len)
        rest = [p for p in full if p is not big]
        if not _ascending(big):
            big = sort_u64(big)
        if len(rest) == 1 and _ascending(rest[0]):
            more = rest[0]
        else:
            more = sort_u64(np.concatenate(rest)) if rest else big[:0]
        return np.frombuffer(_native.merge_unique(big, more), dtype=np.uint64)
    runs = [p if _ascending(p) else np.sort(p) for p in parts if len(p)]
    if not runs:
        return parts[0][:0]
    a = runs[0] if len(runs) == 1 else np.sort(np.concatenate(runs), kind="stable")
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a if keep.all() else a[keep]


def _mix(h: U64) -> U64:
    # SplitMix64 finaliser: spreads FNV's weak high bits so HLL registers fill evenly.
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return np.asarray(h ^ (h >> np.uint64(31)), dtype=np.uint64)


def hash64(arr: pa.Array | pa.ChunkedArray) -> U64:
    """64-bit hashes of the non-null values of a string array (stable across processes).

    >>> a = hash64(pa.array(["13800138000", None, "13800138000", "x"]))
    >>> len(a), bool(a[0] == a[1]), bool(a[0] == a[2])
    (3, True, False)
    """
    h, valid = hash64_aligned(arr)
    return h[valid]


def hash64_aligned(arr: pa.Array | pa.ChunkedArray) -> tuple[U64, npt.NDArray[np.bool_]]:
    """Hashes aligned with the rows (0 where null) and the validity mask.

    Values are hashed 8 bytes at a time (zero-padded), FNV-style, then finalised; fixed-width
    columns (the usual identifier column) skip the padding gather. Both paths agree.

    >>> h, ok = hash64_aligned(pa.array(["ab", None, "abc"]))
    >>> ok.tolist(), bool(h[0] != h[2])
    ([True, False, True], True)
    >>> bool(hash64_aligned(pa.array(["abc", "x"]))[0][0] == hash64_aligned(pa.array(["abc"]))[0][0])
    True
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    n = len(arr)
    if arr.null_count == 0:
        valid = np.ones(n, dtype=bool)
    else:
        valid = np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    if n and valid.all():
        return _hash_dense(arr), valid  # no nulls: the hashes are already aligned
    out = np.zeros(n, dtype=np.uint64)
    if valid.any():
        out[valid] = _hash_dense(arr.filter(pa.array(valid)))
    return out, valid


def hash64_cached(
    arr: pa.Array | pa.ChunkedArray, cache: dict[str, Any] | None
) -> tuple[U64, npt.NDArray[np.bool_]]:
    """:func:`hash64_aligned`, remembered in ``cache`` for the same Arrow buffers.

    Detectors of one batch share a cache, so a column two of them hash (a VIN that is both
    an identifier and a track key) is hashed once. Callers must not modify the arrays.

    >>> cache: dict[str, Any] = {}
    >>> a = pa.array(["x", None])
    >>> hash64_cached(a, cache)[0] is hash64_cached(a, cache)[0]
    True
    """
    if cache is None or isinstance(arr, pa.ChunkedArray):
        return hash64_aligned(arr)
    key = "hash64:" + repr(
        (arr.type, len(arr), arr.offset, tuple(b.address if b else 0 for b in arr.buffers()))
    )
    got = cache.get(key)
    if got is None:
        # the array stays referenced with its hashes, so its buffers (the key) cannot be
        # freed and reused by another array while the cache lives
        got = cache[key] = (arr, *hash64_aligned(arr))
    return got[1], got[2]


def _hash_dense(arr: pa.Array) -> U64:
    n = len(arr)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + n + 1].astype(np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    if _native is not None and n:
        return np.frombuffer(_native.hash64(offs, data, _MAX_HASH_BYTES), dtype=np.uint64)
    h = np.full(n, _FNV_OFFSET, dtype=np.uint64)
    starts = offs[:-1]
    lens = offs[1:] - starts
    with np.errstate(over="ignore"):
        if lens.min() == lens.max():
            width = int(lens[0])
            words = -(-width // 8)
            mat = np.zeros((n, words * 8), dtype=np.uint8)
            if width:
                mat[:, :width] = data[int(offs[0]) : int(offs[0]) + n * width].reshape(n, width)
        else:
            # same words as the fixed-width path: bytes zero-padded to a multiple of 8
            width = min(int(lens.max(initial=0)), _MAX_HASH_BYTES)
            words = -(-width // 8)
            cols = np.arange(words * 8)
            idx = starts[:, None] + cols
            inside = cols < np.minimum(lens, _MAX_HASH_BYTES)[:, None]
            src = data if len(data) else np.zeros(1, np.uint8)
            mat = np.where(inside, src[np.clip(idx, 0, len(src) - 1)], 0).astype(np.uint8)
        w64 = mat.view("<u8")
        fixed = lens.min() == lens.max() and int(lens[0]) <= _MAX_HASH_BYTES
        row_words = -(-np.minimum(lens, _MAX_HASH_BYTES) // 8)
        for k in range(words):
            # a row mixes only its own words, so padding never changes a value's hash (of
            # equal-width values every row has every word: no per-row choice to make)
            h = (
                (h ^ w64[:, k]) * _FNV_PRIME
                if fixed
                else np.where(k < row_words, (h ^ w64[:, k]) * _FNV_PRIME, h)
            )
        h = (h ^ lens.astype(np.uint64)) * _FNV_PRIME
        return _mix(h)


class _DistinctHashes:
    """Distinct 64-bit hashes: an open-addressing table in the native kernel, else sorted runs.

    Hashes arrive in batches with many repeats (a VIN column: every row, a million distinct
    in five million). They wait as they came (a batch's own counter never builds a table)
    until they outgrow what is kept, or the set is read; then they are folded in. With the
    kernel, folding costs one probe per hash into a table kept at most three quarters full
    (about 8 ns a hash here), where the sorted twin pays a share of a radix sort and of every
    later merge (about 30 ns a hash on the 5 M-row benchmark). Both give the same distinct
    set; :meth:`sorted` is the same array either way (and so is the counter's serialisation).
    """

    __slots__ = ("_filled", "_pending", "_sorted", "_table", "_zero")

    #: Smallest table (slots): tables double from here as they fill.
    _MIN_SLOTS = 1 << 10

    def __init__(self) -> None:
        #: native: the table (0 marks an empty slot), its key count, whether hash 0 was seen
        self._table: U64 | None = None
        self._filled = 0
        self._zero = False
        #: numpy twin: the distinct hashes so far, ascending
        self._sorted: U64 = np.empty(0, dtype=np.uint64)
        self._pending: list[U64] = []

    @classmethod
    def of_sorted(cls, keys: U64) -> _DistinctHashes:
        """The set of ``keys`` (ascending, distinct: a serialised set)."""
        out = cls()
        if _native is None:
            out._sorted = keys
        else:
            out._insert(keys)
        return out

    def add(self, hashes: U64) -> None:
        """Add hashes (repeats allowed); they are folded in once they outgrow the set."""
        if len(hashes):
            self._pending.append(hashes)
            if sum(len(p) for p in self._pending) > max(self._held(), 1 << 20):
                self._fold()

    def absorb(self, other: _DistinctHashes) -> None:
        """Add everything ``other`` holds (``other`` is consumed: its arrays may be reused)."""
        if other._table is not None:
            self.add(other._table[other._table != 0])
            self._zero |= other._zero
        if len(other._sorted):
            self.add(other._sorted)
        for p in other._pending:
            self.add(p)

    def __len__(self) -> int:
        self._fold()
        return self._held()

    def sorted(self) -> U64:
        """The distinct hashes, ascending."""
        self._fold()
        if _native is None:
            return self._sorted
        table = self._table
        keys = np.empty(0, dtype=np.uint64) if table is None else table[table != 0]
        if self._zero:
            keys = np.concatenate([np.zeros(1, dtype=np.uint64), keys])
        return sort_u64(keys)

    def _held(self) -> int:
        if _native is None:
            return len(self._sorted)
        return self._filled + int(self._zero)

    def _fold(self) -> None:
        pending, self._pending = self._pending, []
        if _native is None:
            if pending:
                self._sorted = union_sorted([self._sorted, *pending])
            return
        for p in pending:
            self._insert(p)

    def _insert(self, keys: U64) -> None:
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        i = 0
        while i < len(keys):
            table = self._table
            cap = 0 if table is None else len(table)
            room = cap * 3 // 4 - self._filled
            if table is None or room < min(len(keys) - i, cap // 4):
                # doubling: a key is re-inserted about once over all growths, and a table
                # never outgrows twice its distinct keys however many repeats arrive
                self._grow(max(2 * cap, self._MIN_SLOTS))
                continue
            part = keys[i : i + room]
            new, zero = _native.set_insert(table, part, self._filled)  # type: ignore[union-attr]
            self._filled += new
            self._zero |= zero
            i += len(part)

    def _grow(self, slots: int) -> None:
        old = self._table
        self._table, self._filled = np.zeros(slots, dtype=np.uint64), 0
        if old is not None:
            # the old table goes in as it is: the insert skips its empty slots (zeros), so
            # no compacted copy of its keys is made (its "zero seen" answer is meaningless
            # here and ignored: hash 0 is kept aside in ``_zero``)
            new, _ = _native.set_insert(self._table, old, 0)  # type: ignore[union-attr]
            self._filled = new


class DistinctCounter:
    """Count distinct strings: exact hash set up to ``limit``, then an HLL sketch.

    Counters merge across batches, files and processes, and pickle through compact bytes,
    so process pools and Ray can ship them.

    >>> a, b = DistinctCounter(), DistinctCounter()
    >>> a.update(["x", "y"]); b.update(["y", "z"])
    >>> a.merge(b).estimate()
    3
    >>> a.exact
    True
    """

    __slots__ = ("_hll", "_set", "lg_k", "limit")

    def __init__(self, *, limit: int = EXACT_LIMIT, lg_k: int = LG_K) -> None:
        self.limit = limit
        self.lg_k = lg_k
        self._set: _DistinctHashes | None = _DistinctHashes()
        self._hll: Any = None

    @property
    def exact(self) -> bool:
        """True while the count is exact."""
        self._compact()
        return self._set is not None

    def _compact(self) -> None:
        if self._set is not None and len(self._set) > self.limit:
            self._to_sketch()

    def _to_sketch(self) -> None:
        hll = datasketches.hll_sketch(self.lg_k, _HLL_TYPE)
        if self._set is not None:
            for v in self._set.sorted().view(np.int64).tolist():
                hll.update(v)
        self._hll = hll
        self._set = None

    def update_hashes(self, hashes: U64) -> None:
        """Add pre-computed :func:`hash64` values."""
        if len(hashes) == 0:
            return
        if self._set is not None:
            self._set.add(hashes)
            return
        hll = self._hll
        for v in sorted_unique(hashes).view(np.int64).tolist():
            hll.update(v)

    def update_arrow(self, arr: pa.Array | pa.ChunkedArray) -> None:
        """Add the non-null values of a string array."""
        self.update_hashes(hash64(arr))

    def update(self, values: Iterable[str]) -> None:
        """Add Python strings (same hashing as :meth:`update_arrow`)."""
        self.update_arrow(pa.array(list(values), type=pa.string()))

    def merge(self, other: DistinctCounter) -> DistinctCounter:
        """Return a counter for the union of both inputs.

        Merging consumes its operands (the result may reuse ``self``'s storage), which keeps
        folding many small batch counters into one linear rather than quadratic.
        """
        if self._set is not None and other._set is not None and self.lg_k == other.lg_k:
            self._set.absorb(other._set)
            return self
        self._compact()
        other._compact()
        out = DistinctCounter(limit=self.limit, lg_k=min(self.lg_k, other.lg_k))
        if self._set is not None and other._set is not None:
            self._set.absorb(other._set)
            out._set = self._set
            out._compact()
            return out
        union = datasketches.hll_union(out.lg_k)
        for part in (self, other):
            if part._set is not None:
                tmp = DistinctCounter(limit=0, lg_k=out.lg_k)
                tmp._set = part._set
                tmp._to_sketch()
                union.update(tmp._hll)
            else:
                union.update(part._hll)
        out._set = None
        out._hll = union.get_result(_HLL_TYPE)
        return out

    def estimate(self) -> int:
        """Distinct count (exact while small, else the rounded HLL estimate)."""
        self._compact()
        if self._set is not None:
            return len(self._set)
        return round(float(self._hll.get_estimate()))

    def relative_error(self) -> float:
        """Approximate relative standard error: 0 while exact.

        >>> DistinctCounter().relative_error()
        0.0
        """
        if self.exact:
            return 0.0
        return 1.04 / math.sqrt(1 << self.lg_k)

    def to_bytes(self) -> bytes:
        """Serialise: ``S`` + the sorted hashes while exact, else ``H`` + compact HLL bytes."""
        self._compact()
        if self._set is not None:
            return b"S" + self._set.sorted().astype("<u8").tobytes()
        return b"H" + bytes(self._hll.serialize_compact())

    @classmethod
    def from_bytes(
        cls, data: bytes, *, limit: int = EXACT_LIMIT, lg_k: int = LG_K
    ) -> DistinctCounter:
        """Inverse of :meth:`to_bytes`.

        >>> c = DistinctCounter(); c.update(["a", "b"])
        >>> DistinctCounter.from_bytes(c.to_bytes()).estimate()
        2
        """
        out = cls(limit=limit, lg_k=lg_k)
        if data[:1] == b"S":
            out._set = _DistinctHashes.of_sorted(
                np.frombuffer(data[1:], dtype="<u8").astype(np.uint64)
            )
        else:
            out._set = None
            out._hll = datasketches.hll_sketch.deserialize(data[1:])
            out.lg_k = int(out._hll.lg_config_k)
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"limit": self.limit, "lg_k": self.lg_k, "data": self.to_bytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        other = DistinctCounter.from_bytes(state["data"], limit=state["limit"], lg_k=state["lg_k"])
        self.limit, self.lg_k = other.limit, other.lg_k
        self._set, self._hll = other._set, other._hll
