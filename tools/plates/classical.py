"""The retired classical plate detector (colour, shape, character texture), kept as a baseline.

carborder shipped this detector before the learned one. On the plate evaluation set it adds
no recall to the learned detector's batch search and lowers its precision (see
``evaluate.py`` and bench/results/plates.json), so the product no longer runs it; it stays
here so that comparison can be repeated.

No installed package ships a detector for Chinese plates, so this one is built from what
every plate under GA 36 shares: a saturated background colour (blue, yellow, new-energy
green; white and black optionally), a fixed aspect ratio (440×140 mm single row, 480×140 mm
new-energy, 440×220 mm double row) and 7–8 high-contrast characters that make many
bright/dark transitions along a horizontal line. Candidates come from colour masks; each is
kept only if its rotated shape and its character texture pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import cv2
import numpy as np
from numpy.typing import NDArray

from carborder.scan.detectors.vision.base import Box, Image, ImageDetector, nms

__all__ = ["DEFAULT_COLOURS", "WHITE_BLACK_COLOURS", "ClassicalPlateDetector", "ColourRange"]


@dataclass(frozen=True, slots=True)
class ColourRange:
    """An HSV range (OpenCV scale: H 0–179, S and V 0–255) for one plate background."""

    name: str
    lo: tuple[int, int, int]
    hi: tuple[int, int, int]


#: Plate backgrounds with a distinctive colour.
DEFAULT_COLOURS: tuple[ColourRange, ...] = (
    ColourRange("blue", (100, 110, 120), (125, 255, 255)),
    # Haze, glare and cheap sensors wash blue out: a weaker second reading of blue.
    ColourRange("blue_dim", (104, 30, 45), (125, 255, 255)),
    ColourRange("yellow", (14, 110, 90), (34, 255, 255)),
    ColourRange("green", (38, 50, 80), (85, 255, 255)),
)

#: Low-saturation backgrounds: white (police, armed police) and black (foreign, HK/Macau).
WHITE_BLACK_COLOURS: tuple[ColourRange, ...] = (
    ColourRange("white", (0, 0, 170), (179, 40, 255)),
    ColourRange("black", (0, 0, 0), (179, 255, 60)),
)

_MIN_ASPECT = 1.6
_MAX_ASPECT = 6.5
# A plate filling more than 6 % of the frame is a close-up nobody photographs by accident;
# larger blobs are car bodies and painted panels.
_MAX_AREA_FRACTION = 0.06


def _transitions(binary: NDArray[np.uint8]) -> float:
    """Median count of 0↔1 changes along rows of the middle band of a binary crop."""
    h = binary.shape[0]
    band = binary[int(h * 0.3) : max(int(h * 0.3) + 1, int(h * 0.75))]
    changes = np.count_nonzero(np.diff(band.astype(np.int8), axis=1), axis=1)
    return float(np.median(changes)) if changes.size else 0.0


def _upright_crop(
    grey: NDArray[np.uint8], rect: tuple[tuple[float, float], tuple[float, float], float]
) -> NDArray[np.uint8]:
    """Cut the rotated rectangle out of ``grey`` and turn it so its long side is horizontal."""
    (cx, cy), (rw, rh), angle = rect
    if rw < rh:
        rw, rh, angle = rh, rw, angle - 90.0
    matrix = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    matrix[0, 2] += rw / 2.0 - cx
    matrix[1, 2] += rh / 2.0 - cy
    size = (max(1, int(rw)), max(1, int(rh)))
    return np.asarray(cv2.warpAffine(grey, matrix, size, flags=cv2.INTER_LINEAR), dtype=np.uint8)


class ClassicalPlateDetector(ImageDetector):
    """Classical detector for Chinese licence plates (blue, yellow, green, white, black).

    Args:
        work_side: Long side the image is reduced to before searching (plates stay above
            about 12 px high at 1280 in a 1080p street scene).
        min_height_px: Smallest plate height searched, in working pixels.
        min_transitions: Character transitions a plate row must show (7 characters give
            about 14; glare and blur lose some).
        colours: Colour ranges searched; add :data:`WHITE_BLACK_COLOURS` for police, military,
            embassy and Hong Kong/Macau plates (measured: about half of them found, at the
            cost of more false boxes on light or dark text, so off by default).
    """

    name: ClassVar[str] = "vision.plate.cn_classical"
    version: ClassVar[str] = "1"
    labels: ClassVar[tuple[str, ...]] = ("plate",)

    def __init__(
        self,
        *,
        work_side: int = 1280,
        min_height_px: int = 10,
        min_transitions: float = 8.0,
        colours: tuple[ColourRange, ...] = DEFAULT_COLOURS,
    ) -> None:
        self.work_side = work_side
        self.min_height_px = min_height_px
        self.min_transitions = min_transitions
        self.colours = colours

    def detect(self, image: Image) -> list[Box]:
        """Return plate boxes in ``image`` coordinates."""
        height, width = image.shape[:2]
        scale = min(1.0, self.work_side / max(height, width))
        work = image if scale == 1.0 else cv2.resize(image, None, fx=scale, fy=scale)
        hsv = cv2.cvtColor(work, cv2.COLOR_BGR2HSV)
        grey = np.asarray(cv2.cvtColor(work, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
        found: list[Box] = []
        for colour in self.colours:
            mask = np.asarray(cv2.inRange(hsv, colour.lo, colour.hi), dtype=np.uint8)
            found.extend(self._from_mask(mask, grey))
        boxes = nms(found, 0.2)
        inv = 1.0 / scale
        return [b.scaled(inv, inv) for b in boxes]

    def _from_mask(self, mask: NDArray[np.uint8], grey: NDArray[np.uint8]) -> list[Box]:
        # Close the gaps the characters leave in the background colour.
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 5))
        mask = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel), dtype=np.uint8)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        img_area = grey.shape[0] * grey.shape[1]
        out: list[Box] = []
        for contour in contours:
            box = self._candidate(np.asarray(contour, dtype=np.int32), grey, img_area)
            if box is not None:
                out.append(box)
        return out

    def _candidate(
        self, contour: NDArray[np.int32], grey: NDArray[np.uint8], img_area: int
    ) -> Box | None:
        x, y, w, h = cv2.boundingRect(contour)
        if w * h > img_area * _MAX_AREA_FRACTION or max(w, h) < self.min_height_px * _MIN_ASPECT:
            return None
        # Plates are seen at an angle: judge shape on the rotated rectangle.
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(contour)
        rect = ((float(cx), float(cy)), (float(rw), float(rh)), float(angle))
        long_side, short_side = max(rw, rh), min(rw, rh)
        if short_side < self.min_height_px:
            return None
        if not _MIN_ASPECT <= long_side / short_side <= _MAX_ASPECT:
            return None
        fill = cv2.contourArea(contour) / float(long_side * short_side)
        if fill < 0.6:
            return None
        score = self._texture_score(_upright_crop(grey, rect))
        if score <= 0.0:
            return None
        return Box(x, y, x + w, y + h, min(1.0, 0.6 + 0.4 * score * fill), "plate")

    def _texture_score(self, crop: NDArray[np.uint8]) -> float:
        """Return 0 when the crop lacks plate-like characters, else a score in (0, 1]."""
        if crop.size == 0:
            return 0.0
        _, thresholded = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        binary = np.asarray(thresholded, dtype=np.uint8)
        ink = float(binary.mean())
        if not 0.12 <= ink <= 0.88:
            return 0.0
        # Characters must stand out from the background even in haze: compare class means.
        on = binary.astype(bool)
        if float(crop[on].mean()) - float(crop[~on].mean()) < 24.0:
            return 0.0
        changes = _transitions(binary)
        if changes < self.min_transitions or changes > 40:
            return 0.0
        return min(1.0, changes / 16.0)
