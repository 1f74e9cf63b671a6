"""Decode video files (MP4/MKV/AVI via PyAV) frame by frame and scan them for faces and plates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from carborder.errors import Msg, ScanInputError
from carborder.scan.detectors.vision.base import Image
from carborder.scan.detectors.vision.pipeline import (
    FrameStats,
    SearchMode,
    VisionPipeline,
    default_pipeline,
)
from carborder.scan.readers.media_meta import VIDEO_SUFFIXES
from carborder.scan.vehicle.result import ChannelSummary, VehicleScan
from carborder.scan.vehicle.scanner import ScanOptions
from carborder.scan.vehicle.topics import ChannelKind

__all__ = ["VIDEO_SUFFIXES", "iter_frames", "scan_video"]


def iter_frames(path: Path) -> Iterator[tuple[Any, Image]]:
    """Yield ``(av.VideoFrame, BGR array)`` for every frame of the first video stream.

    Raises:
        ScanInputError: When the file is not a readable video or is cut short.
    """
    import av

    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as exc:
        raise ScanInputError(Msg("err-video-unreadable", detail=str(exc)), file=path) from exc
    with container:
        if not container.streams.video:
            raise ScanInputError(Msg("err-video-no-stream"), file=path)
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        try:
            for frame in container.decode(stream):
                yield frame, np.asarray(frame.to_ndarray(format="bgr24"), dtype=np.uint8)
        except av.error.FFmpegError as exc:
            raise ScanInputError(Msg("err-video-corrupt", detail=str(exc)), file=path) from exc


def scan_video(
    path: Path,
    *,
    options: ScanOptions | None = None,
    pipeline: VisionPipeline | None = None,
) -> VehicleScan:
    """Scan a video: frame count, and faces/plates on every ``frame_stride``-th frame."""
    options = options or ScanOptions()
    stats = FrameStats()
    messages = 0
    for _frame, image in iter_frames(path):
        messages += 1
        if (messages - 1) % max(1, options.frame_stride):
            continue
        if options.vision:
            pipeline = pipeline or default_pipeline(SearchMode.REALTIME)
            stats.add(pipeline.detect(image), messages - 1)
        else:
            stats.frames += 1
    channel = ChannelSummary(
        name=path.name,
        kind=ChannelKind.CAMERA,
        msgtype="video/" + path.suffix.lower().lstrip("."),
        messages=messages,
        frames=stats,
        cabin=options.placement.is_cabin(path.name),
        detector="+".join(pipeline.names) if pipeline else "vehicle.camera",
    )
    result = VehicleScan(file=str(path), format="video", channels=[channel], messages=messages)
    result.content_kinds.add("camera_video")
    from carborder.scan.readers.images import add_media_meta
    from carborder.scan.readers.media_meta import video_meta

    add_media_meta(result, video_meta(path), path.name)
    return result
