"""Is there a white or black plate's row of characters inside a candidate? For weak detections.

The learned detector scores white (police) and black (Hong Kong/Macau, consular) plates low:
they are rare in its training data. A weak candidate whose inside is unsaturated (white or
black background) and shows a row of high-contrast strokes is taken as a plate. Saturated
insides (blue, yellow, green plates, but also lettering on a painted body) are left to the
network alone, which already finds those plates.
"""

from __future__ import annotations

import cv2
import numpy as np

from carborder.scan.detectors.vision.base import Image, Quad

__all__ = ["has_characters", "is_unsaturated", "rectify"]

_SIZE = (120, 40)


def rectify(image: Image, quad: Quad) -> Image:
    """The quadrilateral warped to a frontal 120×40 BGR patch."""
    src = np.array(quad, dtype=np.float32)
    dst = np.array([[0, 0], [_SIZE[0], 0], [_SIZE[0], _SIZE[1]], [0, _SIZE[1]]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    return np.asarray(cv2.warpPerspective(image, matrix, _SIZE, flags=cv2.INTER_LINEAR), np.uint8)


def is_unsaturated(patch: Image) -> bool:
    """True when the patch's colours are mostly grey, as on white and black plates."""
    hsv = cv2.cvtColor(patch, cv2.COLOR_BGR2HSV)
    return float(np.median(hsv[:, :, 1])) < 70.0


def has_characters(patch: Image) -> bool:
    """True when the patch shows a row of high-contrast strokes, as plate characters do."""
    grey = np.asarray(cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY), np.uint8)
    core = grey[6:-6, 4:-4]
    _, binary = cv2.threshold(core, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    ink = float(binary.mean())
    if not 0.15 <= ink <= 0.85:
        return False
    on = binary.astype(bool)
    if float(core[on].mean()) - float(core[~on].mean()) < 40.0:
        return False
    band = binary[binary.shape[0] // 4 : 3 * binary.shape[0] // 4]
    changes = np.count_nonzero(np.diff(band.astype(np.int8), axis=1), axis=1)
    return 10 <= float(np.median(changes)) <= 36
