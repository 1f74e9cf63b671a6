"""Classify topics, channels and CAN signals by message type and name."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CameraPlacement", "ChannelKind", "classify_signal", "classify_topic"]


class ChannelKind(StrEnum):
    """What a topic or signal carries, as far as the rulebook cares."""

    GNSS = "gnss"
    CAMERA = "camera"
    POINTCLOUD = "pointcloud"
    MAP = "map"
    TEXT = "text"
    SPEED = "speed"
    VIN = "vin"
    OTHER = "other"


_GNSS_TYPES = re.compile(
    r"(NavSatFix|GPSFix|GpsFix|LocationFix|NavPVT|GNSS|Gnss|gps_common|nmea_msgs/.*Sentence)"
)
_CAMERA_TYPES = re.compile(
    r"(sensor_msgs/(msg/)?(Compressed)?Image$|foxglove\.(Compressed|Raw)Image)"
)
_POINTCLOUD_TYPES = re.compile(r"(PointCloud2?$|foxglove\.PointCloud|LaserScan$|livox)")
_MAP_TYPES = re.compile(r"(OccupancyGrid|lanelet|HDMap|hdmap|MapBin|autoware_map|Lanelet)")
_MAP_TOPICS = re.compile(r"(^|/)(map|hd_?map|lanelet2?_?map|vector_map)(/|$)", re.IGNORECASE)
_TEXT_TYPES = re.compile(r"(std_msgs/(msg/)?String$|json|Log$|DiagnosticArray)")

_LAT = re.compile(r"(^|[^a-z])(lat|latitude)([^a-z]|$)", re.IGNORECASE)
_LON = re.compile(r"(^|[^a-z])(lon|lng|long|longitude)([^a-z]|$)", re.IGNORECASE)
_SPEED = re.compile(r"(speed|velocity|wheel_?spe?e?d)", re.IGNORECASE)
_VIN = re.compile(r"(^|_)vin", re.IGNORECASE)


class CameraPlacement(BaseModel):
    """Which cameras look into the cabin; everything else is taken as outside the vehicle.

    Patterns are matched (case-insensitive regex search) against the topic and frame id.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    cabin: list[str] = Field(
        default_factory=lambda: [
            "cabin",
            "interior",
            "incabin",
            "in_cabin",
            "driver",
            "dms",
            "oms",
            "occupant",
            "passenger",
        ],
        description="Patterns naming in-cabin cameras.",
    )

    def is_cabin(self, *names: str) -> bool:
        """Return True when any of ``names`` matches a cabin pattern.

        >>> CameraPlacement().is_cabin("/camera/dms/image_raw")
        True
        >>> CameraPlacement().is_cabin("/cam_front/compressed")
        False
        """
        return any(re.search(p, n, re.IGNORECASE) for p in self.cabin for n in names if n)


def classify_topic(topic: str, msgtype: str) -> ChannelKind:
    """Return the kind of a bag/MCAP topic from its message type, then its name.

    >>> classify_topic("/fix", "sensor_msgs/msg/NavSatFix")
    <ChannelKind.GNSS: 'gnss'>
    >>> classify_topic("/cam/front", "sensor_msgs/msg/CompressedImage")
    <ChannelKind.CAMERA: 'camera'>
    >>> classify_topic("/imu/data", "sensor_msgs/msg/Imu")
    <ChannelKind.OTHER: 'other'>
    """
    if _GNSS_TYPES.search(msgtype):
        return ChannelKind.GNSS
    if _CAMERA_TYPES.search(msgtype):
        return ChannelKind.CAMERA
    if _POINTCLOUD_TYPES.search(msgtype):
        return ChannelKind.POINTCLOUD
    if _MAP_TYPES.search(msgtype) or _MAP_TOPICS.search(topic):
        return ChannelKind.MAP
    if _TEXT_TYPES.search(msgtype):
        return ChannelKind.TEXT
    return ChannelKind.OTHER


def classify_signal(name: str, unit: str | None = None) -> ChannelKind:
    """Return the kind of a decoded CAN signal from its name and unit.

    >>> classify_signal("GPS_Latitude", "deg")
    <ChannelKind.GNSS: 'gnss'>
    >>> classify_signal("SPEED", "kph")
    <ChannelKind.SPEED: 'speed'>
    >>> classify_signal("VIN_1")
    <ChannelKind.VIN: 'vin'>
    """
    unit = (unit or "").lower()
    if _LAT.search(name) or _LON.search(name) or ("gps" in name.lower() and "deg" in unit):
        return ChannelKind.GNSS
    if _VIN.search(name):
        return ChannelKind.VIN
    if _SPEED.search(name) or unit in {"km/h", "kph", "m/s", "mph"}:
        return ChannelKind.SPEED
    return ChannelKind.OTHER


def is_latitude(name: str) -> bool:
    """True when a signal name says latitude."""
    return bool(_LAT.search(name))
