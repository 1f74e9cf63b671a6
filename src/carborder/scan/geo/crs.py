"""WGS-84, GCJ-02 and BD-09 conversions (the published formulas), vectorised with numpy.

GCJ-02 is the obfuscated datum required for public maps in mainland China; BD-09 is
Baidu's further offset of it. The formulas are the widely published reverse-engineered ones
(accurate to about a metre); conversions back to WGS-84 iterate the forward transform.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = [
    "bd09_to_gcj02",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "in_china_bbox",
    "wgs84_to_gcj02",
]

F64 = npt.NDArray[np.float64]
_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0


def in_china_bbox(lon: F64, lat: F64) -> npt.NDArray[np.bool_]:
    """Rough mainland bounding box where GCJ-02 applies.

    >>> in_china_bbox(np.array([116.4, 2.35]), np.array([39.9, 48.85])).tolist()
    [True, False]
    """
    return (lon > 72.004) & (lon < 137.8347) & (lat > 0.8293) & (lat < 55.8271)


def _tlat(x: F64, y: F64) -> F64:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * math.pi) + 320 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return np.asarray(r, dtype=np.float64)


def _tlon(x: F64, y: F64) -> F64:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return np.asarray(r, dtype=np.float64)


def wgs84_to_gcj02(lon: F64, lat: F64) -> tuple[F64, F64]:
    """Offset WGS-84 coordinates to GCJ-02 (unchanged outside China).

    >>> lon, lat = wgs84_to_gcj02(np.array([116.397128]), np.array([39.916527]))
    >>> round(float(lon[0]), 4), round(float(lat[0]), 4)
    (116.4034, 39.9179)
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    dlat = _tlat(lon - 105.0, lat - 35.0)
    dlon = _tlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * math.pi)
    inside = in_china_bbox(lon, lat)
    return np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat)


def gcj02_to_wgs84(lon: F64, lat: F64, *, iterations: int = 6) -> tuple[F64, F64]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (sub-centimetre after 6 rounds).

    >>> x, y = gcj02_to_wgs84(*wgs84_to_gcj02(np.array([121.47]), np.array([31.23])))
    >>> round(float(x[0]), 6), round(float(y[0]), 6)
    (121.47, 31.23)
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    wlon, wlat = lon.copy(), lat.copy()
    for _ in range(iterations):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        wlon = wlon - (glon - lon)
        wlat = wlat - (glat - lat)
    return wlon, wlat


def gcj02_to_bd09(lon: F64, lat: F64) -> tuple[F64, F64]:
    """Offset GCJ-02 coordinates to Baidu BD-09.

    >>> x, y = gcj02_to_bd09(np.array([116.404]), np.array([39.915]))
    >>> round(float(x[0]), 4), round(float(y[0]), 4)
    (116.4104, 39.9213)
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon: F64, lat: F64) -> tuple[F64, F64]:
    """Invert :func:`gcj02_to_bd09`.

    >>> x, y = bd09_to_gcj02(*gcj02_to_bd09(np.array([116.404]), np.array([39.915])))
    >>> round(float(x[0]), 5), round(float(y[0]), 5)
    (116.404, 39.915)
    """
    x = np.asarray(lon, dtype=np.float64) - 0.0065
    y = np.asarray(lat, dtype=np.float64) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)
