"""Read JPEG/PNG files and ROS image messages into BGR arrays, and scan them for faces/plates."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from carborder.errors import Msg, ScanInputError
from carborder.safety.images import check_image_pixels
from carborder.scan.detectors.vision.base import Image
from carborder.scan.detectors.vision.pipeline import FrameStats, VisionPipeline, default_pipeline
from carborder.scan.readers.media_meta import IMAGE_SUFFIXES, MediaMeta, image_meta
from carborder.scan.vehicle.gnss import TrackStats
from carborder.scan.vehicle.result import ChannelSummary, VehicleScan
from carborder.scan.vehicle.topics import CameraPlacement, ChannelKind

__all__ = [
    "IMAGE_SUFFIXES",
    "add_media_meta",
    "decode_image_bytes",
    "decode_image_msg",
    "encode_image_msg_data",
    "read_image",
    "scan_image_file",
]

# ROS raw-image encodings we can turn into BGR, with their channel count and conversion.
_RAW: dict[str, tuple[int, int | None]] = {
    "bgr8": (3, None),
    "rgb8": (3, cv2.COLOR_RGB2BGR),
    "bgra8": (4, cv2.COLOR_BGRA2BGR),
    "rgba8": (4, cv2.COLOR_RGBA2BGR),
    "mono8": (1, cv2.COLOR_GRAY2BGR),
}


def decode_image_bytes(data: bytes | bytearray | memoryview | Any) -> Image | None:
    """Decode JPEG/PNG bytes (or base64 text, as JSON-encoded MCAP carries) to BGR.

    Returns None when they are not a decodable image.

    Raises:
        ScanInputError: the header announces more pixels than carborder decodes.
    """
    if isinstance(data, str):
        try:
            data = base64.b64decode(data, validate=True)
        except ValueError:
            return None
    buf = np.frombuffer(bytes(data), dtype=np.uint8)
    if buf.size == 0:
        return None
    # the input-safety layer reads the size from the header before the decoder allocates it
    check_image_pixels(buf.tobytes())
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return None if img is None else np.asarray(img, dtype=np.uint8)


def read_image(path: Path) -> Image:
    """Read an image file as BGR.

    Raises:
        ScanInputError: When the file is missing, empty, truncated or not an image.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScanInputError(
            Msg("err-image-unreadable", detail=str(exc.strerror)), file=path
        ) from exc
    img = decode_image_bytes(data)
    if img is None:
        raise ScanInputError(Msg("err-image-undecodable"), file=path)
    # A cut JPEG still decodes, with the missing part grey: an end-of-image marker must
    # follow the last start-of-scan (phones append metadata after it, so not "ends with").
    if (
        path.suffix.lower() in {".jpg", ".jpeg"}
        and data.find(b"\xff\xd9", data.rfind(b"\xff\xda")) < 0
    ):
        raise ScanInputError(
            Msg("err-jpeg-truncated"),
            file=path,
            hint=Msg("hint-copy-again"),
        )
    return img


def decode_image_msg(msg: Any) -> Image | None:
    """Decode a ``sensor_msgs/Image`` or ``CompressedImage`` (ROS 1/2, any decoder) to BGR."""
    data = getattr(msg, "data", None)
    if data is None:
        return None
    if hasattr(msg, "format") and not hasattr(msg, "encoding"):
        return decode_image_bytes(data)
    encoding = str(getattr(msg, "encoding", "")).lower()
    spec = _RAW.get(encoding)
    if spec is None:
        return None
    channels, conversion = spec
    height, width = int(msg.height), int(msg.width)
    step = int(getattr(msg, "step", width * channels)) or width * channels
    arr = np.frombuffer(bytes(data), dtype=np.uint8)
    if arr.size < height * step:
        return None
    rows = arr[: height * step].reshape(height, step)[:, : width * channels]
    img = rows.reshape(height, width, channels) if channels > 1 else rows.reshape(height, width)
    out = img.copy() if conversion is None else cv2.cvtColor(img, conversion)
    return np.asarray(out, dtype=np.uint8)


def encode_image_msg_data(msg: Any, image: Image) -> bytes:
    """Encode ``image`` back into the payload format of ``msg`` (same codec / raw encoding)."""
    if hasattr(msg, "format") and not hasattr(msg, "encoding"):
        fmt = str(msg.format).lower()
        ext = ".png" if "png" in fmt else ".jpg"
        params = [cv2.IMWRITE_JPEG_QUALITY, 92] if ext == ".jpg" else []
        ok, buf = cv2.imencode(ext, image, params)
        if not ok:
            raise ScanInputError(Msg("err-image-reencode", ext=ext))
        return bytes(buf.tobytes())
    encoding = str(msg.encoding).lower()
    channels, _ = _RAW[encoding]
    back = {
        "bgr8": None,
        "rgb8": cv2.COLOR_BGR2RGB,
        "bgra8": cv2.COLOR_BGR2BGRA,
        "rgba8": cv2.COLOR_BGR2RGBA,
        "mono8": cv2.COLOR_BGR2GRAY,
    }[encoding]
    out = image if back is None else cv2.cvtColor(image, back)
    height, width = int(msg.height), int(msg.width)
    step = int(getattr(msg, "step", width * channels)) or width * channels
    rows = np.zeros((height, step), dtype=np.uint8)
    rows[:, : width * channels] = np.asarray(out).reshape(height, width * channels)
    return bytes(rows.tobytes())


def scan_image_file(
    path: Path,
    *,
    pipeline: VisionPipeline | None = None,
    placement: CameraPlacement | None = None,
) -> VehicleScan:
    """Scan one still image for faces and plates."""
    pipeline = pipeline or default_pipeline()
    image = read_image(path)
    stats = FrameStats()
    stats.add(pipeline.detect(image))
    cabin = (placement or CameraPlacement()).is_cabin(str(path))
    channel = ChannelSummary(
        name=path.name,
        kind=ChannelKind.CAMERA,
        msgtype="image/" + path.suffix.lower().lstrip("."),
        messages=1,
        frames=stats,
        cabin=cabin,
        detector="+".join(pipeline.names),
    )
    result = VehicleScan(file=str(path), format="image", channels=[channel], messages=1)
    add_media_meta(result, image_meta(path), path.name)
    return result


def add_media_meta(result: VehicleScan, meta: MediaMeta, name: str) -> None:
    """Fold a media file's metadata in: a one-fix track, the device as an identifier."""
    result.location_read = meta.read
    if meta.has_location:
        assert meta.lat is not None and meta.lon is not None
        track = TrackStats()
        track.add(meta.lat, meta.lon, accuracy_m=meta.accuracy_m)
        result.channels.append(
            ChannelSummary(
                name=f"{name} ({meta.source})",
                kind=ChannelKind.GNSS,
                msgtype="metadata/location",
                messages=1,
                track=track,
                detector="vehicle.media_metadata",
            )
        )
    device = meta.device_id()
    if device:
        result.add_identifier("device_id", device)
