"""GNSS facts depend on the coordinate values, never on the file layout (issue 10.9, 10.10)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from carborder.scan import scan

GEO_FACTS = ("geo.precision_m", "geo.resolution_m", "geo.coverage_km2", "geo.present")


def _geo(path: Path, **kw: object) -> dict[str, object]:
    r = scan(path, **kw)  # type: ignore[arg-type]
    assert not r.errors
    return {k: r.facts.get(k) for k in GEO_FACTS}


@pytest.mark.realdata
def test_geolife_facts_do_not_depend_on_layout(realdata: Path, tmp_path: Path) -> None:
    shipped = realdata / "trajectories" / "geolife_sample_skmob.txt.gz"
    table = pacsv.read_csv(shipped)
    # the same coordinates: as shipped; as CSV with extra columns in another order; as Parquet
    # in small row groups; shuffled
    rng = np.random.default_rng(3)
    extra = table.append_column("speed", pa.array(rng.uniform(0, 30, table.num_rows)))
    extra = extra.select(["uid", "speed", "datetime", "lng", "lat"])
    pacsv.write_csv(extra, tmp_path / "extra.csv")
    pq.write_table(table, tmp_path / "rewrite.parquet", row_group_size=10_000)
    shuffled = table.take(pa.array(rng.permutation(table.num_rows)))
    pq.write_table(shuffled, tmp_path / "shuffled.parquet")
    want = _geo(shipped)
    assert want["geo.resolution_m"] == pytest.approx(0.11132)  # 6 decimals
    for variant in ("extra.csv", "rewrite.parquet", "shuffled.parquet"):
        assert _geo(tmp_path / variant) == want, variant
    assert _geo(tmp_path / "rewrite.parquet", runner="pool", workers=2) == want


def _track(n: int = 4000, decimals: int = 6) -> pa.Table:
    rng = np.random.default_rng(1)
    lat = np.round(39.9 + np.cumsum(rng.normal(0, 1e-4, n)), decimals)
    lon = np.round(116.4 + np.cumsum(rng.normal(0, 1e-4, n)), decimals)
    ts = np.datetime64("2026-05-01T00:00:00", "ms") + np.arange(n).astype("timedelta64[s]")
    return pa.table({"vin": ["LSVAU218XN2183294"] * n, "ts": pa.array(ts), "lat": lat, "lon": lon})


def test_resolution_and_stated_accuracy_are_separate_facts(tmp_path: Path) -> None:
    t = _track()
    pq.write_table(t, tmp_path / "plain.parquet")
    plain = scan(tmp_path / "plain.parquet").facts
    # 6 decimals ≈ 0.1 m, not the metre-level jitter of the track
    assert plain["geo.resolution_m"] == pytest.approx(0.11132)
    assert "geo.accuracy_m" not in plain
    assert plain["geo.precision_m"] == plain["geo.resolution_m"]
    acc = t.append_column("accuracy", pa.array(np.full(t.num_rows, 4.0)))
    pq.write_table(acc, tmp_path / "acc.parquet")
    f = scan(tmp_path / "acc.parquet").facts
    assert f["geo.accuracy_m"] == pytest.approx(4.0)
    assert f["geo.resolution_m"] == pytest.approx(0.11132)
    assert f["geo.precision_m"] == pytest.approx(0.11132)  # the stricter of the two
    coarse = _track(decimals=3).append_column("hdop", pa.array(np.full(4000, 0.8)))
    pq.write_table(coarse, tmp_path / "hdop.parquet")
    g = scan(tmp_path / "hdop.parquet").facts
    assert g["geo.resolution_m"] == pytest.approx(111.32)
    assert g["geo.accuracy_m"] == pytest.approx(4.0)  # HDOP 0.8 x 5 m
    assert g["geo.precision_m"] == pytest.approx(4.0)


def test_float32_coordinates_report_their_storage_quantum(tmp_path: Path) -> None:
    t = _track()
    t32 = t.set_column(2, "lat", t.column("lat").cast(pa.float32())).set_column(
        3, "lon", t.column("lon").cast(pa.float32())
    )
    pq.write_table(t32, tmp_path / "f32.parquet")
    res = scan(tmp_path / "f32.parquet").facts["geo.resolution_m"]
    assert 0.3 < float(res) < 1.0  # float32 spacing at 40°/116°, not 1e-10 degrees
