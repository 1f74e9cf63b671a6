"""Hide detections in an image: pixelate, blur or fill, padded; plates by their four corners."""

from __future__ import annotations

import cv2
import numpy as np

from carborder.deid.media.plan import MediaDeidPlan, RegionMode
from carborder.scan.detectors.vision.base import Box, Image
from carborder.scan.detectors.vision.pipeline import SearchMode, VisionPipeline, default_pipeline

__all__ = ["anonymize_frame", "hide_boxes", "region_mask"]


def region_mask(box: Box) -> np.ndarray | None:
    """The pixels to hide inside ``box`` (already padded): its quadrilateral, or None for all.

    A quadrilateral is used only when it is a sane shape covering at least half of its box;
    otherwise the whole box is hidden (a detector's corners can be wrong, the box is the
    safe side).
    """
    if box.quad is None:
        return None
    pts = np.array([[x - box.x0, y - box.y0] for x, y in box.quad], dtype=np.float32)
    hull = cv2.convexHull(pts)
    if cv2.contourArea(hull) < 0.5 * max(1, box.area):
        return None
    mask = np.zeros((box.height, box.width), np.uint8)
    cv2.fillConvexPoly(mask, np.round(hull).astype(np.int32), 255, lineType=cv2.LINE_8)
    return mask


def _erased(image: Image, box: Box, mask: np.ndarray | None) -> Image:
    """Return ``box``'s pixels painted over from a ring of pixels just outside it.

    Works on a copy reduced so the region's short side is about 24 px (inpainting cost grows
    with area, and the result is smooth anyway), then scales back.
    """
    height, width = image.shape[:2]
    ring = max(3, min(box.width, box.height) // 4)
    x0, y0 = max(0, box.x0 - ring), max(0, box.y0 - ring)
    x1, y1 = min(width, box.x1 + ring), min(height, box.y1 + ring)
    area = image[y0:y1, x0:x1]
    holes = np.zeros(area.shape[:2], np.uint8)
    inner = holes[box.y0 - y0 : box.y1 - y0, box.x0 - x0 : box.x1 - x0]
    inner[:] = 255 if mask is None else mask
    scale = min(1.0, 24.0 / max(1, min(box.width, box.height)))
    size = (max(2, round(area.shape[1] * scale)), max(2, round(area.shape[0] * scale)))
    small = cv2.resize(area, size, interpolation=cv2.INTER_AREA)
    small_holes = cv2.resize(holes, size, interpolation=cv2.INTER_NEAREST)
    # Grow the holes by a pixel at the reduced scale so no plate edge bleeds into the fill.
    small_holes = cv2.dilate(small_holes, np.ones((3, 3), np.uint8))
    painted = cv2.inpaint(small, small_holes, 3, cv2.INPAINT_TELEA)
    back = cv2.resize(painted, (area.shape[1], area.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.asarray(back[box.y0 - y0 : box.y1 - y0, box.x0 - x0 : box.x1 - x0], np.uint8)


def _hidden(roi: Image, box: Box, mode: RegionMode, blocks: int) -> Image:
    """Return the hidden version of ``roi`` (same shape) for the pixel-local modes."""
    if mode is RegionMode.FILL:
        out = np.empty_like(roi)
        out[:] = roi.reshape(-1, roi.shape[-1]).mean(axis=0).astype(roi.dtype)
        return out
    if mode is RegionMode.BLUR:
        k = max(3, (max(box.width, box.height) // 2) | 1)
        return np.asarray(cv2.GaussianBlur(roi, (k, k), 0), dtype=np.uint8)
    bw = max(1, min(blocks, box.width))
    bh = max(1, min(max(2, blocks * box.height // max(1, box.width)), box.height))
    small = cv2.resize(roi, (bw, bh), interpolation=cv2.INTER_AREA)
    return np.asarray(
        cv2.resize(small, (box.width, box.height), interpolation=cv2.INTER_NEAREST),
        dtype=np.uint8,
    )


def hide_boxes(image: Image, boxes: list[Box], plan: MediaDeidPlan) -> Image:
    """Hide every box of ``image`` in place and return it.

    Plates are hidden as ``plan.plates`` says, inside their quadrilateral enlarged by
    ``plan.pad`` when the detector gave corners; every other box as ``plan.regions`` says, as
    a padded rectangle.

    >>> img = np.arange(100 * 100 * 3, dtype=np.uint8).reshape(100, 100, 3)
    >>> out = hide_boxes(img, [Box(10, 10, 40, 40, 1.0, "face")], MediaDeidPlan())
    >>> int(out[20:30, 20:30].std() < img[0:10, 0:10].std() + 1)
    1
    """
    height, width = image.shape[:2]
    for raw in boxes:
        mode = plan.plates if raw.label == "plate" else plan.regions
        box = raw.padded(plan.pad, width, height)
        if box.width < 2 or box.height < 2 or mode is RegionMode.KEEP:
            continue
        roi = image[box.y0 : box.y1, box.x0 : box.x1]
        mask = region_mask(box)
        if mode is RegionMode.ERASE:
            hidden = _erased(image, box, mask)
        else:
            hidden = _hidden(roi, box, mode, plan.blocks)
        if mask is None:
            roi[:] = hidden
        else:
            np.copyto(roi, hidden, where=mask[:, :, None].astype(bool))
    return image


def anonymize_frame(
    image: Image,
    plan: MediaDeidPlan,
    pipeline: VisionPipeline | None = None,
    *,
    mode: SearchMode = SearchMode.BATCH,
) -> tuple[Image, list[Box]]:
    """Detect faces and plates and hide them; return the image and the boxes found.

    Args:
        image: BGR frame, changed in place.
        plan: How to hide.
        pipeline: Detectors to use; the shipped ones for ``mode`` by default.
        mode: ``realtime`` for video frames, ``batch`` for stills.
    """
    boxes = (pipeline or default_pipeline(mode)).detect(image)
    return hide_boxes(image, boxes, plan), boxes
