"""Geo detector: coordinate columns, geometry text, NMEA, precision, coverage, tracks, areas."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from carborder.scan.detectors.base import BatchContext
from carborder.scan.detectors.geo import GeoDetector, GeoStats, decimal_resolution_m
from carborder.scan.geo.areas import SensitiveAreas, example_areas_path
from carborder.scan.geo.crs import gcj02_to_wgs84, wgs84_to_gcj02


def _stats(batch: pa.RecordBatch, **opts: object) -> GeoStats:
    f = GeoDetector().detect(batch, BatchContext(file="g", options=dict(opts)))
    s = f.stats.get("geo.position")
    assert isinstance(s, GeoStats)
    return s


def _track(n: int = 50, decimals: int = 6, key: str = "vin") -> pa.RecordBatch:
    t0 = datetime(2026, 1, 1)
    lat = np.round(39.97 + np.arange(n) * 1.234567e-4, decimals)
    lon = np.round(116.40 + np.arange(n) * 1.234567e-4, decimals)
    return pa.record_batch(
        {
            key: ["LSVAU218XN2183294"] * n,
            "gps_time": [t0 + timedelta(seconds=i) for i in range(n)],
            "lat": lat,
            "lon": lon,
        }
    )


def test_lat_lon_columns_track_and_precision() -> None:
    s = _stats(_track())
    facts = s.facts()[0]
    assert facts["geo.present"] is True
    assert facts["pi.sensitive_kinds"] == ["trajectory"]
    assert facts["geo.precision_m"] == pytest.approx(0.11132, rel=1e-3)
    assert s.details()["geo.sampling_interval_s"] == 1.0
    assert "geo.in_sensitive_area" not in facts  # no areas given: unknown, not false


def test_coarse_coordinates_give_coarse_precision() -> None:
    assert _stats(_track(decimals=2)).facts()[0]["geo.precision_m"] == pytest.approx(1113.2)


def test_out_of_range_columns_are_not_positions() -> None:
    batch = pa.record_batch({"lat": [500.5, 600.1], "lon": [1000.0, 2000.0]})
    assert GeoDetector().detect(batch, BatchContext(file="g")).stats == {}


def test_integer_micro_degrees() -> None:
    batch = pa.record_batch(
        {"lat": pa.array([39970000, 39970100]), "lon": pa.array([116400000, 116400100])}
    )
    s = _stats(batch)
    assert s.facts()[0]["geo.precision_m"] == pytest.approx(0.11132, rel=1e-3)


@pytest.mark.parametrize(
    "values",
    [
        ["POINT (116.40 39.97)", "POINT (116.41 39.98)"],  # WKT
        ['{"type": "Point", "coordinates": [116.40, 39.97]}'] * 2,  # GeoJSON text
        ["$GPRMC,123519,A,3958.200,N,11624.000,E,022.4,084.4,230394,003.1,W*6A"] * 2,  # NMEA
    ],
)
def test_geometry_text_forms(values: list[str]) -> None:
    s = _stats(pa.record_batch({"geom": values}))
    assert s.points == 2
    assert s.bbox is not None and 116 < s.bbox[0] < 117


_RMC = "$GPRMC,123519,A,3958.200,N,11624.000,E,022.4,084.4,230394,003.1,W*6A"


@pytest.mark.parametrize("form", ["whole", "slice", "large_string", "chunked"])
def test_nmea_sentences_in_free_text_are_found_in_any_array_form(form: str) -> None:
    # the column's bytes are searched for "$G" before any value is matched: a slice whose
    # buffer holds "$G" only outside it, a large_string column and chunks must all behave
    values = [
        "paid in $GBP",
        None,
        "log: " + _RMC,
        "no fix",
        _RMC + " " + _RMC.replace("3958", "3959"),
    ]
    arr: pa.Array | pa.ChunkedArray = pa.array(values)
    if form == "slice":
        arr = pa.array(["$GPGGA,,,,,,,"] * 3 + values).slice(3)
    elif form == "large_string":
        arr = pa.array(values, type=pa.large_string())
    elif form == "chunked":
        arr = pa.chunked_array([values[:3], values[3:]])
    s = _stats(pa.record_batch({"raw": pa.concat_arrays(arr.chunks) if form == "chunked" else arr}))
    assert s.points == 3  # one sentence in row 2, two in row 4
    assert s.bbox == pytest.approx((116.4, 39.97, 116.4, 39.98667), abs=1e-4)


def test_text_that_only_mentions_dollar_g_holds_no_positions() -> None:
    batch = pa.record_batch({"memo": ["paid in $GBP", "$GPRMC without fields", None]})
    assert GeoDetector().detect(batch, BatchContext(file="g", options={})).stats == {}


def test_wkb_column() -> None:
    import shapely

    wkb = shapely.to_wkb(shapely.points([116.4, 116.5], [39.9, 40.0]))
    s = _stats(pa.record_batch({"geometry": pa.array(list(wkb), type=pa.binary())}))
    assert s.points == 2


def test_sensitive_area_hits_and_misses() -> None:
    areas = SensitiveAreas.from_file(example_areas_path())
    inside = _stats(_track(), sensitive_areas=areas)
    assert inside.facts()[0]["geo.in_sensitive_area"] is True
    assert inside.areas_hit == {"example-area-beijing"}
    far = _track()
    far = pa.record_batch(
        {**{n: far.column(n) for n in far.schema.names}, "lat": np.full(50, 25.0)}
    )
    assert _stats(far, sensitive_areas=areas).facts()[0]["geo.in_sensitive_area"] is False


def test_coverage_merges_and_stays_bounded() -> None:
    rng = np.random.default_rng(1)
    a = _stats(
        pa.record_batch({"lat": rng.uniform(22, 45, 5000), "lon": rng.uniform(100, 122, 5000)})
    )
    b = _stats(
        pa.record_batch({"lat": rng.uniform(22, 45, 5000), "lon": rng.uniform(100, 122, 5000)})
    )
    m = a.merge(b)
    assert m.points == a.points + b.points and len(m.grid.keys) <= 1 << 16
    assert m.coverage_km2() >= max(a.coverage_km2(), b.coverage_km2())


def test_decimal_resolution_of_full_floats_is_tiny() -> None:
    assert decimal_resolution_m(np.array([math.pi, math.e])) < 1e-3


def test_gcj_roundtrip_within_a_centimetre() -> None:
    lon, lat = np.array([116.3, 121.5, 113.9]), np.array([39.9, 31.2, 22.5])
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert np.all(np.abs(glon - lon) > 1e-4)  # GCJ-02 really moves points (hundreds of metres)
    wlon, wlat = gcj02_to_wgs84(glon, glat)
    assert np.allclose(wlon, lon, atol=1e-7) and np.allclose(wlat, lat, atol=1e-7)


def test_crs_hint_from_column_name() -> None:
    batch = pa.record_batch({"gcj_lat": [39.97, 39.98], "gcj_lon": [116.4, 116.41]})
    assert _stats(batch).details()["geo.crs_guess"] == "GCJ-02"


@pytest.mark.parametrize("sorted_times", [True, False])
def test_track_order_equals_lexsort(sorted_times: bool) -> None:
    from carborder.scan.detectors.geo import _order_by_key_then_time

    rng = np.random.default_rng(3)
    codes = rng.integers(0, 50, 5000).astype(np.uint64)
    t = rng.integers(0, 400, 5000).astype(np.float64)  # many equal times
    if sorted_times:
        t = np.sort(t)
    assert _order_by_key_then_time(codes, t).tolist() == np.lexsort((t, codes)).tolist()
