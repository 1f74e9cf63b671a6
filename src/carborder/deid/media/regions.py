"""Hide boxes in an image: pixelate, blur or fill, with padding; in place."""

from __future__ import annotations

import cv2

from carborder.deid.media.plan import MediaDeidPlan, RegionMode
from carborder.scan.detectors.vision.base import Box, Image
from carborder.scan.detectors.vision.pipeline import VisionPipeline, default_pipeline

__all__ = ["anonymize_frame", "hide_boxes"]


def hide_boxes(image: Image, boxes: list[Box], plan: MediaDeidPlan) -> Image:
    """Hide every box of ``image`` in place and return it.

    >>> import numpy as np
    >>> img = np.arange(100 * 100 * 3, dtype=np.uint8).reshape(100, 100, 3)
    >>> out = hide_boxes(img, [Box(10, 10, 40, 40, 1.0, "face")], MediaDeidPlan())
    >>> int(out[20:30, 20:30].std() < img[0:10, 0:10].std() + 1)
    1
    """
    height, width = image.shape[:2]
    for raw in boxes:
        box = raw.padded(plan.pad, width, height)
        if box.width < 2 or box.height < 2 or plan.regions is RegionMode.KEEP:
            continue
        roi = image[box.y0 : box.y1, box.x0 : box.x1]
        if plan.regions is RegionMode.FILL:
            roi[:] = roi.reshape(-1, roi.shape[-1]).mean(axis=0).astype(image.dtype)
        elif plan.regions is RegionMode.BLUR:
            k = max(3, (max(box.width, box.height) // 2) | 1)
            roi[:] = cv2.GaussianBlur(roi, (k, k), 0)
        else:
            bw = max(1, min(plan.blocks, box.width))
            bh = max(1, min(max(2, plan.blocks * box.height // max(1, box.width)), box.height))
            small = cv2.resize(roi, (bw, bh), interpolation=cv2.INTER_AREA)
            roi[:] = cv2.resize(small, (box.width, box.height), interpolation=cv2.INTER_NEAREST)
    return image


def anonymize_frame(
    image: Image, plan: MediaDeidPlan, pipeline: VisionPipeline | None = None
) -> tuple[Image, list[Box]]:
    """Detect faces and plates and hide them; return the image and the boxes found."""
    boxes = (pipeline or default_pipeline()).detect(image)
    return hide_boxes(image, boxes, plan), boxes
