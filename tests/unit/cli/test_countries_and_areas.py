"""Recipient countries are ISO 3166 codes (names in zh/en accepted); bare polygons are areas."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import numpy as np
import pycountry
import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.model.countries import country_code
from carborder.scan.geo.areas import SensitiveAreas
from carborder.workspace.config import Workspace

runner = CliRunner()

_INVENTORY = """\
assets:
  - id: trips
    facts: {{domain: connected_operation, pi.kinds: [phone], pi.individuals: 10}}
recipients:
  - id: hq
    country: {country}
flows:
  - {{id: trips_to_hq, activity: transfer, assets: [trips], recipient: hq}}
"""


def _ws(root: Path, country: str) -> Path:
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    for name in ("assets", "recipients", "flows"):
        (root / "inventory" / f"{name}.yaml").unlink()
    (root / "inventory" / "case.yaml").write_text(
        _INVENTORY.format(country=country), encoding="utf-8"
    )
    return root


@pytest.mark.parametrize(
    ("written", "code"),
    [("DE", "DE"), ("de", "DE"), ("DEU", "DE"), ("Germany", "DE"), ("德国", "DE"),
     ("South Korea", "KR"), ("韩国", "KR"), ("大韩民国", "KR"), ("美国", "US"),
     ("United Kingdom", "GB"), ("英国", "GB"), ("Singapore", "SG"), ("新加坡", "SG")],
)  # fmt: skip
def test_a_recipient_country_is_normalised_to_its_code(
    tmp_path: Path, written: str, code: str
) -> None:
    ws = Workspace.open(_ws(tmp_path / "ws", written))
    assert ws.inventory().recipients[0].country == code


def test_an_unknown_country_is_bad_input_with_file_and_line(tmp_path: Path) -> None:
    root = _ws(tmp_path / "ws", "Germanyy")
    result = runner.invoke(app, ["assess", "-w", str(root), "--format", "json"])
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert error["file"].endswith("case.yaml") and error["line"] == 6
    assert "Germanyy" in error["message"] and "ISO 3166" in error["message"]


def test_every_iso_country_by_code_and_by_its_chinese_name() -> None:
    """Independent of the short-form table: pycountry's own codes and iso-codes' zh_CN names."""
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    names: dict[str, set[str]] = {}
    for c in pycountry.countries:
        names.setdefault(zh.gettext(c.name), set()).add(c.alpha_2)
    for c in pycountry.countries:
        assert country_code(c.alpha_2) == c.alpha_2
        assert country_code(c.alpha_3.lower()) == c.alpha_2
        assert country_code(c.name) == c.alpha_2
        local = zh.gettext(c.name)
        if local != c.name and len(names[local]) == 1:
            assert country_code(local) == c.alpha_2, local


_BOX = {"type": "Polygon", "coordinates": [[[121, 31], [122, 31], [122, 32], [121, 32], [121, 31]]]}


@pytest.mark.parametrize(
    "doc",
    [
        _BOX,
        {"type": "MultiPolygon", "coordinates": [_BOX["coordinates"]]},
        {"type": "Feature", "properties": {"name": "port"}, "geometry": _BOX},
    ],
    ids=["polygon", "multipolygon", "feature"],
)
def test_bare_geometries_are_sensitive_areas(tmp_path: Path, doc: dict[str, object]) -> None:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    areas = SensitiveAreas.from_file(path)
    inside = areas.contains(np.array([121.5, 120.0]), np.array([31.5, 31.5]))
    assert inside.tolist() == [True, False]


def test_a_scan_uses_a_bare_polygon(tmp_path: Path) -> None:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(_BOX), encoding="utf-8")
    data = tmp_path / "trips.csv"
    rows = "\n".join(f"{121.5 + i * 1e-5:.5f},{31.5 + i * 1e-5:.5f}" for i in range(50))
    data.write_text("lon,lat\n" + rows + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["scan", str(data), "--sensitive-areas", str(path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["facts"].get("geo.in_sensitive_area") is True


def test_other_json_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "Point", "coordinates": [121, 31]}), encoding="utf-8")
    data = tmp_path / "trips.csv"
    data.write_text("lon,lat\n121.5,31.5\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(data), "--sensitive-areas", str(path)])
    assert result.exit_code == 2 and "Polygon" in result.output
