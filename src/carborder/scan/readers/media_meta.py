"""Location, device and time from photo and video metadata (EXIF, XMP, container tags).

A photo taken by a phone or a dash-cam often carries where it was taken (EXIF GPS IFD, XMP
``exif:GPSLatitude`` or a drone's ``drone-dji:GpsLatitude``), the device (make, model, body
serial number) and when; a video container may carry an ISO 6709 location
(``com.apple.quicktime.location.ISO6709``, ``location``) and a creation time. This module
reads them; :attr:`MediaMeta.read` says whether the format's metadata was read at all, so
"no location" is only reported after reading, and formats that were not read stay unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "IMAGE_SUFFIXES",
    "VIDEO_SUFFIXES",
    "MediaMeta",
    "image_meta",
    "parse_iso6709",
    "video_meta",
]

# The suffixes live here, not beside their readers, so telling a file's format imports
# neither OpenCV nor the vision models (the readers need both; a tabular scan neither).
#: File suffixes read as still images.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp"})
#: File suffixes read as video.
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".mkv", ".avi", ".h264", ".h265", ".ts"})
#: Image formats whose metadata Pillow reads (EXIF in JPEG/PNG/WebP/TIFF, XMP packets).
META_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"})
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_MAKE, _MODEL, _DATETIME = 0x010F, 0x0110, 0x0132
_BODY_SERIAL, _DATETIME_ORIGINAL = 0xA431, 0x9003
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON, _GPS_H_ERROR = 1, 2, 3, 4, 31
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_XMP_FIELD = r'(?:{name})\s*=\s*"([^"]*)"|<(?:{name})>([^<]*)</'


@dataclass
class MediaMeta:
    """What a media file's metadata says (``read`` False: the format was not read)."""

    read: bool = False
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    device: dict[str, str] = field(default_factory=dict)
    time: str | None = None
    source: str = ""

    @property
    def has_location(self) -> bool:
        """True when a position was found."""
        return self.lat is not None and self.lon is not None

    def device_id(self) -> str | None:
        """A stable device identifier: make, model and serial number, when a serial exists."""
        serial = self.device.get("serial")
        if not serial:
            return None
        return "|".join([self.device.get("make", ""), self.device.get("model", ""), serial])


def _ratio(x: Any) -> float:
    return float(x[0]) / float(x[1]) if isinstance(x, tuple) and len(x) == 2 else float(x)


def _dms(value: Any, ref: Any) -> float | None:
    try:
        parts = [_ratio(v) for v in value] if isinstance(value, list | tuple) else [float(value)]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = (
        parts[0]
        + (parts[1] / 60 if len(parts) > 1 else 0)
        + (parts[2] / 3600 if len(parts) > 2 else 0)
    )
    return -deg if str(ref).strip().upper() in ("S", "W") else deg


def _xmp_coord(text: str) -> float | None:
    """XMP GPS coordinates: ``39,54.252N`` / ``39,54,15.12N`` (XMP spec) or plain decimals.

    >>> round(_xmp_coord("39,54.252N"), 5), _xmp_coord("-33.5"), _xmp_coord("x")
    (39.9042, -33.5, None)
    """
    text = text.strip()
    m = re.fullmatch(r"(\d+),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?([NSEW])", text)
    if m:
        deg = int(m.group(1)) + float(m.group(2)) / 60 + float(m.group(3) or 0) / 3600
        return -deg if m.group(4) in "SW" else deg
    try:
        return float(text)
    except ValueError:
        return None


def _xmp_field(packet: str, *names: str) -> str | None:
    for name in names:
        m = re.search(_XMP_FIELD.format(name=re.escape(name)), packet)
        if m:
            return (m.group(1) or m.group(2) or "").strip() or None
    return None


