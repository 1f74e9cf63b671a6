"""Position facts that depend on the coordinate values only, never on file layout.

* **Resolution**: the finest step the values are written with (decimal places, or the
  quantisation of float32 storage), from a histogram of decimal places over a sample chosen
  by the values themselves, so the same coordinates give the same figure in any file, batch
  size or column order.
* **Stated accuracy**: what the data says about itself (accuracy or HDOP columns), as the
  median of counts per value (exact up to :data:`EXACT_ACCURACIES` distinct values, then per
  bin within 0.39 %), which merge by adding: no randomised sketch, the same figure every run.
* **Coverage**: cells of a fixed latitude/longitude grid (2⁻⁷° ≈ 0.87 km), coarsened one
  level at a time while a scan holds more than :data:`MAX_CELLS` cells; the final level
  depends only on the set of points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from carborder.scan.detectors.native import kernel as _native
from carborder.scan.sketch import order_u64, union_sorted

__all__ = [
    "EXACT_ACCURACIES",
    "HDOP_UERE_M",
    "MAX_CELLS",
    "METRES_PER_DEGREE",
    "AccuracyCounts",
    "CoverageGrid",
    "DecimalHistogram",
    "Ends",
    "cell_marks",
    "extremes",
    "float32_spacings",
    "sample_candidates",
    "value_candidates",
    "value_sample",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
Mask = npt.NDArray[np.bool_]
#: Smallest and largest latitude, smallest and largest longitude (NaN if any is NaN).
Ends = tuple[float, float, float, float]

#: Length of one degree of latitude (WGS-84 mean).
METRES_PER_DEGREE = 111_320.0
#: User-equivalent range error of a single-frequency GNSS receiver: horizontal accuracy is
#: about HDOP times this (an engineering convention, stated with the figure it produces).
HDOP_UERE_M = 5.0
#: Grid level (cells of 2^-level degrees) coverage starts at.
START_LEVEL = 7
#: Cells kept before coverage coarsens by one level.
MAX_CELLS = 1 << 16
#: Largest bounding box, in cells, whose distinct cells are found with a bitmap (16 MB).
_DENSE_CELLS = 1 << 24
#: Distinct coordinate values (chosen by value) whose decimals are counted.
SAMPLE_VALUES = 1 << 12
#: Decimal places told apart (more are written as "10+": binary floats, not decimals).
MAX_DECIMALS = 10
#: Share of sampled values that must use a number of decimals for it to count as used
#: (trailing zeros make a few 6-decimal values look like 5 or 4 decimals).
_MIN_SHARE = 0.01


def _value_hash(values: F64) -> npt.NDArray[np.uint64]:
    h = values.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return np.asarray(h ^ (h >> np.uint64(29)), dtype=np.uint64)


def value_sample(
    values: F64, k: int = SAMPLE_VALUES, more: F64 | None = None
) -> tuple[npt.NDArray[np.uint64], F64]:
    """The ``k`` distinct finite values with the smallest hashes, and their hashes.

    Chosen by the values alone (a bottom-k sample), so the same coordinates give the same
    sample in any order, batch size or file layout, and samples merge. ``more``: values
    sampled with ``values`` as if the two were one array (latitudes and longitudes, not
    concatenated).

    >>> v = np.linspace(0, 1, 9999)
    >>> a, b = value_sample(v, 64)[1], value_sample(v[::-1], 64)[1]
    >>> bool(np.array_equal(a, b)), len(a)
    (True, 64)
    >>> bool(np.array_equal(value_sample(v[:99], 64, v[99:])[1], a))
    True
    """
    more = values[:0] if more is None else more
    # (any cut gives the same sample: the k smallest distinct hashes lie below any bound
    # under which k distinct ones lie, and fewer than k falls back to all distinct values)
    h, v = value_candidates(values, more, 4 * k)
    got = _bottom_k(h, v, k, 2 * k) if len(h) > 4 * k else None
    got = got if got is not None else _bottom_k_sorted(h, v, k)
    if len(got[0]) < k and len(h) < sum(np.count_nonzero(np.isfinite(x)) for x in (values, more)):
        # the candidates were cut on a count of rows, not of distinct values: a few values
        # repeated many times can fill the cut while other values hold smaller hashes than
        # theirs. Fewer than k distinct candidates means the batch may hold few distinct
        # values: take them all (a hash table, not a sort), and their k smallest hashes.
        got = _bottom_k_sorted(*_distinct_finite(np.concatenate([values, more])), k)
    return got


def value_candidates(a: F64, b: F64, enough: int) -> tuple[npt.NDArray[np.uint64], F64]:
    """The finite values of ``a`` then ``b`` that may hold the smallest hashes, with hashes.

    With more than ``enough`` finite values, those whose hash lies below the smallest
    multiple of 2^52, up to 2^60, that keeps at least ``enough`` (a finer cut than
    :func:`sample_candidates`: fewer candidates to partition); otherwise, or when 2^60 keeps
    fewer, every finite value. The native kernel hashes, counts and keeps in one pass over
    both arrays; the numpy twin counts the top 12 hash bits of the two concatenated.

    >>> h, v = value_candidates(np.array([1.5, np.nan]), np.array([2.5, np.inf]), 4)
    >>> v.tolist(), bool(np.array_equal(h, _value_hash(v)))
    ([1.5, 2.5], True)
    """
    if _native is not None:
        raw_h, raw_v = _native.value_candidates(
            np.ascontiguousarray(a, dtype=np.float64),
            np.ascontiguousarray(b, dtype=np.float64),
            enough,
        )
        return np.frombuffer(raw_h, dtype=np.uint64), np.frombuffer(raw_v, dtype=np.float64)
    values = np.concatenate([np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)])
    finite = np.isfinite(values)
    h = _value_hash(values)
    keep = finite
    if int(finite.sum()) > enough:
        top = h >> np.uint64(52)
        hist = np.bincount(top[finite & (top < 256)].astype(np.intp), minlength=256)
        at = np.flatnonzero(np.cumsum(hist) >= enough)
        if len(at):
            keep = finite & (top <= at[0])
    idx = np.flatnonzero(keep)
    return h[idx], values[idx]


def _distinct_finite(values: F64) -> tuple[npt.NDArray[np.uint64], F64]:
    """The distinct finite values (told apart by their bits, as the hash does) and hashes.

    >>> _distinct_finite(np.array([2.5, np.nan, 2.5, -0.0, 0.0]))[1].tolist()
    [2.5, -0.0, 0.0]
    """
    finite = values[np.isfinite(values)]
    bits = pc.unique(pa.array(finite.view(np.uint64))).to_numpy(zero_copy_only=False)
    uniq = np.asarray(bits, dtype=np.uint64).view(np.float64)
    return _value_hash(uniq), uniq


def sample_candidates(values: F64, enough: int) -> tuple[npt.NDArray[np.uint64], F64]:
    """The finite values that may hold the smallest hashes, with their hashes, in order.

    With more than ``enough`` finite values, only those whose hash has its top 12, 8 or 4
    bits zero are kept (the first of these that keeps ``enough``); otherwise every finite
    value. The native kernel hashes and counts in one pass and keeps in a second; the numpy
    twin counts the top bits in one histogram.

    >>> h, v = sample_candidates(np.array([1.5, np.nan, 2.5, np.inf]), 4)
    >>> v.tolist(), bool(np.array_equal(h, _value_hash(v)))
    ([1.5, 2.5], True)
    """
    if _native is not None:
        raw_h, raw_v = _native.sample_candidates(
            np.ascontiguousarray(values, dtype=np.float64), enough
        )
        return np.frombuffer(raw_h, dtype=np.uint64), np.frombuffer(raw_v, dtype=np.float64)
    finite = np.isfinite(values)
    every = bool(finite.all())
    h = _value_hash(values)
    n = len(values) if every else int(finite.sum())
    keep = None if every else finite
    if n > enough:
        # most values cannot be among the k smallest hashes: keep those whose top 4, 8 or
        # 12 bits are zero (the first that leaves enough of them), counted in one histogram
        top = (h >> np.uint64(52)).astype(np.uint16)
        hist = np.bincount(top if every else top[finite], minlength=4096)
        for shift in (52, 56, 60):
            below = 1 << (shift - 52)
            if int(hist[:below].sum()) >= enough:
                keep = top < below if every else finite & (top < below)
                break
    if keep is not None:
        idx = np.flatnonzero(keep)
        values, h = values[idx], h[idx]
    return h, values


def _bottom_k_sorted(
    h: npt.NDArray[np.uint64], v: F64, k: int
) -> tuple[npt.NDArray[np.uint64], F64]:
    # the stable argsort, by radix: candidates in row order, 2.7x faster than numpy's
    order = order_u64(h)
    h, v = h[order], v[order]
    first = np.ones(len(h), dtype=bool)
    first[1:] = h[1:] != h[:-1]
    return h[first][:k], v[first][:k]


def _bottom_k(
    h: npt.NDArray[np.uint64], v: F64, k: int, m: int
) -> tuple[npt.NDArray[np.uint64], F64] | None:
    """The ``k`` smallest distinct hashes from the ``m + 1`` smallest (a partition, not a sort).

    Equal hashes are equal values (the hash is a bijection of the bits), so the result is the
    sorted one's; ``None`` when those hold fewer than ``k`` distinct hashes.

    >>> h = np.array([9, 3, 3, 7, 1, 8], dtype=np.uint64); v = h.astype(np.float64)
    >>> _bottom_k(h, v, 2, 3)[0].tolist(), _bottom_k(h, v, 4, 2)
    ([1, 3], None)
    """
    limit = np.partition(h, m)[m]
    idx = np.flatnonzero(h <= limit)
    got = _bottom_k_sorted(h[idx], v[idx], k)
    return got if len(got[0]) >= k else None


def _decimals(values: F64) -> I64:
    """Decimal places each value is written with (MAX_DECIMALS for "more than 9").

    >>> _decimals(np.array([39.98, 116.319236, 40.0, 1 / 3])).tolist()
    [2, 6, 0, 10]
    """
    out = np.full(len(values), MAX_DECIMALS, dtype=np.int64)
    todo = np.ones(len(values), dtype=bool)
    for d in range(MAX_DECIMALS):
        scaled = values * 10.0**d
        near = np.abs(scaled - np.round(scaled)) <= 1e-6 + 1e-14 * np.abs(scaled)
        hit = todo & near
        out[hit] = d
        todo &= ~hit
        if not todo.any():
            break
    return out


@dataclass
class DecimalHistogram:
    """Decimal places of a value-chosen sample of distinct coordinate values (mergeable)."""

    hashes: npt.NDArray[np.uint64] = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    values: F64 = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    #: float32 latitudes by storage spacing (:func:`float32_spacings`), counts that add
    spacings: I64 = field(default_factory=lambda: np.zeros(_SPACINGS, dtype=np.int64))
    #: finest step of integer-coded coordinates (e.g. micro-degrees), in degrees
    scaled_deg: float = math.inf

    @property
    def counts(self) -> I64:
        """How many sampled distinct values use each number of decimals (0..10+)."""
        return np.bincount(_decimals(self.values), minlength=MAX_DECIMALS + 1).astype(np.int64)

    def add(self, values: F64, more: F64 | None = None, *, spacings: I64 | None = None) -> None:
        """Sample ``values`` (and ``more``, as one array) and add float32 spacings if any."""
        h, v = value_sample(values, SAMPLE_VALUES, more)
        self._keep(np.concatenate([self.hashes, h]), np.concatenate([self.values, v]))
        if spacings is not None:
            self.spacings = self.spacings + spacings

    def _keep(self, h: npt.NDArray[np.uint64], v: F64) -> None:
        # (two ascending runs: numpy's stable sort merges them, faster than a radix sort)
        order = np.argsort(h, kind="stable")
        h, v = h[order], v[order]
        first = np.ones(len(h), dtype=bool)
        first[1:] = h[1:] != h[:-1]
        self.hashes, self.values = h[first][:SAMPLE_VALUES], v[first][:SAMPLE_VALUES]

    def add_scaled(self, step_deg: float) -> None:
        """Record integer-coded coordinates: their unit is their resolution."""
        self.scaled_deg = min(self.scaled_deg, step_deg)

    def merge(self, other: DecimalHistogram) -> DecimalHistogram:
        """Both samples together."""
        out = DecimalHistogram(
            spacings=self.spacings + other.spacings,
            scaled_deg=min(self.scaled_deg, other.scaled_deg),
        )
        out._keep(
            np.concatenate([self.hashes, other.hashes]), np.concatenate([self.values, other.values])
        )
        return out

    def resolution_m(self) -> float | None:
        """Ground resolution of the values in metres (None without values).

        >>> h = DecimalHistogram(); h.add(np.round(np.random.default_rng(1).uniform(30, 40, 9000), 6))
        >>> h.resolution_m()
        0.11132
        """
        counts = self.counts
        total = int(counts.sum())
        scaled = self.scaled_deg * METRES_PER_DEGREE
        if total == 0:
            return round(scaled, 6) if math.isfinite(scaled) else None
        used = np.flatnonzero(counts / total >= _MIN_SHARE)
        finest = int(used.max()) if len(used) else MAX_DECIMALS
        if finest < MAX_DECIMALS:
            step_deg = 10.0**-finest
        else:
            # binary floats (more than 9 decimals): the storage quantum is the resolution
            quantum = _median_spacing(self.spacings)
            step_deg = quantum if quantum is not None else 1e-10
        return round(min(step_deg * METRES_PER_DEGREE, scaled), 6)


#: float32 spacings are powers of two, 2^-149 (subnormals) to 2^104: one count each.
_SPACINGS = 256
_SPACING_MIN_EXP = -149


def float32_spacings(values: F64) -> I64:
    """How many finite values have each float32 storage spacing (index: log2 spacing + 149).

    Counts add, so the median spacing of a scan (:func:`_median_spacing`) is that of all its
    values, whatever batches they came in (a median per batch would not merge).

    >>> c = float32_spacings(np.array([40.0, 116.0, np.nan]))
    >>> [(i + _SPACING_MIN_EXP, int(n)) for i, n in enumerate(c) if n]
    [(-18, 1), (-17, 1)]
    """
    finite = np.abs(values[np.isfinite(values)]).astype(np.float32)
    # a spacing 2^e is 0.5 * 2^(e + 1): frexp's exponent, less one, is e
    exps = np.frexp(np.spacing(finite))[1].astype(np.int64) - 1 - _SPACING_MIN_EXP
    return np.bincount(exps, minlength=_SPACINGS).astype(np.int64)


def _median_spacing(counts: I64) -> float | None:
    """``np.median`` of the spacings :func:`float32_spacings` counted, in degrees.

    >>> round(_median_spacing(float32_spacings(np.array([40.0, 116.0]))) * METRES_PER_DEGREE, 2)
    0.64
    """
    total = int(counts.sum())
    if total == 0:
        return None
    ends = np.cumsum(counts)
    # the two middle values of the sorted spacings (the same one when the count is odd)
    lo, hi = (int(np.searchsorted(ends, r, side="right")) for r in ((total - 1) // 2, total // 2))
    return (2.0 ** (lo + _SPACING_MIN_EXP) + 2.0 ** (hi + _SPACING_MIN_EXP)) / 2


#: Distinct stated accuracies counted exactly; past this many, counts per bin.
EXACT_ACCURACIES = 1 << 12
#: Mantissa bits that name an accuracy bin: 2^7 bins per doubling, so a bin's midpoint is
#: within 2^-8 (0.39 %) of any value in it.
_ACCURACY_BIN_BITS = 7
_ACCURACY_SHIFT = np.uint64(52 - _ACCURACY_BIN_BITS)


def _combine(keys: U64, counts: I64) -> tuple[U64, I64]:
    """Equal keys summed, keys ascending."""
    uniq, at = np.unique(keys, return_inverse=True)
    return uniq, np.bincount(at.ravel(), weights=counts, minlength=len(uniq)).astype(np.int64)


@dataclass
class AccuracyCounts:
    """Stated horizontal accuracy in metres: counts of each value, merged by adding.

    Accuracy columns are heavily quantised (HDOP in steps of 0.1), so while a scan has seen
    at most :data:`EXACT_ACCURACIES` distinct values the counts are exact and the median is
    exact. Past that, values are counted per bin of the float's exponent and top
    :data:`_ACCURACY_BIN_BITS` mantissa bits (128 bins per doubling) and the median is its
    bin's midpoint, within 0.39 % of the exact one. Which values fall in a bin, and whether a
    scan is past the limit, depend on the set of values only, and counts add: the figure is
    the same in any batch size, row-group cut, row order or process split, on every run.

    >>> a, b = AccuracyCounts(), AccuracyCounts()
    >>> a.add(np.array([4.5, 4.0, np.nan]), "hdop"); b.add(np.array([6.0, 4.5, 0.0]), "hdop")
    >>> a.merge(b).median_m(), b.merge(a).median_m()
    (4.5, 4.5)
    """

    source: str = ""
    #: positive accuracies as float64 bits (exact) or their bins, ascending
    keys: U64 = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    counts: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    binned: bool = False

    def add(self, metres: F64, source: str) -> None:
        """Add positive finite accuracies (metres)."""
        ok = np.asarray(metres, dtype=np.float64)
        ok = ok[np.isfinite(ok) & (ok > 0)]
        if len(ok) == 0:
            return
        # positive floats order as their bits do; counted by hash, no sort of the batch
        bits = ok.view(np.uint64)
        if self.binned:
            bits = bits >> _ACCURACY_SHIFT
        vc = pc.value_counts(pa.array(bits))
        keys = np.asarray(vc.field("values").to_numpy(zero_copy_only=False), dtype=np.uint64)
        counts = np.asarray(vc.field("counts").to_numpy(zero_copy_only=False), dtype=np.int64)
        other = AccuracyCounts(source, keys, counts, self.binned)
        other._limit()
        merged = self.merge(other)
        self.source, self.keys, self.counts, self.binned = (
            merged.source,
            merged.keys,
            merged.counts,
            merged.binned,
        )

    def merge(self, other: AccuracyCounts) -> AccuracyCounts:
        """Both counts together (binned if either is, or if their union is past the limit)."""
        sources = [s for s in (self.source, other.source) if s]
        # the first name in order, not the first seen: merges in any order agree
        out = AccuracyCounts(min(sources) if sources else "", binned=self.binned or other.binned)
        keys = [x._keys_as(out.binned) for x in (self, other)]
        out.keys, out.counts = _combine(
            np.concatenate(keys), np.concatenate([self.counts, other.counts])
        )
        out._limit()
        return out

    def _keys_as(self, binned: bool) -> U64:
        return self.keys >> _ACCURACY_SHIFT if binned and not self.binned else self.keys

    def _limit(self) -> None:
        if not self.binned and len(self.keys) > EXACT_ACCURACIES:
            self.keys, self.counts = _combine(self.keys >> _ACCURACY_SHIFT, self.counts)
            self.binned = True

    def median_m(self) -> float | None:
        """Median stated accuracy (the lower median), or None when the data states none.

        >>> a = AccuracyCounts(); a.add(np.arange(1.0, 10_001.0), "acc")
        >>> a.binned, a.median_m(), abs(a.median_m() - 5000) / 5000 < 2**-8
        (True, 5008.0, True)
        """
        total = int(self.counts.sum())
        if total == 0:
            return None
        # the value of rank ceil(total / 2): an observed value, not a mean of two
        at = int(np.searchsorted(np.cumsum(self.counts), (total + 1) // 2))
        key = self.keys[at : at + 1]
        if not self.binned:
            return round(float(key.view(np.float64)[0]), 3)
        lo = (key << _ACCURACY_SHIFT).view(np.float64)[0]
        hi = ((key + np.uint64(1)) << _ACCURACY_SHIFT).view(np.float64)[0]
        return round(float((lo + hi) / 2), 3)


@dataclass
class CoverageGrid:
    """Cells of a 2^-level degree grid holding at least one point (mergeable)."""

    level: int = START_LEVEL
    keys: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @staticmethod
    def cells(lat: F64, lon: F64, level: int, ends: Ends | None = None) -> I64:
        """Distinct cell keys of the points at ``level`` (``ends``: their :func:`extremes`)."""
        scale = float(1 << level)
        box = _dense_box(lat, lon, scale, ends)
        if box is not None:
            lat0, lon0, _, width = box
            at = np.flatnonzero(cell_marks(lat, lon, scale, box))
            return np.asarray(((at // width + lat0) << 32) | (at % width + lon0), dtype=np.int64)
        ilat = np.floor((lat + 90.0) * scale).astype(np.int64)
        ilon = np.floor((lon + 180.0) * scale).astype(np.int64)
        return _distinct((ilat << 32) | ilon)

    def add(self, lat: F64, lon: F64, ends: Ends | None = None) -> None:
        """Add points (``ends``: their :func:`extremes`, if the caller has them)."""
        level = self.level
        finer = None
        if not len(self.keys) and len(lat) > MAX_CELLS:
            # an empty grid goes straight to the level its points would coarsen it to
            level, finer = _finest_level(lat, lon, level, MAX_CELLS, ends)
        # the next finer level's marks, counted to find the level, hold its cells already
        keys = _coarser_cells(*finer) if finer is not None else self.cells(lat, lon, level, ends)
        self._union(keys, level)

    def merge(self, other: CoverageGrid) -> CoverageGrid:
        """Both grids together, at the coarser level."""
        out = CoverageGrid(self.level, self.keys)
        out._union(other.keys, other.level)
        return out

    def _union(self, keys: I64, level: int) -> None:
        while level > self.level:
            keys, level = _coarsen(keys), level - 1
        while self.level > level:
            self.keys, self.level = _coarsen(self.keys), self.level - 1
        # an empty grid takes the keys as they are (already distinct and ascending)
        self.keys = _union_cells(self.keys, keys) if len(self.keys) else keys
        while len(self.keys) > MAX_CELLS and self.level > 0:
            self.keys, self.level = _coarsen(self.keys), self.level - 1

    def area_km2(self) -> float:
        """Area of the cells, km².

        >>> g = CoverageGrid(); g.add(np.array([39.9]), np.array([116.4]))
        >>> g.area_km2()
        0.58
        """
        if len(self.keys) == 0:
            return 0.0
        step = 1.0 / (1 << self.level)
        lat_mid = ((self.keys >> 32) + 0.5) * step - 90.0
        km = step * METRES_PER_DEGREE / 1000
        # fsum: the exact sum, whatever order the cells are held in
        return round(math.fsum(km * km * np.cos(np.radians(lat_mid))), 3)


def extremes(lat: F64, lon: F64) -> Ends:
    """The points' smallest and largest latitude and longitude (NaN where a value is NaN).

    Taken once per batch: the detector's checks, its bounding box and the grid's boxes at
    every level all come from these four numbers.

    >>> extremes(np.array([39.9, 40.2]), np.array([116.4, 116.1]))
    (39.9, 40.2, 116.1, 116.4)
    """
    return float(lat.min()), float(lat.max()), float(lon.min()), float(lon.max())


def _dense_box(
    lat: F64, lon: F64, scale: float, ends: Ends | None = None
) -> tuple[int, int, int, int] | None:
    """First row and column, rows and columns of the cells the points span at ``scale``.

    The cell of the smallest coordinate is the smallest cell (adding, scaling by a positive
    power of two and flooring never reverse an order), so four extremes give the box without
    a pass per point. None when :func:`_distinct` would not use its bitmap for these cells
    (a point not finite, a box past :data:`_DENSE_CELLS`, rows or columns that do not fit
    the key's 32 bits).

    >>> _dense_box(np.array([39.9, 40.2]), np.array([116.1, 116.4]), 2.0)
    (259, 592, 2, 1)
    """
    if len(lat) == 0:
        return None
    lat_lo, lat_hi, lon_lo, lon_hi = ends if ends is not None else extremes(lat, lon)
    rows = np.floor((np.array([lat_lo, lat_hi]) + 90.0) * scale)
    cols = np.floor((np.array([lon_lo, lon_hi]) + 180.0) * scale)
    if not (np.isfinite(rows).all() and np.isfinite(cols).all()):
        return None
    lat0, lat1, lon0, lon1 = int(rows[0]), int(rows[1]), int(cols[0]), int(cols[1])
    if min(lat0, lon0) < 0 or max(lat1, lon1) >= 1 << 31:
        return None
    height, width = lat1 - lat0 + 1, lon1 - lon0 + 1
    if height * width > _DENSE_CELLS:
        return None
    return lat0, lon0, height, width


def cell_marks(lat: F64, lon: F64, scale: float, box: tuple[int, int, int, int]) -> Mask:
    """Which cells of ``box`` (:func:`_dense_box`) hold a point, row by row.

    The native kernel marks them in one pass over the points; the numpy twin computes each
    point's row and column as :meth:`CoverageGrid.cells` does.

    >>> lat, lon = np.array([39.9, 40.2, 40.1]), np.array([116.1, 116.4, 116.2])
    >>> cell_marks(lat, lon, 2.0, (259, 592, 2, 1)).tolist()
    [True, True]
    """
    lat0, lon0, height, width = box
    if _native is not None:
        lat, lon = (np.ascontiguousarray(x, dtype=np.float64) for x in (lat, lon))
        raw = _native.cell_marks(lat, lon, scale, lat0, lon0, height, width)
        return np.frombuffer(raw, dtype=np.bool_)
    ilat = np.floor((lat + 90.0) * scale).astype(np.int64) - lat0
    ilon = np.floor((lon + 180.0) * scale).astype(np.int64) - lon0
    mark = np.zeros(height * width, dtype=bool)
    mark[ilat * width + ilon] = True
    return mark


def finest_level(lat: F64, lon: F64, start: int, max_cells: int) -> int:
    """The finest level up to ``start`` at which the points fill at most ``max_cells`` cells.

    That is the level coarsening from ``start`` stops at (0 if none), found from the coarse
    end: levels whose bounding box has at most ``max_cells`` cells qualify without counting,
    and only the next finer ones are counted, on small bitmaps. Cells at a level are the
    finer cells shifted (scaling by powers of two is exact), so nothing changes but the
    work.

    >>> lat = np.array([10.0, 10.3, 50.0]); lon = np.array([100.0, 100.3, 20.0])
    >>> finest_level(lat, lon, 7, 2), finest_level(lat, lon, 7, 3)
    (1, 7)
    """
    return _finest_level(lat, lon, start, max_cells)[0]


#: Which cells of a box hold a point (:func:`cell_marks`), and the box.
Marks = tuple[Mask, tuple[int, int, int, int]]


def _finest_level(
    lat: F64, lon: F64, start: int, max_cells: int, ends: Ends | None = None
) -> tuple[int, Marks | None]:
    """:func:`finest_level`, and the marks of the next finer level if they were counted."""
    if len(lat) and ends is None:
        ends = extremes(lat, lon)
    # every point is finite when the extremes are (a NaN makes them NaN)
    if ends is None or not all(math.isfinite(e) for e in ends):
        return _coarsened_level(lat, lon, start, max_cells), None
    scale = float(1 << start)
    lo_lat, hi_lat = (int(np.floor((x + 90.0) * scale)) for x in (ends[0], ends[1]))
    lo_lon, hi_lon = (int(np.floor((x + 180.0) * scale)) for x in (ends[2], ends[3]))
    level = start
    while level > 0:
        k = start - level
        box = ((hi_lat >> k) - (lo_lat >> k) + 1) * ((hi_lon >> k) - (lo_lon >> k) + 1)
        if box <= max_cells:
            break
        level -= 1
    while level < start:
        scale = float(1 << (level + 1))
        dense = _dense_box(lat, lon, scale, ends)
        if dense is None:
            if len(CoverageGrid.cells(lat, lon, level + 1, ends)) > max_cells:
                return level, None
        else:
            marks = cell_marks(lat, lon, scale, dense)
            if int(np.count_nonzero(marks)) > max_cells:
                return level, (marks, dense)
        level += 1
    return level, None


def _coarser_cells(marks: Mask, box: tuple[int, int, int, int]) -> I64:
    """The cell keys one level coarser than the marked cells of ``box``, ascending.

    A cell's row and column one level coarser are its own halved (the finer grid's rows 2r
    and 2r + 1 make row r), so the box is padded to whole pairs and each 2 x 2 block
    merged: what :meth:`CoverageGrid.cells` gives one level coarser, without the points.

    >>> lat, lon = np.array([39.9, 40.2, 40.7]), np.array([116.1, 116.4, 116.6])
    >>> box = _dense_box(lat, lon, 4.0)
    >>> bool(np.array_equal(_coarser_cells(cell_marks(lat, lon, 4.0, box), box),
    ...                     CoverageGrid.cells(lat, lon, 1)))
    True
    """
    lat0, lon0, height, width = box
    top, left = lat0 & 1, lon0 & 1
    bottom, right = (top + height) & 1, (left + width) & 1
    grid = marks.reshape(height, width)
    if top or bottom or left or right:
        grid = np.pad(grid, ((top, bottom), (left, right)))
    pairs = grid[0::2] | grid[1::2]
    coarse = pairs[:, 0::2] | pairs[:, 1::2]
    cols = coarse.shape[1]
    at = np.flatnonzero(coarse)
    return np.asarray(
        ((at // cols + ((lat0 - top) >> 1)) << 32) | (at % cols + ((lon0 - left) >> 1)),
        dtype=np.int64,
    )


def _coarsened_level(lat: F64, lon: F64, start: int, max_cells: int) -> int:
    keys, level = CoverageGrid.cells(lat, lon, start), start
    while len(keys) > max_cells and level > 0:
        keys, level = _coarsen(keys), level - 1
    return level


def _coarsen(keys: I64) -> I64:
    ilat, ilon = keys >> 32, keys & 0xFFFFFFFF
    return _distinct(((ilat >> 1) << 32) | (ilon >> 1))


def _union_cells(a: I64, b: I64) -> I64:
    """The distinct cell keys of two ascending runs of distinct keys, ascending.

    Cell keys of points in range are not negative, so they order as their unsigned bits do:
    the kernel merges the two runs in one pass (:func:`~carborder.scan.sketch.union_sorted`)
    instead of marking a bitmap of their box.

    >>> _union_cells(np.array([2, 7], dtype=np.int64), np.array([3, 7, 9], dtype=np.int64)).tolist()
    [2, 3, 7, 9]
    """
    if _native is not None and len(a) and len(b) and a[0] >= 0 and b[0] >= 0:
        got = union_sorted([np.ascontiguousarray(x).view(np.uint64) for x in (a, b)])
        return np.asarray(got, dtype=np.uint64).view(np.int64)
    return _distinct(np.concatenate([a, b]))


def _distinct(keys: I64) -> I64:
    """The distinct cell keys, ascending.

    Cells of a bounding box up to :data:`_DENSE_CELLS` are marked in a bitmap (a pass over
    the points and one over the box); a hash table over the cells of a large area costs a
    cache miss per point (profiled: the grid was a fifth of a telemetry scan).

    >>> _distinct(np.array([(3 << 32) | 5, 7, (3 << 32) | 5, 2], dtype=np.int64)).tolist()
    [2, 7, 12884901893]
    """
    keys = np.asarray(keys, dtype=np.int64)
    if len(keys) == 0:
        return keys
    ilat, ilon = keys >> 32, keys & 0xFFFFFFFF
    lat0, lon0 = int(ilat.min()), int(ilon.min())
    height, width = int(ilat.max()) - lat0 + 1, int(ilon.max()) - lon0 + 1
    if lat0 < 0 or height * width > _DENSE_CELLS:
        uniq = pc.unique(pa.array(keys)).to_numpy(zero_copy_only=False)
        return np.sort(np.asarray(uniq, dtype=np.int64))
    mark = np.zeros(height * width, dtype=bool)
    mark[(ilat - lat0) * width + (ilon - lon0)] = True
    at = np.flatnonzero(mark)
    return np.asarray(((at // width + lat0) << 32) | (at % width + lon0), dtype=np.int64)
