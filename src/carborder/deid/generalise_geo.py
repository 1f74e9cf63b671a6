"""Snap coordinates to a grid no finer than ``precision_m`` metres in either direction."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
from pydantic import Field

from carborder.deid._facts import coarsened_precision
from carborder.deid.base import Operator, OperatorParams, require_column_types
from carborder.deid.registry import register
from carborder.model.facts import FactValue

__all__ = [
    "METRES_PER_DEGREE",
    "GeneraliseGeo",
    "GeneraliseGeoParams",
    "lat_step",
    "lon_step",
    "pow10_step",
    "snap",
]

#: Length of one degree of latitude (and of longitude at the equator), metres.
METRES_PER_DEGREE = 111_320.0
_F64 = np.ndarray[tuple[int], np.dtype[np.float64]]
# Values already on the grid (121.1 / 0.1 = 1210.9999…) must stay in their own cell.
_EPS = 1e-9


def pow10_step(minimum: float) -> float:
    """Return the smallest power-of-ten step ≥ ``minimum`` degrees.

    Powers of ten keep the grid readable from the decimals alone, so a scanner that infers
    precision from decimal places reads the same (or a coarser) precision as the plan.

    >>> pow10_step(0.0089), pow10_step(0.01), pow10_step(0.3)
    (0.01, 0.01, 1.0)
    """
    k = math.ceil(math.log10(minimum) - 1e-12)
    return round(10.0**k, 12)


def lat_step(precision_m: float) -> float:
    """Latitude grid step in degrees for a precision in metres.

    >>> lat_step(1000)
    0.01
    """
    return pow10_step(precision_m / METRES_PER_DEGREE)


def lon_step(precision_m: float, band_lat: float) -> float:
    """Longitude step for the 1° latitude band holding ``band_lat``, sized at its poleward edge.

    >>> lon_step(1000, 31.2), lon_step(100, 31.2)
    (0.1, 0.01)
    """
    edge = min(math.floor(abs(band_lat)) + 1.0, 89.999999)
    return pow10_step(precision_m / (METRES_PER_DEGREE * math.cos(math.radians(edge))))


def _numeric(t: pa.DataType) -> bool:
    """Columns this operator can work on: numbers (float, integer or decimal degrees)."""
    return bool(pa.types.is_floating(t) or pa.types.is_integer(t) or pa.types.is_decimal(t))


class GeneraliseGeoParams(OperatorParams):
    """Parameters of ``generalise_geo``."""

    lat: str = Field(default="lat", description="Latitude column (degrees).")
    lon: str = Field(default="lon", description="Longitude column (degrees).")
    precision_m: float = Field(gt=0, description="Coarsest precision to keep, metres.")


@register
class GeneraliseGeo(Operator[GeneraliseGeoParams]):
    """Floor coordinates onto a grid whose cells are at least ``precision_m`` wide.

    Steps are powers of ten. Latitude uses one step; longitude uses a step per 1° latitude
    band sized at the band's poleward edge, so no cell is narrower than ``precision_m``
    metres in either direction. The grid is often coarser than asked, never finer.
    """

    name: ClassVar[str] = "generalise_geo"
    example: ClassVar[Mapping[str, Any]] = {"precision_m": 1000}
    changes: ClassVar[frozenset[str]] = frozenset({"geo.precision_m"})
    params_model: ClassVar[type[OperatorParams]] = GeneraliseGeoParams

    def check(self, schema: pa.Schema) -> None:
        """Both columns exist and are floating point."""
        p = self.params
        require_column_types(self.name, schema, [p.lat, p.lon], _numeric, "col-want-numeric")

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the batch with both coordinate columns snapped (nulls stay null)."""
        p = self.params
        i_lat, i_lon = batch.schema.get_field_index(p.lat), batch.schema.get_field_index(p.lon)
        lat_arr, lon_arr = batch.column(i_lat), batch.column(i_lon)
        lat = lat_arr.to_numpy(zero_copy_only=False).astype(np.float64)
        lon = lon_arr.to_numpy(zero_copy_only=False).astype(np.float64)
        new_lat, new_lon = snap(lat, lon, p.precision_m)
        mask_lat = lat_arr.is_null().to_numpy(zero_copy_only=False)
        mask_lon = lon_arr.is_null().to_numpy(zero_copy_only=False)
        arrays = list(batch.columns)
        fields = list(batch.schema)
        arrays[i_lat] = pa.array(new_lat, type=pa.float64(), mask=mask_lat)
        arrays[i_lon] = pa.array(new_lon, type=pa.float64(), mask=mask_lon)
        fields[i_lat] = pa.field(p.lat, pa.float64())
        fields[i_lon] = pa.field(p.lon, pa.float64())
        return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """Precision becomes at least ``precision_m`` (it never gets finer)."""
        assert isinstance(params, GeneraliseGeoParams)
        return coarsened_precision(facts, params.precision_m)

    @classmethod
    def suggest(
        cls, facts: Mapping[str, FactValue], hints: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Grids just coarser than each precision the pack cares about, plus 100 m and 1 km."""
        if facts.get("geo.present") is not True:
            return []
        current = facts.get("geo.precision_m")
        now = float(current) if isinstance(current, int | float) else 0.0
        wanted = {100.0, 1000.0}
        for v in (hints or {}).get("precisions_m", []):
            wanted.add(10.0 ** (math.floor(math.log10(float(v))) + 1))
        return [{"precision_m": p} for p in sorted(wanted) if p > now]

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Coarser grids lose more: ~0.1 at 100 m, ~0.3 at 1 km, ~0.5 at 10 km."""
        assert isinstance(params, GeneraliseGeoParams)
        return min(0.9, 0.1 + 0.2 * max(0.0, math.log10(params.precision_m) - 2.0))


def snap(lat: _F64, lon: _F64, precision_m: float) -> tuple[_F64, _F64]:
    """Snap coordinate arrays (NaN-safe) to the grid of ``precision_m``.

    >>> a, b = snap(np.array([31.23456]), np.array([121.47891]), 1000)
    >>> float(a[0]), float(b[0])
    (31.23, 121.4)
    """
    dlat = lat_step(precision_m)
    with np.errstate(invalid="ignore", divide="ignore"):
        new_lat = np.round(np.floor(lat / dlat + _EPS) * dlat, _decimals(dlat))
        edge = np.minimum(np.floor(np.nan_to_num(np.abs(lat), nan=0.0)) + 1.0, 89.999999)
        need = precision_m / (METRES_PER_DEGREE * np.cos(np.radians(edge)))
        k = np.ceil(np.log10(need) - 1e-12)
        dlon = 10.0**k
        scale = 10.0 ** np.maximum(0.0, -k)
        new_lon = np.round(np.floor(lon / dlon + _EPS) * dlon * scale) / scale
    return new_lat, new_lon


def _decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-12))
