"""De-identify video: every frame kept with its timestamp, faces and plates hidden."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from carborder.deid.media.plan import MediaDeidPlan
from carborder.deid.media.regions import anonymize_frame
from carborder.errors import ScanInputError
from carborder.scan.detectors.vision.pipeline import SearchMode, VisionPipeline
from carborder.scan.readers.video import iter_frames

__all__ = ["deidentify_video"]


def deidentify_video(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    pipeline: VisionPipeline | None = None,
    codec: str = "libx264",
) -> int:
    """Re-encode ``src`` into ``dst`` with the same frame count, time base and timestamps.

    Each output frame carries its source frame's ``pts`` (not a frame counter), so variable
    frame rates and the clip duration survive; audio is not copied.

    Returns:
        The number of frames written.
    """
    import av

    plan = plan or MediaDeidPlan()
    mode = plan.search or SearchMode.REALTIME
    with av.open(str(src)) as probe:
        if not probe.streams.video:
            raise ScanInputError("file has no video stream", file=src)
        vin = probe.streams.video[0]
        rate = vin.average_rate or Fraction(30, 1)
        time_base = vin.time_base or Fraction(1, 90_000)
        width, height = vin.codec_context.width, vin.codec_context.height
    written = 0
    with av.open(str(dst), mode="w") as out:
        stream = out.add_stream(codec, rate=rate)
        if not isinstance(stream, av.video.stream.VideoStream):
            raise ScanInputError(f"codec {codec!r} is not a video codec")
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.time_base = time_base
        stream.codec_context.time_base = time_base
        # Keep every frame: no B-frame reordering surprises, no frame dropping.
        stream.options = {"crf": "18", "bf": "0"}
        for frame, image in iter_frames(src):
            anonymized, _ = anonymize_frame(image, plan, pipeline, mode=mode)
            new = av.VideoFrame.from_ndarray(anonymized, format="bgr24")
            new.pts = frame.pts if frame.pts is not None else written
            new.time_base = time_base
            for packet in stream.encode(new):
                out.mux(packet)
            written += 1
        for packet in stream.encode(None):
            out.mux(packet)
    return written
