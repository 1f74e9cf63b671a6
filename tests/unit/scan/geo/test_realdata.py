"""Real GeoLife trajectories against the real Tsinghua campus polygon (UTM 49N → WGS-84)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from carborder.scan import SensitiveAreas, scan

pytestmark = pytest.mark.realdata


def test_geolife_scan_finds_tracks_people_and_campus(realdata: Path) -> None:
    traj = realdata / "trajectories" / "geolife_sample_skmob.txt.gz"
    campus = realdata / "geo" / "tsinghua_campus_utm49n.geojson"
    areas = SensitiveAreas.from_file(campus)
    # independent check of the reprojection with pyproj directly
    doc = json.loads(campus.read_text(encoding="utf-8"))
    ring = np.array(doc["features"][0]["geometry"]["coordinates"][0])
    lon, lat = Transformer.from_crs("EPSG:32649", "EPSG:4326", always_xy=True).transform(
        ring[:, 0], ring[:, 1]
    )
    poly = shapely.Polygon(np.column_stack([lon, lat]))
    assert 116.30 < poly.centroid.x < 116.34 and 39.99 < poly.centroid.y < 40.02
    assert (
        areas.union.equals_exact(poly, tolerance=1e-9)
        or areas.union.symmetric_difference(poly).area < 1e-12
    )

    res = scan(traj, sensitive_areas=areas)
    assert res.errors == []
    f = res.facts
    assert f["geo.present"] is True
    assert f["pi.sensitive_kinds"] == ["trajectory"]
    assert f["geo.in_sensitive_area"] is True
    assert f["pi.sensitive_individuals"] == f["pi.individuals"] >= 1
    assert 0.1 <= float(f["geo.precision_m"]) < 10  # 6 decimals, metre-level GNSS noise
    assert res.details["geo.sampling_interval_s"] <= 10
    assert res.files[0].rows > 100_000 // 2
