"""Format-independent accumulation of decoded messages into channel summaries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from carborder.scan.vehicle.gnss import TrackStats
from carborder.scan.vehicle.result import ChannelSummary, VehicleScan
from carborder.scan.vehicle.strings import identifiers_in_text
from carborder.scan.vehicle.topics import CameraPlacement, ChannelKind, classify_topic

if TYPE_CHECKING:
    from carborder.scan.detectors.vision.pipeline import VisionPipeline

__all__ = ["MessageScanner", "ScanOptions", "parse_nmea_fix"]


def _placement() -> CameraPlacement:
    return CameraPlacement()


@dataclass(frozen=True)
class ScanOptions:
    """Knobs shared by the bag, MCAP and video readers.

    Attributes:
        vision: Run face/plate detection on camera frames.
        frame_stride: Look at every n-th frame of each camera (1 = all).
        placement: Which camera names mean the cabin.
    """

    vision: bool = True
    frame_stride: int = 1
    placement: CameraPlacement = field(default_factory=_placement)


def parse_nmea_fix(sentence: str) -> tuple[float, float] | None:
    """Return (lat, lon) from a GGA or RMC sentence, else None.

    >>> lat, lon = parse_nmea_fix("$GPGGA,123519,4807.038,N,01131.000,W,1,08,0.9,545.4,M,,*47")
    >>> round(lat, 6), round(lon, 6)
    (48.1173, -11.516667)
    """
    parts = sentence.strip().split(",")
    if not parts or len(parts[0]) < 6:
        return None
    kind = parts[0][-3:]
    try:
        if kind == "GGA" and len(parts) > 5:
            lat_s, lat_h, lon_s, lon_h = parts[2], parts[3], parts[4], parts[5]
        elif kind == "RMC" and len(parts) > 6:
            lat_s, lat_h, lon_s, lon_h = parts[3], parts[4], parts[5], parts[6]
        else:
            return None
        lat = int(float(lat_s) / 100) + (float(lat_s) % 100) / 60
        lon = int(float(lon_s) / 100) + (float(lon_s) % 100) / 60
    except ValueError:
        return None
    return (-lat if lat_h == "S" else lat, -lon if lon_h == "W" else lon)


def _accuracy_m(msg: Any) -> float | None:
    cov = getattr(msg, "position_covariance", None)
    if cov is not None and int(getattr(msg, "position_covariance_type", 0) or 0) > 0:
        values = list(cov)
        if len(values) >= 5 and values[0] > 0 and values[4] > 0:
            return math.sqrt(max(values[0], values[4]))
    h_acc = getattr(msg, "horizontal_accuracy", None) or getattr(msg, "h_acc", None)
    return float(h_acc) if h_acc else None


def _frame_id(msg: Any) -> str:
    header = getattr(msg, "header", None)
    return str(getattr(header, "frame_id", "") or getattr(msg, "frame_id", "") or "")


def _strings(msg: Any, depth: int = 0) -> list[str]:
    """Every string field of a decoded message (bounded depth)."""
    if isinstance(msg, str):
        return [msg]
    if depth > 4 or isinstance(msg, bytes | bytearray | int | float | bool) or msg is None:
        return []
    if isinstance(msg, list | tuple):
        return [s for item in msg[:64] for s in _strings(item, depth + 1)]
    fields = getattr(msg, "__dataclass_fields__", None) or getattr(msg, "__slots__", None) or ()
    return [s for name in fields for s in _strings(getattr(msg, name, None), depth + 1)]


class MessageScanner:
    """Feed it messages channel by channel; it keeps only counts and statistics.

    Args:
        file: Path of the scanned file (for evidence).
        fmt: Format name (``mcap``, ``rosbag1``, ``rosbag2``...).
        options: Shared scan options.
        pipeline: Vision pipeline; the shipped detectors by default.
    """

    def __init__(
        self,
        file: str,
        fmt: str,
        options: ScanOptions | None = None,
        pipeline: VisionPipeline | None = None,
    ) -> None:
        self.options = options or ScanOptions()
        self._pipeline = pipeline
        self.result = VehicleScan(file=file, format=fmt)
        self._channels: dict[str, ChannelSummary] = {}

    @property
    def pipeline(self) -> VisionPipeline:
        """The vision pipeline, built on first use."""
        if self._pipeline is None:
            # imported here: the vision package loads OpenCV and the models, which only
            # camera channels need (a tabular scan registers this module's readers too)
            from carborder.scan.detectors.vision.pipeline import SearchMode, default_pipeline

            self._pipeline = default_pipeline(SearchMode.REALTIME)
        return self._pipeline

    def channel(self, name: str, msgtype: str) -> ChannelSummary:
        """Return (creating on first sight) the summary of a channel."""
        ch = self._channels.get(name)
        if ch is None:
            kind = classify_topic(name, msgtype)
            ch = ChannelSummary(name=name, kind=kind, msgtype=msgtype)
            if kind is ChannelKind.GNSS:
                ch.track = TrackStats()
                ch.detector = "vehicle.gnss"
            elif kind is ChannelKind.CAMERA:
                from carborder.scan.detectors.vision.pipeline import FrameStats

                ch.frames = FrameStats()
                ch.cabin = self.options.placement.is_cabin(name)
                ch.detector = "vehicle.camera"
            elif kind is ChannelKind.TEXT:
                ch.detector = "vehicle.text_pi"
            self._channels[name] = ch
            self.result.channels.append(ch)
        return ch

    @staticmethod
    def needs_payload(ch: ChannelSummary) -> bool:
        """Whether the reader must decode this channel's messages (else only count them)."""
        return ch.kind in (ChannelKind.GNSS, ChannelKind.CAMERA, ChannelKind.TEXT)

    def count(self, ch: ChannelSummary, n: int = 1) -> None:
        """Count messages without looking inside."""
        ch.messages += n
        self.result.messages += n

    def add(self, ch: ChannelSummary, msg: Any) -> None:
        """Count one decoded message and look inside it."""
        self.count(ch)
        if ch.kind is ChannelKind.GNSS and ch.track is not None:
            self._add_fix(ch.track, msg)
        elif ch.kind is ChannelKind.CAMERA and ch.frames is not None:
            self._add_frame(ch, msg)
        elif ch.kind is ChannelKind.TEXT:
            self.add_text(ch, " ".join(_strings(msg)))

    def add_text(self, ch: ChannelSummary, text: str) -> None:
        """Count validated identifiers in a text payload (and keep them for counting people)."""
        for kind, values in identifiers_in_text(text).items():
            ch.pi_matches[kind] = ch.pi_matches.get(kind, 0) + len(values)
            for value in values:
                self.result.add_identifier(kind, value)

    def _add_fix(self, track: TrackStats, msg: Any) -> None:
        lat = getattr(msg, "latitude", None)
        lon = getattr(msg, "longitude", None)
        if lat is not None and lon is not None:
            status = getattr(getattr(msg, "status", None), "status", 0)
            if status is not None and int(status) < 0:  # NavSatStatus.STATUS_NO_FIX
                track.invalid += 1
                return
            track.add(float(lat), float(lon), accuracy_m=_accuracy_m(msg))
            return
        sentence = getattr(msg, "sentence", None)
        fix = parse_nmea_fix(str(sentence)) if sentence is not None else None
        if fix is None:
            track.invalid += 1
        else:
            track.add(*fix)

    def _add_frame(self, ch: ChannelSummary, msg: Any) -> None:
        from carborder.scan.readers.images import decode_image_msg

        assert ch.frames is not None
        if not ch.cabin and self.options.placement.is_cabin(_frame_id(msg)):
            ch.cabin = True
        if (ch.messages - 1) % max(1, self.options.frame_stride):
            return
        if not self.options.vision:
            ch.frames.frames += 1
            return
        image = decode_image_msg(msg)
        if image is None:
            return
        ch.frames.add(self.pipeline.detect(image), ch.messages - 1)
        ch.detector = "+".join(self.pipeline.names)

    def finish(self) -> VehicleScan:
        """Return the accumulated scan (every topic was looked at, positions included)."""
        self.result.location_read = True
        return self.result
