"""A stored scan is reused only with the same sensitive areas: changing them re-scans (fail closed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.gateway_workspace import KEY, make_workspace

from carborder.gateway import export

_AREA = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "test zone covering the synthetic trips"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[121.3, 31.1], [121.7, 31.1], [121.7, 31.5], [121.3, 31.5], [121.3, 31.1]]
                ],
            },
        }
    ],
}


def test_new_sensitive_areas_invalidate_the_stored_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARBORDER_PSEUDONYM_KEY", KEY)
    ws = make_workspace(tmp_path / "ws")
    inp = ws / "data" / "trips.parquet"
    first = export("ok_flow", workspace=ws, inputs=[inp], output=tmp_path / "a", dry_run=True)
    assert first.status != "refused", first.message

    (ws / "areas.geojson").write_text(json.dumps(_AREA), encoding="utf-8")
    cfg = yaml.safe_load((ws / "carborder.yaml").read_text(encoding="utf-8"))
    cfg["sensitive_areas"] = "areas.geojson"
    (ws / "carborder.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")

    second = export("ok_flow", workspace=ws, inputs=[inp], output=tmp_path / "b", dry_run=True)
    # Same bytes, but now the trips run through a sensitive area: that is important data, which
    # a standard contract does not cover — the old scan must not be reused.
    assert second.status == "refused", second.message
    assert "sensitive_area" in second.message
    assert not (tmp_path / "b").exists()
