"""Cut the first and last metres or minutes of every trip, where homes and workplaces are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from carborder.deid.base import Operator, OperatorParams, require_columns
from carborder.deid.registry import register
from carborder.errors import InputError, Msg, MsgValueError
from carborder.model.facts import FactValue

__all__ = ["TruncateTrajectory", "TruncateTrajectoryParams", "haversine_m"]

_EARTH_RADIUS_M = 6_371_008.8
_F64 = np.ndarray[tuple[int], np.dtype[np.float64]]


def haversine_m(lat1: _F64, lon1: _F64, lat2: _F64, lon2: _F64) -> _F64:
    """Great-circle distance in metres (vectorised).

    >>> round(float(haversine_m(np.array([0.0]), np.array([0.0]),
    ...                         np.array([0.0]), np.array([1.0]))[0]))
    111195
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    out: _F64 = 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


class TruncateTrajectoryParams(OperatorParams):
    """Parameters of ``truncate_trajectory``; rows must be in time order within each trip."""

    trip: str = Field(description="Trip (or vehicle-journey) id column.")
    time: str = Field(description="Timestamp or epoch-seconds column.")
    lat: str = Field(default="lat", description="Latitude column.")
    lon: str = Field(default="lon", description="Longitude column.")
    start_m: float = Field(default=0.0, ge=0, description="Metres removed at each trip start.")
    end_m: float = Field(default=0.0, ge=0, description="Metres removed at each trip end.")
    start_min: float = Field(default=0.0, ge=0, description="Minutes removed at each start.")
    end_min: float = Field(default=0.0, ge=0, description="Minutes removed at each end.")

    @model_validator(mode="after")
    def _something(self) -> TruncateTrajectoryParams:
        if not (self.start_m or self.end_m or self.start_min or self.end_min):
            raise MsgValueError(Msg("err-truncate-nothing"))
        return self


@dataclass
class _Trip:
    lat: float
    lon: float
    cum: float
    t_last: float
    t_first: float


