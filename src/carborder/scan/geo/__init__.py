"""Geographic helpers for scanning: coordinate systems and sensitive areas."""

from carborder.scan.geo.areas import SensitiveAreas, example_areas_path
from carborder.scan.geo.crs import bd09_to_gcj02, gcj02_to_bd09, gcj02_to_wgs84, wgs84_to_gcj02

__all__ = [
    "SensitiveAreas",
    "bd09_to_gcj02",
    "example_areas_path",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "wgs84_to_gcj02",
]
