"""Positions in tabular data: lat/lon columns, WKT/WKB/GeoJSON, NMEA; precision, coverage, tracks.

The facts depend on the coordinate values only (:mod:`carborder.scan.geo.measure`): the
values' resolution (decimal places or storage quantum) and the accuracy the data states
(accuracy or HDOP columns) are separate facts, and ``geo.precision_m`` is the stricter
(smaller) of the two; coverage counts cells of a fixed grid. A trajectory is a set of
time-ordered points per key.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from carborder.model.facts import Evidence, Facts
from carborder.scan.detectors.arrowtools import as_string_array
from carborder.scan.detectors.base import BatchContext, Detector, Findings, column_hint
from carborder.scan.detectors.native import kernel as _native
from carborder.scan.detectors.registry import register
from carborder.scan.geo.areas import SensitiveAreas
from carborder.scan.geo.key_times import KeyTimes
from carborder.scan.geo.measure import (
    HDOP_UERE_M,
    AccuracyCounts,
    CoverageGrid,
    DecimalHistogram,
    Ends,
    extremes,
    float32_spacings,
)
from carborder.scan.geo.tracks import ascending_gaps, first_in_key_order, sortable_u64
from carborder.scan.sketch import hash64_cached, order_u64

__all__ = ["GeoDetector", "GeoStats", "decimal_resolution_m", "jitter_m"]

F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

_M_PER_DEG = 111_320.0
_LAT_WORDS = frozenset(["lat", "latitude", "纬度", "wd", "gps_lat"])
_LON_WORDS = frozenset(["lon", "lng", "long", "longitude", "经度", "jd", "gps_lon", "gps_lng"])
_KEY_WORDS = frozenset(
    [
        "vin",
        "vehicle",
        "vehicle_id",
        "car",
        "car_id",
        "device",
        "device_id",
        "imei",
        "tid",
        "uid",
        "user",
        "user_id",
        "userid",
        "driver",
        "driver_id",
        "person",
        "account",
        "车架号",
        "车辆",
        "设备",
        "用户",
        "司机",
    ]
)
_TIME_WORDS = frozenset(
    ["ts", "time", "timestamp", "datetime", "date", "gps_time", "utc", "时间", "采集时间", "时刻"]
)
_ACCURACY_WORDS = frozenset(
    [
        "accuracy",
        "acc",
        "hacc",
        "h_acc",
        "horizontal_accuracy",
        "gps_accuracy",
        "position_accuracy",
        "accuracy_m",
        "定位精度",
        "水平精度",
        "精度",
    ]
)
_HDOP_WORDS = frozenset(["hdop", "水平精度因子"])
_GEOM_WORDS = frozenset(["geom", "geometry", "wkt", "wkb", "shape", "the_geom", "geojson", "point"])
_CRS_HINTS = (
    ("bd09", "BD-09"),
    ("bd", "BD-09"),
    ("gcj", "GCJ-02"),
    ("火星", "GCJ-02"),
    ("wgs", "WGS-84"),
)
_NMEA = re.compile(
    r"\$G[PNLAB](?:GGA|RMC),[^,]*,(?:[AV],)?(\d{2})(\d{2}\.\d+),([NS]),(\d{3})(\d{2}\.\d+),([EW])"
)
_NMEA_START = re.compile(rb"\$G")
_SAMPLE = 1 << 12


def decimal_resolution_m(values: F64) -> float:
    """Ground resolution implied by the decimals the values are written with.

    >>> decimal_resolution_m(np.array([39.98, 39.97]))
    1113.2
    >>> round(decimal_resolution_m(np.array([39.984094, 116.319236])), 3)
    0.111
    """
    v = values[np.isfinite(values)][:_SAMPLE]
    if len(v) == 0:
        return math.inf
    for d in range(10):
        scaled = v * 10.0**d
        if (
            np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1.0, np.abs(scaled) * 1e-9)
        ).mean() >= 0.95:
            return round(_M_PER_DEG * 10.0**-d, 6)
    return round(_M_PER_DEG * 1e-10, 9)


def jitter_m(lat: F64, lon: F64) -> float | None:
    """Median distance of each point from the midpoint of its neighbours, in metres.

    For densely sampled tracks this measures positional noise, which bounds the real
    precision when coordinates carry more decimals than the receiver can resolve.

    >>> jitter_m(np.array([0.0, 0.0, 0.0, 0.0]), np.array([0.0, 1e-5, 2e-5, 3e-5]))
    0.0
    """
    if len(lat) < 3:
        return None
    mid_lat = (lat[:-2] + lat[2:]) / 2
    mid_lon = (lon[:-2] + lon[2:]) / 2
    dy = (lat[1:-1] - mid_lat) * _M_PER_DEG
    dx = (lon[1:-1] - mid_lon) * _M_PER_DEG * np.cos(np.radians(lat[1:-1]))
    return round(float(np.median(np.hypot(dx, dy))), 3)


@dataclass
class GeoStats:
    """Mergeable position statistics for a scan."""

    version: str = "2"
    points: int = 0
    decimals: DecimalHistogram = field(default_factory=DecimalHistogram)
    accuracy: AccuracyCounts = field(default_factory=AccuracyCounts)
    jitter_m: float | None = None
    grid: CoverageGrid = field(default_factory=CoverageGrid)
    trajectory: bool = False
    intervals_s: list[float] = field(default_factory=list)
    areas_checked: bool = False
    in_area_points: int = 0
    areas_hit: set[str] = field(default_factory=set)
    crs: dict[str, int] = field(default_factory=dict)
    bbox: tuple[float, float, float, float] | None = None
    sources: dict[tuple[str, str], int] = field(default_factory=dict)
    #: keys of batches without a trajectory, to find one that spans batches
    key_times: KeyTimes = field(default_factory=KeyTimes)

    def merge(self, other: Self) -> Self:
        """Combine two statistics."""
        jit = [j for j in (self.jitter_m, other.jitter_m) if j is not None]
        crs = dict(self.crs)
        for name, n in other.crs.items():
            crs[name] = crs.get(name, 0) + n
        boxes = [b for b in (self.bbox, other.bbox) if b is not None]
        bbox = (
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            if boxes
            else None
        )
        sources = dict(self.sources)
        for k, n in other.sources.items():
            sources[k] = sources.get(k, 0) + n
        trajectory = self.trajectory or other.trajectory
        key_times = self.key_times.merge(other.key_times)
        return type(self)(
            self.version,
            self.points + other.points,
            self.decimals.merge(other.decimals),
            self.accuracy.merge(other.accuracy),
            min(jit) if jit else None,
            self.grid.merge(other.grid),
            trajectory,
            (self.intervals_s + other.intervals_s)[: 1 << 10],
            self.areas_checked or other.areas_checked,
            self.in_area_points + other.in_area_points,
            self.areas_hit | other.areas_hit,
            crs,
            bbox,
            sources,
            # a trajectory is known: the keys are not needed any more
            key_times.dropped() if trajectory else key_times,
        )

    def across_batches(self) -> bool:
        """A trajectory that only shows across batches (a key at two times, batches apart)."""
        return not self.trajectory and self.key_times.crossed()

    def coverage_km2(self) -> float:
        """Area of the covered grid cells."""
        return self.grid.area_km2()

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """geo.* facts, ``pi.sensitive_kinds: [trajectory]`` and ``pi.kinds: [location]``."""
        if self.points == 0:
            return {}, {}
        ev = [
            Evidence(
                file=f,
                column=c,
                detector=GeoDetector.name,
                detector_version=self.version,
                matches=n,
                rows=n,
                examples=[],
                confidence=0.9,
            )
            for (f, c), n in sorted(self.sources.items())
        ]
        resolution = self.decimals.resolution_m()
        accuracy = self.accuracy.median_m()
        known = [x for x in (resolution, accuracy) if x is not None]
        facts: Facts = {
            "geo.present": True,
            # the stricter reading decides: the finer of resolution and stated accuracy
            "geo.precision_m": min(known) if known else 0.0,
            "geo.coverage_km2": self.coverage_km2(),
            "pi.kinds": ["location"],
        }
        if resolution is not None:
            facts["geo.resolution_m"] = resolution
        if accuracy is not None:
            facts["geo.accuracy_m"] = accuracy
        if self.areas_checked:
            facts["geo.in_sensitive_area"] = self.in_area_points > 0
        if self.trajectory or self.across_batches():
            facts["pi.sensitive_kinds"] = ["trajectory"]
        return facts, {k: ev for k in facts}

    def details(self) -> dict[str, Any]:
        """Figures that are not facts: CRS guess, sampling interval, grid level, bbox."""
        crs = max(self.crs, key=lambda k: self.crs[k]) if self.crs else "WGS-84 (assumed)"
        return {
            "geo.points": self.points,
            "geo.crs_guess": crs,
            "geo.jitter_m": self.jitter_m,
            "geo.accuracy_source": self.accuracy.source or None,
            "geo.sampling_interval_s": (
                float(np.median(self.intervals_s)) if self.intervals_s else None
            ),
            "geo.grid_level": self.grid.level,
            "geo.grid_cells": len(self.grid.keys),
            "geo.bbox": list(self.bbox) if self.bbox else None,
            "geo.sensitive_area_points": self.in_area_points if self.areas_checked else None,
            "geo.sensitive_areas_hit": sorted(self.areas_hit),
            # rows are marked sensitive batch by batch: a trajectory found only across batches
            # left its rows unmarked, so the sensitive people are not counted exactly
            "geo.trajectory_across_batches": self.across_batches(),
            "geo.trajectory_keys_given_up": self.key_times.given_up,
        }


@dataclass
class _Points:
    lat: F64
    lon: F64
    #: each point's row; None when the points are the batch's rows, every row, in order (no
    #: row numbers are made for the usual table: an array of them per batch, never read)
    rows: npt.NDArray[np.int64] | None
    source: str
    #: float32 storage spacings of the latitudes (:func:`float32_spacings`), if float32
    spacings: npt.NDArray[np.int64] | None = None
    #: unit of integer-coded coordinates in degrees (micro-degrees: 1e-6), if any
    scaled_deg: float | None = None
    #: the points' :func:`~carborder.scan.geo.measure.extremes`, if taken already
    ends: Ends | None = None


def _numeric(col: pa.Array) -> F64 | None:
    if not (
        pa.types.is_floating(col.type)
        or pa.types.is_integer(col.type)
        or pa.types.is_decimal(col.type)
    ):
        return None
    return np.asarray(pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)


def _latlon_columns(batch: pa.RecordBatch, ctx: BatchContext) -> _Points | None:
    names = batch.schema.names
    lats = [
        n for n in names if column_hint(n.rsplit(".", 1)[-1], ctx.comments.get(n, ""), _LAT_WORDS)
    ]
    lons = [
        n for n in names if column_hint(n.rsplit(".", 1)[-1], ctx.comments.get(n, ""), _LON_WORDS)
    ]
    for la in lats:
        prefix = la.rsplit(".", 1)[0] if "." in la else ""
        for lo in sorted(lons, key=lambda n: (n.rsplit(".", 1)[0] if "." in n else "") != prefix):
            lat = _numeric(batch.column(la))
            lon = _numeric(batch.column(lo))
            if lat is None or lon is None:
                continue
            ends = extremes(lat, lon) if len(lat) else None
            if _every_row_a_position(lat, lon, ends):
                # what the checks below keep, told from four extremes: no mask, no copies
                quantum = None
                if pa.types.is_float32(batch.column(la).type):
                    quantum = float32_spacings(lat)
                return _Points(lat, lon, None, f"{la}+{lo}", quantum, ends=ends)
            scale = None
            finite = np.isfinite(lat) & np.isfinite(lon)
            if not finite.any():
                continue
            amax_lat = float(np.nanmax(np.abs(lat[finite])))
            amax_lon = float(np.nanmax(np.abs(lon[finite])))
            if amax_lat > 90 or amax_lon > 180:
                # Integer micro-degrees (GB/T 32960 style) are common in TSP uploads.
                if (
                    pa.types.is_integer(batch.column(la).type)
                    and amax_lat <= 90e6
                    and amax_lon <= 180e6
                ):
                    lat, lon, scale = lat * 1e-6, lon * 1e-6, 1e-6
                else:
                    continue
            ok = finite & (np.abs(lat) <= 90) & (np.abs(lon) <= 180) & ~((lat == 0) & (lon == 0))
            rows = np.flatnonzero(ok).astype(np.int64)
            quantum = None
            if pa.types.is_float32(batch.column(la).type):
                quantum = float32_spacings(lat[ok])
            every = len(rows) == len(ok)
            return _Points(lat[ok], lon[ok], None if every else rows, f"{la}+{lo}", quantum, scale)
    return None


def _every_row_a_position(lat: F64, lon: F64, ends: Ends | None = None) -> bool:
    """Every value finite and in range, and no row at (0, 0): all rows are kept as they are.

    A NaN makes its column's extremes NaN, which fail every comparison; no row can be at
    (0, 0) when either column's range leaves out zero. ``ends``: the columns' extremes.

    >>> _every_row_a_position(np.array([39.9, 40.1]), np.array([0.0, 116.4]))
    True
    >>> _every_row_a_position(np.array([0.0, 40.1]), np.array([0.0, 116.4]))
    False
    >>> _every_row_a_position(np.array([np.nan, 40.1]), np.array([1.0, 116.4]))
    False
    """
    if len(lat) == 0:
        return False
    lat_lo, lat_hi, lon_lo, lon_hi = ends if ends is not None else extremes(lat, lon)
    in_range = -90 <= lat_lo <= lat_hi <= 90 and -180 <= lon_lo <= lon_hi <= 180
    return in_range and (lat_lo > 0 or lat_hi < 0 or lon_lo > 0 or lon_hi < 0)


def _geometry_column(name: str, col: pa.Array) -> _Points | None:
    typ = col.type
    geoms: Any = None
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ):
        vals = np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)
        geoms = shapely.from_wkb(vals, on_invalid="ignore")
    elif pa.types.is_string(typ) or pa.types.is_large_string(typ):
        s = as_string_array(col)
        head = s.drop_null().slice(0, 8).to_pylist()
        if not head:
            return None
        first = str(head[0]).lstrip().upper()
        vals = np.asarray(s.to_numpy(zero_copy_only=False), dtype=object)
        if first.startswith(
            ("POINT", "LINESTRING", "MULTIPOINT", "POLYGON", "MULTILINESTRING", "SRID=")
        ):
            geoms = shapely.from_wkt(vals, on_invalid="ignore")
        elif first.startswith("{") and '"coordinates"' in str(head[0]):
            geoms = shapely.from_geojson(vals, on_invalid="ignore")
        else:
            return None
    else:
        return None
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    if len(coords) == 0:
        return None
    lon, lat = coords[:, 0], coords[:, 1]
    ok = (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    return _Points(lat[ok], lon[ok], index[ok].astype(np.int64), name)


def _nmea_column(name: str, col: pa.Array) -> _Points | None:
    s = as_string_array(col)
    data = s.buffers()[2]
    # a sentence starts "$G": a column whose bytes hold none has none (one scan of the
    # buffer, without a regular expression per value)
    if data is None or _NMEA_START.search(memoryview(data)) is None:
        return None
    has = pc.fill_null(pc.match_substring_regex(s, r"\$G[PNLAB](?:GGA|RMC),"), False)
    if not pc.any(has).as_py():
        return None
    idx = np.flatnonzero(has.to_numpy(zero_copy_only=False))
    lats, lons, rows = [], [], []
    for i, text in zip(idx, s.filter(has).to_pylist(), strict=True):
        for m in _NMEA.finditer(text or ""):
            lat = int(m.group(1)) + float(m.group(2)) / 60
            lon = int(m.group(4)) + float(m.group(5)) / 60
            lats.append(-lat if m.group(3) == "S" else lat)
            lons.append(-lon if m.group(6) == "W" else lon)
            rows.append(i)
    if not rows:
        return None
    return _Points(np.array(lats), np.array(lons), np.array(rows, dtype=np.int64), name)


def _find_points(batch: pa.RecordBatch, ctx: BatchContext) -> _Points | None:
    pts = _latlon_columns(batch, ctx)
    if pts is not None:
        return pts
    for name, col in zip(batch.schema.names, batch.columns, strict=True):
        hinted = column_hint(name.rsplit(".", 1)[-1], ctx.comments.get(name, ""), _GEOM_WORDS)
        if hinted or pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            got = _geometry_column(name, col) if hinted or _looks_wkt(col) else None
            if got is None and (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
                got = _nmea_column(name, col)
            if got is not None and len(got.lat):
                return got
    return None


def _looks_wkt(col: pa.Array) -> bool:
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        return False
    head = as_string_array(col).drop_null().slice(0, 4).to_pylist()
    return bool(head) and str(head[0]).lstrip().upper().startswith(
        ("POINT", "LINESTRING", '{"TYPE"')
    )


def _stated_accuracy(
    batch: pa.RecordBatch, ctx: BatchContext, pts: _Points, into: AccuracyCounts
) -> None:
    """Accuracy columns (metres) or HDOP (times :data:`HDOP_UERE_M`), for the position rows."""
    for name, col in zip(batch.schema.names, batch.columns, strict=True):
        short = name.rsplit(".", 1)[-1]
        comment = ctx.comments.get(name, "")
        hdop = column_hint(short, comment, _HDOP_WORDS)
        if not hdop and not column_hint(short, comment, _ACCURACY_WORDS):
            continue
        values = _numeric(col)
        if values is None:
            continue
        at = values if pts.rows is None else values[pts.rows]
        metres = at * (HDOP_UERE_M if hdop else 1.0)
        into.add(metres, f"{name} (HDOP x {HDOP_UERE_M:g} m)" if hdop else name)
        return


def _time_seconds(batch: pa.RecordBatch, ctx: BatchContext) -> F64 | None:
    for col in batch.columns:
        typ = col.type
        if pa.types.is_timestamp(typ) or pa.types.is_date(typ):
            ts = pc.cast(pc.cast(col, pa.timestamp("ms")), pa.int64())
            return np.asarray(ts.to_numpy(zero_copy_only=False), dtype=np.float64) / 1e3
    for name, col in zip(batch.schema.names, batch.columns, strict=True):
        if not column_hint(name.rsplit(".", 1)[-1], ctx.comments.get(name, ""), _TIME_WORDS):
            continue
        typ = col.type
        if pa.types.is_integer(typ) or pa.types.is_floating(typ):
            v = np.asarray(
                pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
            )
            size = np.abs(v[~np.isnan(v)])
            mx = size.max() if len(size) else 0.0  # (no time in the batch: any unit)
            # epoch seconds, milliseconds or microseconds, told apart by magnitude
            return v / (1e6 if mx > 1e14 else 1e3 if mx > 1e11 else 1.0)
        if pa.types.is_string(typ) or pa.types.is_large_string(typ):
            try:
                ts = pc.cast(pc.cast(col, pa.timestamp("ms")), pa.int64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            return np.asarray(ts.to_numpy(zero_copy_only=False), dtype=np.float64) / 1e3
    return None


def _key_column(
    batch: pa.RecordBatch, ctx: BatchContext, exclude: str
) -> tuple[str, pa.Array] | None:
    for name, col in zip(batch.schema.names, batch.columns, strict=True):
        if name in exclude:
            continue
        if column_hint(name.rsplit(".", 1)[-1], ctx.comments.get(name, ""), _KEY_WORDS) and (
            pa.types.is_string(col.type)
            or pa.types.is_large_string(col.type)
            or pa.types.is_integer(col.type)
            or pa.types.is_dictionary(col.type)
        ):
            return name, col
    return None


def _crs_guess(batch: pa.RecordBatch, source: str) -> str | None:
    meta = batch.schema.metadata or {}
    text = (
        source
        + " "
        + " ".join(
            k.decode("utf-8", "replace") + v.decode("utf-8", "replace") for k, v in meta.items()
        )
    ).lower()
    for word, crs in _CRS_HINTS:
        if re.search(rf"(?<![a-z]){word}", text):
            return crs
    return None


@register
class GeoDetector(Detector):
    """Positions, their precision and coverage, trajectories and sensitive-area hits."""

    name: ClassVar[str] = "geo.position"
    version: ClassVar[str] = "1"
    modalities: ClassVar[frozenset[str]] = frozenset({"tabular", "gnss"})
    emits: ClassVar[frozenset[str]] = frozenset(
        [
            "geo.present",
            "geo.precision_m",
            "geo.resolution_m",
            "geo.accuracy_m",
            "geo.coverage_km2",
            "geo.in_sensitive_area",
            "pi.sensitive_kinds",
            "pi.kinds",
        ]
    )

    def detect(self, batch: pa.RecordBatch, ctx: BatchContext) -> Findings:
        """Find positions in the batch and summarise them."""
        pts = _find_points(batch, ctx)
        if pts is None or len(pts.lat) == 0:
            return Findings()
        stats = GeoStats(points=len(pts.lat))
        stats.sources[(ctx.file, pts.source)] = len(pts.lat)
        # taken once: the bounding box and the grid's boxes at every level come from them
        ends = pts.ends if pts.ends is not None else extremes(pts.lat, pts.lon)
        stats.bbox = (ends[2], ends[0], ends[3], ends[1])
        crs = _crs_guess(batch, pts.source)
        if crs:
            stats.crs[crs] = len(pts.lat)
        if pts.scaled_deg is not None:
            stats.decimals.add_scaled(pts.scaled_deg)
        else:
            stats.decimals.add(pts.lat, pts.lon, spacings=pts.spacings)
        _stated_accuracy(batch, ctx, pts, stats.accuracy)
        stats.grid.add(pts.lat, pts.lon, ends)
        areas: SensitiveAreas | None = ctx.options.get("sensitive_areas")
        if areas is not None:
            stats.areas_checked = True
            inside = areas.contains(pts.lon, pts.lat)
            stats.in_area_points = int(inside.sum())
            if stats.in_area_points:
                stats.areas_hit = set(areas.hit_names(pts.lon[inside], pts.lat[inside]))
        out = Findings(stats={self.name: stats})
        times = _time_seconds(batch, ctx)
        key = _key_column(batch, ctx, pts.source)
        stats.jitter_m = self._track(pts, times, key, stats, out, len(batch), ctx.cache)
        return out

    @staticmethod
    def _unmoved(stats: GeoStats, codes: npt.NDArray[np.uint64], has_key: Mask, t: F64) -> None:
        """A batch in which no key moved in time: its keys and times, for later batches.

        A key it holds at one time and another batch at another is a trajectory no single
        batch shows (:class:`~carborder.scan.geo.key_times.KeyTimes`).
        """
        keep = has_key & np.isfinite(t)
        stats.key_times.add(codes[keep], t[keep])

    def _track(
        self,
        pts: _Points,
        times: F64 | None,
        key: tuple[str, pa.Array] | None,
        stats: GeoStats,
        out: Findings,
        n_rows: int,
        cache: dict[str, Any] | None = None,
    ) -> float | None:
        if times is None or len(pts.lat) == 0:
            return None
        # every row is a position (the usual table): no need to gather by row
        rows = pts.rows
        t = times if rows is None else times[rows]
        if key is not None:
            # hashes serve as track codes (equal keys ⇒ equal codes); nulls get their own code
            hashed, ok = hash64_cached(key[1].cast(pa.string()), cache)
            key_hashes = (hashed, ok)
            all_keys = bool(ok.all())
            codes = hashed if all_keys else np.where(ok, hashed, np.uint64(0))
            codes, has_key = (codes, ok) if rows is None else (codes[rows], ok[rows])
        else:
            codes = np.zeros(len(pts.lat), dtype=np.uint64)
            has_key = np.ones(len(pts.lat), dtype=bool)
            key_hashes = None
            all_keys = True
        if len(t) < 2:
            self._unmoved(stats, codes, has_key, t)
            return None
        dt = None
        if _native is not None:
            # each point's previous point of its key, found without sorting; when every key's
            # times ascend in row order (a file in time order, or grouped by key and sorted by
            # time), that is its predecessor in (key, time) order: the same pairs and gaps
            dt = ascending_gaps(codes, t, None if all_keys else has_key)
        if dt is not None:
            head = first_in_key_order(codes, _SAMPLE)
            cs, ts = codes[head], t[head]
        else:
            order = _order_by_key_then_time(codes, t)
            c, tt, hk = codes[order], t[order], has_key[order]
            same = (c[1:] == c[:-1]) & hk[1:] & np.isfinite(tt[1:]) & np.isfinite(tt[:-1])
            dt = (tt[1:] - tt[:-1])[same]
            dt = dt[dt > 0]
            head = order[:_SAMPLE]  # only the first points in key order are used
            cs, ts = c[:_SAMPLE], tt[:_SAMPLE]
        if len(dt) == 0:
            self._unmoved(stats, codes, has_key, t)
            return None
        stats.trajectory = True
        # the median of the gaps, whatever order they were found in
        stats.intervals_s = [float(np.median(dt))]
        if key_hashes is not None:
            flags = key_hashes[1].copy()
            out.row_keys["track_key"] = key_hashes
        else:
            flags = np.ones(n_rows, dtype=bool)
        if rows is not None:
            flags &= _row_mask(rows, n_rows)
        out.row_flags["sensitive"] = flags
        out.row_flags["trajectory"] = flags
        # Jitter on a bounded sample of dense consecutive triples of one key.
        lat, lon = pts.lat[head], pts.lon[head]
        if len(lat) < 3:
            return None
        dense = (cs[2:] == cs[:-2]) & (ts[2:] - ts[:-2] <= 60)
        if dense.sum() < 3:
            return None
        mid = np.flatnonzero(dense) + 1
        return _triple_jitter(lat, lon, mid)


def _row_mask(rows: npt.NDArray[np.int64], n_rows: int) -> Mask:
    flags = np.zeros(n_rows, dtype=bool)
    flags[rows] = True
    return flags


#: Below this many points one two-key comparison sort is cheaper than two radix sorts.
_LEXSORT_MAX = 4096


def _order_by_key_then_time(codes: npt.NDArray[np.uint64], t: F64) -> npt.NDArray[np.intp]:
    """``np.lexsort((t, codes))``, by stable radix sorts of 64-bit keys.

    With ascending times, one stable sort of the keys keeps each key's points in time order:
    the same order as the two-key sort, at a fraction of its cost. Otherwise a stable sort by
    time (its values as order-keeping 64-bit keys) and then a stable sort by key give the
    two-key order too, in a fifth of lexsort's time on a batch.

    >>> c = np.array([5, 3, 5, 3], dtype=np.uint64); t = np.array([1.0, 2.0, 3.0, 4.0])
    >>> _order_by_key_then_time(c, t).tolist() == np.lexsort((t, c)).tolist()
    True
    >>> t = np.array([4.0, np.nan, -0.0, 0.0])
    >>> _order_by_key_then_time(c, t).tolist() == np.lexsort((t, c)).tolist()
    True
    """
    n = len(codes)
    if n >= 2 and bool(np.all(t[1:] >= t[:-1])):
        return order_u64(codes)
    if n < _LEXSORT_MAX:
        return np.lexsort((t, codes))
    by_time = order_u64(sortable_u64(t))
    return by_time[order_u64(codes[by_time])]


def _triple_jitter(lat: F64, lon: F64, mid: npt.NDArray[np.intp]) -> float:
    mlat = (lat[mid - 1] + lat[mid + 1]) / 2
    mlon = (lon[mid - 1] + lon[mid + 1]) / 2
    dy = (lat[mid] - mlat) * _M_PER_DEG
    dx = (lon[mid] - mlon) * _M_PER_DEG * np.cos(np.radians(lat[mid]))
    return round(float(np.median(np.hypot(dx, dy))), 3)
