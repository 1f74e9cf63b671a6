"""De-identify still images: same format, same size, faces and plates hidden."""

from __future__ import annotations

from pathlib import Path

import cv2

from carborder.deid.media.plan import MediaDeidPlan
from carborder.deid.media.regions import anonymize_frame
from carborder.errors import Msg, ScanInputError
from carborder.scan.detectors.vision.pipeline import SearchMode, VisionPipeline
from carborder.scan.readers.images import read_image

__all__ = ["deidentify_image"]


def deidentify_image(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    pipeline: VisionPipeline | None = None,
) -> int:
    """Write ``dst`` (same format as ``src``) with faces and plates hidden; return box count."""
    plan = plan or MediaDeidPlan()
    image = read_image(src)
    out, boxes = anonymize_frame(image, plan, pipeline, mode=plan.search or SearchMode.BATCH)
    params = [cv2.IMWRITE_JPEG_QUALITY, 92] if src.suffix.lower() in {".jpg", ".jpeg"} else []
    ok, buf = cv2.imencode(src.suffix.lower() or ".png", out, params)
    if not ok:
        raise ScanInputError(Msg("err-image-encode"), file=dst)
    dst.write_bytes(buf.tobytes())
    return len(boxes)
