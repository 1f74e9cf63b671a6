"""Vehicle-native formats (MCAP, ROS bags, CAN logs, images, video) → rulebook facts.

``scan_vehicle_file(path)`` picks the reader from the file's suffix (and MCAP magic bytes),
streams the file and returns the facts it supports, each with evidence, plus a per-topic or
per-signal table. Point clouds (``.pcd``, ``.las``/``.laz``) and map files are recognised by
suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carborder.errors import Msg, ScanInputError
from carborder.scan.vehicle.gnss import TrackStats
from carborder.scan.vehicle.result import ChannelSummary, VehicleScan
from carborder.scan.vehicle.scanner import MessageScanner, ScanOptions
from carborder.scan.vehicle.topics import CameraPlacement, ChannelKind

__all__ = [
    "CameraPlacement",
    "ChannelKind",
    "ChannelSummary",
    "MessageScanner",
    "ScanOptions",
    "TrackStats",
    "VehicleScan",
    "detect_format",
    "scan_vehicle",
    "scan_vehicle_file",
]

_POINTCLOUD_SUFFIXES = frozenset({".pcd", ".las", ".laz", ".ply"})
_MAP_SUFFIXES = frozenset({".osm", ".xodr", ".lanelet2"})


def detect_format(path: Path) -> str | None:
    """Return the vehicle format of ``path``, or None when it is not one of ours.

    >>> detect_format(Path("drive.mcap")), detect_format(Path("x.log.gz")), detect_format(Path("a.csv"))
    ('mcap', 'can', None)
    """
    from carborder.scan.readers.media_meta import IMAGE_SUFFIXES, VIDEO_SUFFIXES

    suffixes = [s.lower() for s in path.suffixes]
    last = suffixes[-1] if suffixes else ""
    if path.is_dir():
        from carborder.scan.readers.rosbag import is_rosbag2_dir

        return "rosbag2" if is_rosbag2_dir(path) else None
    if last == ".mcap":
        return "mcap"
    if last in {".bag", ".db3"}:
        return "rosbag1" if last == ".bag" else "rosbag2"
    if last in IMAGE_SUFFIXES:
        return "image"
    if last in VIDEO_SUFFIXES:
        return "video"
    if last in _POINTCLOUD_SUFFIXES:
        return "pointcloud"
    if last in _MAP_SUFFIXES:
        return "map"
    can_last = suffixes[-2] if last == ".gz" and len(suffixes) > 1 else last
    if can_last in {".log", ".asc", ".blf", ".trc"}:
        return "can"
    return None


def scan_vehicle(
    path: Path,
    *,
    dbc: list[Path] | None = None,
    options: ScanOptions | None = None,
) -> VehicleScan:
    """Scan one vehicle file into a :class:`VehicleScan`.

    Raises:
        ScanInputError: Unknown format, unreadable, corrupt or truncated file.
    """
    path = Path(path)
    if not path.exists():
        raise ScanInputError(Msg("err-file-not-found"), file=path)
    fmt = detect_format(path)
    if fmt == "mcap":
        from carborder.scan.readers.mcap import scan_mcap

        return scan_mcap(path, options=options)
    if fmt in {"rosbag1", "rosbag2"}:
        from carborder.scan.readers.rosbag import rosbag2_of_storage, scan_rosbag

        # a storage file stands for its folder (and alone it cannot be read: said so)
        bag = rosbag2_of_storage(path) if fmt == "rosbag2" and not path.is_dir() else path
        return scan_rosbag(bag, options=options)
    if fmt == "can":
        from carborder.scan.readers.can import load_dbc_cached, scan_can

        return scan_can(path, dbc=load_dbc_cached(dbc) if dbc else None)
    if fmt == "image":
        from carborder.scan.readers.images import scan_image_file

        return scan_image_file(path, placement=(options or ScanOptions()).placement)
    if fmt == "video":
        from carborder.scan.readers.video import scan_video

        return scan_video(path, options=options)
    if fmt in {"pointcloud", "map"}:
        kind = ChannelKind.POINTCLOUD if fmt == "pointcloud" else ChannelKind.MAP
        ch = ChannelSummary(name=path.name, kind=kind, msgtype=fmt, messages=1)
        return VehicleScan(file=str(path), format=fmt, channels=[ch], messages=1)
    raise ScanInputError(Msg("err-not-vehicle-file"), file=path, hint=Msg("hint-vehicle-formats"))


def scan_vehicle_file(
    path: Path | str,
    *,
    dbc: list[Path] | None = None,
    options: ScanOptions | None = None,
) -> dict[str, Any]:
    """Scan one file and return ``{"facts", "evidence", "channels", ...}`` as plain JSON data.

    Facts use the rulebook's names (``geo.present``, ``camera.plates_visible``...); evidence
    carries counts and channel names, never raw values.
    """
    return scan_vehicle(Path(path), dbc=dbc, options=options).as_dict()