def _xmp(data: bytes, meta: MediaMeta) -> None:
    m = _XMP.search(data)
    if m is None:
        return
    packet = m.group().decode("utf-8", "replace")
    if not meta.has_location:
        lat = _xmp_field(packet, "exif:GPSLatitude", "drone-dji:GpsLatitude", "drone-dji:Latitude")
        lon = _xmp_field(
            packet, "exif:GPSLongitude", "drone-dji:GpsLongitude", "drone-dji:Longitude"
        )
        la = _xmp_coord(lat) if lat else None
        lo = _xmp_coord(lon) if lon else None
        if la is not None and lo is not None and -90 <= la <= 90 and -180 <= lo <= 180:
            meta.lat, meta.lon, meta.source = la, lo, "XMP"
    for key, names in (
        ("make", ("tiff:Make",)),
        ("model", ("tiff:Model",)),
        ("serial", ("aux:SerialNumber", "exifEX:BodySerialNumber", "drone-dji:SerialNumber")),
    ):
        got = _xmp_field(packet, *names)
        if got and key not in meta.device:
            meta.device[key] = got
    meta.time = meta.time or _xmp_field(packet, "exif:DateTimeOriginal", "xmp:CreateDate")


def image_meta(path: Path) -> MediaMeta:
    """EXIF and XMP location, device and time of an image file.

    >>> image_meta(Path("x.bmp")).read
    False
    """
    if path.suffix.lower() not in META_IMAGE_SUFFIXES:
        return MediaMeta()
    from PIL import Image, UnidentifiedImageError

    meta = MediaMeta(read=True)
    try:
        data = path.read_bytes()
        with Image.open(path) as img:
            exif = img.getexif()
            gps = exif.get_ifd(_GPS_IFD)
            sub = exif.get_ifd(_EXIF_IFD)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return MediaMeta(read=False)
    if gps:
        lat = _dms(gps.get(_GPS_LAT), gps.get(_GPS_LAT_REF, "N")) if _GPS_LAT in gps else None
        lon = _dms(gps.get(_GPS_LON), gps.get(_GPS_LON_REF, "E")) if _GPS_LON in gps else None
        if lat is not None and lon is not None and not (lat == 0 and lon == 0):
            meta.lat, meta.lon, meta.source = lat, lon, "EXIF GPS"
            err = gps.get(_GPS_H_ERROR)
            if err is not None:
                try:
                    meta.accuracy_m = _ratio(err)
                except (TypeError, ValueError, ZeroDivisionError):
                    meta.accuracy_m = None
    for key, tag in (("make", _MAKE), ("model", _MODEL)):
        if exif.get(tag):
            meta.device[key] = str(exif[tag]).strip("\x00 ")
    if sub.get(_BODY_SERIAL):
        meta.device["serial"] = str(sub[_BODY_SERIAL]).strip("\x00 ")
    stamp = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    meta.time = str(stamp) if stamp else None
    _xmp(data, meta)
    return meta


def parse_iso6709(text: str) -> tuple[float, float] | None:
    """Latitude and longitude from an ISO 6709 string (as video containers store them).

    >>> parse_iso6709("+39.9042+116.4074+050.000/")
    (39.9042, 116.4074)
    >>> parse_iso6709("nowhere") is None
    True
    """
    m = re.match(r"\s*([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)", text)
    if m is None:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def video_meta(path: Path) -> MediaMeta:
    """Container tags of a video: ISO 6709 location, make/model, creation time."""
    import av

    try:
        with av.open(str(path)) as container:
            tags = {str(k).lower(): str(v) for k, v in (container.metadata or {}).items()}
            for stream in container.streams:
                for k, v in (stream.metadata or {}).items():
                    tags.setdefault(str(k).lower(), str(v))
    except (av.error.FFmpegError, OSError):
        return MediaMeta(read=False)
    meta = MediaMeta(read=True)
    for key in ("com.apple.quicktime.location.iso6709", "location", "location-eng"):
        if key in tags:
            got = parse_iso6709(tags[key])
            if got is not None:
                meta.lat, meta.lon = got
                meta.source = f"container tag {key}"
                break
    for key, names in (
        ("make", ("com.apple.quicktime.make", "make")),
        ("model", ("com.apple.quicktime.model", "model")),
        ("serial", ("com.apple.quicktime.camera.identifier", "serial_number", "serial")),
    ):
        for n in names:
            if tags.get(n):
                meta.device[key] = tags[n]
                break
    meta.time = tags.get("creation_time") or tags.get("com.apple.quicktime.creationdate")
    return meta