class TruncateTrajectory(Operator[TruncateTrajectoryParams]):
    """Two passes: measure each trip (length, first and last time), then drop its ends."""

    name: ClassVar[str] = "truncate_trajectory"
    example: ClassVar[Mapping[str, Any]] = {
        "trip": "trip_id",
        "time": "ts",
        "start_m": 500,
        "end_m": 500,
    }
    changes: ClassVar[frozenset[str]] = frozenset()
    two_pass: ClassVar[bool] = True
    params_model: ClassVar[type[OperatorParams]] = TruncateTrajectoryParams

    def __init__(self, params: TruncateTrajectoryParams, context: Any = None) -> None:
        super().__init__(params, context)
        self._seen: dict[Any, _Trip] = {}
        self._totals: dict[Any, _Trip] | None = None
        self._walk: dict[Any, _Trip] = {}

    def check(self, schema: pa.Schema) -> None:
        """Columns exist; time is a timestamp or number."""
        p = self.params
        require_columns(self.name, schema, [p.trip, p.time, p.lat, p.lon])
        t = schema.field(p.time).type
        if not (pa.types.is_timestamp(t) or pa.types.is_integer(t) or pa.types.is_floating(t)):
            raise InputError(
                Msg("err-time-type", op=self.name, column=p.time, type=str(t)), key=self.name
            )

    def _seconds(self, arr: pa.Array) -> _F64:
        if pa.types.is_timestamp(arr.type):
            per_s = {"s": 1, "ms": 1e3, "us": 1e6, "ns": 1e9}[arr.type.unit]
            ints = pc.cast(arr, pa.int64()).to_numpy(zero_copy_only=False).astype(np.float64)
            out: _F64 = ints / per_s
            return out
        values: _F64 = arr.to_numpy(zero_copy_only=False).astype(np.float64)
        return values

    def _walk_batch(
        self, batch: pa.RecordBatch, state: dict[Any, _Trip]
    ) -> tuple[list[Any], _F64, _F64]:
        """Return per-row trip key, cumulative metres from trip start, seconds; update state."""
        p = self.params
        enc = pc.dictionary_encode(batch.column(p.trip))
        keys: list[Any] = enc.dictionary.to_pylist()
        codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        lat = np.nan_to_num(batch.column(p.lat).to_numpy(zero_copy_only=False).astype(np.float64))
        lon = np.nan_to_num(batch.column(p.lon).to_numpy(zero_copy_only=False).astype(np.float64))
        t = self._seconds(batch.column(p.time))
        n = len(codes)
        order = np.argsort(codes, kind="stable")
        sc, sl, so, st = codes[order], lat[order], lon[order], t[order]
        start = np.ones(n, dtype=bool)
        start[1:] = sc[1:] != sc[:-1]
        seg = np.zeros(n)
        if n > 1:
            seg[1:] = haversine_m(sl[:-1], so[:-1], sl[1:], so[1:])
            if np.any((st[1:] < st[:-1]) & ~start[1:]):
                raise InputError(
                    Msg("err-trip-not-in-order", op=self.name),
                    key=self.name,
                    hint=Msg("hint-sort-trip", trip=p.trip, time=p.time),
                )
        seg[start] = 0.0
        heads = np.flatnonzero(start)
        for h in heads:
            code = int(sc[h])
            prev = state.get(keys[code]) if code >= 0 else None
            if prev is not None:
                if st[h] < prev.t_last:
                    raise InputError(
                        Msg("err-trip-not-in-order", op=self.name),
                        key=self.name,
                        hint=Msg("hint-sort-trip", trip=p.trip, time=p.time),
                    )
                seg[h] = prev.cum + float(
                    haversine_m(
                        np.array([prev.lat]), np.array([prev.lon]), sl[h : h + 1], so[h : h + 1]
                    )[0]
                )
        cum_sorted = np.cumsum(seg)
        group_base = np.repeat(cum_sorted[heads] - seg[heads], np.diff(np.append(heads, n)))
        cum_sorted = cum_sorted - group_base
        tails = np.append(heads[1:] - 1, n - 1) if n else heads
        for h, tl in zip(heads, tails, strict=True):
            code = int(sc[h])
            if code < 0:
                continue
            key = keys[code]
            first = state[key].t_first if key in state else float(st[h])
            state[key] = _Trip(
                float(sl[tl]), float(so[tl]), float(cum_sorted[tl]), float(st[tl]), first
            )
        cum = np.empty(n)
        cum[order] = cum_sorted
        row_keys = [keys[c] if c >= 0 else None for c in codes]
        return row_keys, cum, t

    def rewind(self) -> None:
        """Start a new pass over the input (the measured trips are kept)."""
        self._walk = {}

    def observe(self, batch: pa.RecordBatch) -> None:
        """Measure trips."""
        if batch.num_rows:
            self._walk_batch(batch, self._seen)

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Keep the rows of each trip that are far enough from both ends."""
        if self._totals is None:
            self._totals = self._seen
        if batch.num_rows == 0:
            return batch
        p = self.params
        row_keys, cum, t = self._walk_batch(batch, self._walk)
        totals = self._totals
        total_m = np.array([totals[k].cum if k in totals else 0.0 for k in row_keys])
        t_first = np.array([totals[k].t_first if k in totals else 0.0 for k in row_keys])
        t_last = np.array([totals[k].t_last if k in totals else 0.0 for k in row_keys])
        keep = (
            (cum >= p.start_m)
            & (total_m - cum >= p.end_m)
            & (t >= t_first + p.start_min * 60)
            & (t <= t_last - p.end_min * 60)
        )
        keep &= np.array([k is not None for k in row_keys])
        return batch.filter(pa.array(keep))

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Only the trip ends are lost."""
        return 0.15


register(TruncateTrajectory)
