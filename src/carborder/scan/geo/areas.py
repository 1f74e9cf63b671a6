"""User-supplied sensitive-area polygons (GeoJSON), reprojected to WGS-84 and tested fast."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from carborder.errors import Msg, ScanInputError
from carborder.safety.files import read_text_limited
from carborder.safety.limits import MAX_JSON_BYTES

__all__ = ["SensitiveAreas", "example_areas_path"]


def example_areas_path() -> Path:
    """Path of the packaged illustrative areas file (not a real list of sensitive sites).

    >>> example_areas_path().name
    'example_sensitive_areas.geojson'
    """
    return Path(str(resources.files("carborder.scan") / "data" / "example_sensitive_areas.geojson"))


def _crs_of(doc: dict[str, Any]) -> str | None:
    crs = doc.get("crs")
    if not isinstance(crs, dict):
        return None
    name = crs.get("properties", {}).get("name")
    if not isinstance(name, str):
        return None
    # "urn:ogc:def:crs:EPSG::32649" → "EPSG:32649"; CRS84 means plain lon/lat.
    if name.upper().endswith("CRS84"):
        return None
    if "EPSG" in name.upper():
        return "EPSG:" + name.rsplit(":", 1)[-1]
    return name


_AREAS_HINT = Msg("hint-areas")


def _area_geometry(feature: Any, index: int, source: str) -> Any:
    """One feature's polygon, or a clear error naming the feature (never a GEOS traceback)."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict):
        problem = Msg("areas-no-geometry")
    elif geometry.get("type") not in ("Polygon", "MultiPolygon"):
        problem = Msg("areas-wrong-type", type=repr(geometry.get("type")))
    else:
        try:
            return shapely.from_geojson(json.dumps(geometry))
        except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
            problem = Msg("areas-bad-coordinates", detail=str(exc)[:160])
    raise ScanInputError(
        Msg("err-areas-feature", n=index + 1, problem=problem),
        file=source,
        hint=Msg("hint-areas-feature"),
    )


#: Bare GeoJSON geometries accepted as one area (what GIS tools export for a single polygon).
_AREA_GEOMETRIES = ("Polygon", "MultiPolygon")


def _as_collection(doc: Any) -> Any:
    """A bare Polygon/MultiPolygon or a single Feature as a one-feature FeatureCollection.

    >>> _as_collection({"type": "Polygon", "coordinates": []})["features"][0]["geometry"]["type"]
    'Polygon'
    """
    if not isinstance(doc, dict):
        return doc
    if doc.get("type") in _AREA_GEOMETRIES:
        feature = {"type": "Feature", "properties": {}, "geometry": doc}
        return {"type": "FeatureCollection", "features": [feature], "crs": doc.get("crs")}
    if doc.get("type") == "Feature":
        return {"type": "FeatureCollection", "features": [doc], "crs": doc.get("crs")}
    return doc


class SensitiveAreas:
    """Named polygons in lon/lat; pickles as its GeoJSON so process pools and Ray can ship it.

    >>> doc = {"type": "FeatureCollection", "features": [{"type": "Feature",
    ...   "properties": {"name": "box"}, "geometry": {"type": "Polygon",
    ...   "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}]}
    >>> SensitiveAreas(doc).contains(np.array([0.5, 2.0]), np.array([0.5, 2.0])).tolist()
    [True, False]
    """

    def __init__(self, doc: dict[str, Any], *, source: str = "<memory>") -> None:
        self.doc = doc
        self.source = source
        self._build()

    def _build(self) -> None:
        doc = _as_collection(self.doc)
        feats = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(feats, list) or doc.get("type") != "FeatureCollection":
            raise ScanInputError(
                Msg("err-areas-not-geojson"),
                file=self.source,
                hint=_AREAS_HINT,
            )
        geoms = []
        names = []
        for i, f in enumerate(feats):
            geoms.append(_area_geometry(f, i, self.source))
            props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
            names.append(str(props.get("name") or props.get("id") or f"area-{i + 1}"))
        crs = _crs_of(doc)
        if crs is not None:
            from pyproj import Transformer

            tr = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
            geoms = [
                shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
                for g in geoms
            ]
        self.geoms = geoms
        self.names = names
        self.union = shapely.union_all(geoms) if geoms else shapely.Polygon()
        shapely.prepare(self.union)
        self.bounds = tuple(self.union.bounds) if geoms else (0.0, 0.0, 0.0, 0.0)

    @classmethod
    def from_file(cls, path: Path | str) -> SensitiveAreas:
        """Load a GeoJSON FeatureCollection (a ``crs`` member such as EPSG:32649 is honoured).

        Raises:
            ScanInputError: the file is missing or not GeoJSON.
        """
        p = Path(path)
        text = read_text_limited(p, MAX_JSON_BYTES, what="sensitive areas", error=ScanInputError)
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ScanInputError(
                Msg("err-areas-not-json", detail=str(exc)[:200]),
                file=p,
                hint=_AREAS_HINT,
            ) from None
        if not isinstance(doc, dict):
            raise ScanInputError(Msg("err-areas-not-collection"), file=p, hint=_AREAS_HINT)
        return cls(doc, source=str(p))

    def contains(
        self, lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.bool_]:
        """Boolean mask of points inside any area (bounding-box prefilter, then exact test)."""
        out = np.zeros(len(lon), dtype=bool)
        if not self.geoms or len(lon) == 0:
            return out
        x0, y0, x1, y1 = self.bounds
        near = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
        if near.any():
            out[near] = shapely.contains_xy(self.union, lon[near], lat[near])
        return out

    def hit_names(self, lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]) -> list[str]:
        """Names of the areas that contain at least one of the points."""
        return [
            n
            for n, g in zip(self.names, self.geoms, strict=True)
            if shapely.contains_xy(g, lon, lat).any()
        ]

    def __getstate__(self) -> dict[str, Any]:
        return {"doc": self.doc, "source": self.source}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.doc = state["doc"]
        self.source = state["source"]
        self._build()
