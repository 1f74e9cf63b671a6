"""Trajectory statistics from GNSS fixes: points, precision, coverage; mergeable, no raw values."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["METRES_PER_DEGREE", "TrackStats", "decimal_resolution_deg"]

#: Length of one degree of latitude (WGS-84 mean), used to turn degrees into metres.
METRES_PER_DEGREE = 111_320.0

_MAX_DECIMALS = 9


def decimal_resolution_deg(value: float) -> float:
    """Return the finest decimal step a coordinate was written with (1e-9 at most).

    >>> decimal_resolution_deg(42.375812)
    1e-06
    >>> decimal_resolution_deg(31.2)
    0.1
    """
    for k in range(_MAX_DECIMALS + 1):
        scaled = value * 10**k
        if abs(scaled - round(scaled)) < 1e-6:
            return float(10.0**-k)
    return float(10.0**-_MAX_DECIMALS)


@dataclass
class TrackStats:
    """Running statistics of valid fixes on one channel.

    ``resolution_m`` is the finest step the values were written or encoded with,
    ``accuracy_m`` the finest accuracy the messages state (covariance or horizontal
    accuracy); they are separate facts, and ``precision_m`` is the stricter (smaller).

    >>> t = TrackStats()
    >>> t.add(31.23, 121.47, accuracy_m=5.0)
    >>> t.add(31.24, 121.48)
    >>> t.points, round(t.resolution_m), t.accuracy_m, t.precision_m
    (2, 1113, 5.0, 5.0)
    """

    points: int = 0
    invalid: int = 0
    lat_min: float = math.inf
    lat_max: float = -math.inf
    lon_min: float = math.inf
    lon_max: float = -math.inf
    resolution_m: float = math.inf
    accuracy_m: float | None = None

    @property
    def precision_m(self) -> float:
        """The stricter (smaller) of resolution and stated accuracy."""
        if self.accuracy_m is None:
            return self.resolution_m
        return min(self.resolution_m, self.accuracy_m)

    def add(
        self,
        lat: float,
        lon: float,
        *,
        accuracy_m: float | None = None,
        resolution_deg: float | None = None,
    ) -> None:
        """Count one fix; NaN, out-of-range and (0, 0) fixes count as invalid.

        ``resolution_deg`` is the known quantisation (e.g. a CAN signal's scale); without it
        the resolution is read from the decimals the values were written with.
        """
        if not (
            math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
        ) or (lat == 0.0 and lon == 0.0):
            self.invalid += 1
            return
        self.points += 1
        self.lat_min = min(self.lat_min, lat)
        self.lat_max = max(self.lat_max, lat)
        self.lon_min = min(self.lon_min, lon)
        self.lon_max = max(self.lon_max, lon)
        res_deg = resolution_deg or max(decimal_resolution_deg(lat), decimal_resolution_deg(lon))
        self.resolution_m = min(self.resolution_m, res_deg * METRES_PER_DEGREE)
        if accuracy_m is not None and math.isfinite(accuracy_m) and accuracy_m > 0:
            self.accuracy_m = (
                accuracy_m if self.accuracy_m is None else min(self.accuracy_m, accuracy_m)
            )

    def merge(self, other: TrackStats) -> None:
        """Fold another channel's statistics into this one."""
        self.points += other.points
        self.invalid += other.invalid
        self.lat_min = min(self.lat_min, other.lat_min)
        self.lat_max = max(self.lat_max, other.lat_max)
        self.lon_min = min(self.lon_min, other.lon_min)
        self.lon_max = max(self.lon_max, other.lon_max)
        self.resolution_m = min(self.resolution_m, other.resolution_m)
        if other.accuracy_m is not None:
            self.accuracy_m = (
                other.accuracy_m
                if self.accuracy_m is None
                else min(self.accuracy_m, other.accuracy_m)
            )

    @property
    def coverage_km2(self) -> float:
        """Area of the bounding box of the fixes, km² (0 without fixes)."""
        if self.points == 0:
            return 0.0
        mid = math.radians((self.lat_min + self.lat_max) / 2)
        h = (self.lat_max - self.lat_min) * METRES_PER_DEGREE
        w = (self.lon_max - self.lon_min) * METRES_PER_DEGREE * math.cos(mid)
        return h * w / 1e6

    def as_dict(self) -> dict[str, float | int | None]:
        """Summary without coordinates (the bounding box is not released)."""
        return {
            "points": self.points,
            "invalid": self.invalid,
            "precision_m": round(self.precision_m, 3) if self.points else 0.0,
            "resolution_m": round(self.resolution_m, 3) if self.points else 0.0,
            "accuracy_m": round(self.accuracy_m, 3) if self.accuracy_m is not None else None,
            "coverage_km2": round(self.coverage_km2, 4),
        }
