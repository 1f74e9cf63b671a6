"""Boxes, the image-detector interface and box arithmetic shared by every vision detector."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

__all__ = ["Box", "Image", "ImageDetector", "Quad", "enlarge_quad", "iou", "nms"]

#: An 8-bit BGR image (OpenCV order), shape ``(height, width, 3)``.
Image = NDArray[np.uint8]

#: Four corner points ``((x, y), …)`` in pixels: top-left, top-right, bottom-right, bottom-left.
Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Box:
    """A detection: an axis-aligned box in pixels (``x1``/``y1`` exclusive), maybe with corners.

    ``quad`` holds the four corners of the object itself where the detector finds them (a
    plate seen at an angle is a quadrilateral, not a rectangle).

    >>> Box(10, 10, 30, 20, 0.9, "plate").area
    200
    """

    x0: int
    y0: int
    x1: int
    y1: int
    score: float
    label: str
    quad: Quad | None = None

    @property
    def width(self) -> int:
        """Width in pixels."""
        return max(0, self.x1 - self.x0)

    @property
    def height(self) -> int:
        """Height in pixels."""
        return max(0, self.y1 - self.y0)

    @property
    def area(self) -> int:
        """Area in pixels."""
        return self.width * self.height

    def padded(self, pad: float, width: int, height: int) -> Box:
        """Grow the box by ``pad`` of its size on every side, clipped to the image.

        >>> Box(10, 10, 20, 20, 1.0, "face").padded(0.5, 25, 100)
        Box(x0=5, y0=5, x1=25, y1=25, score=1.0, label='face', quad=None)
        """
        dx = round(self.width * pad)
        dy = round(self.height * pad)
        return Box(
            max(0, self.x0 - dx),
            max(0, self.y0 - dy),
            min(width, self.x1 + dx),
            min(height, self.y1 + dy),
            self.score,
            self.label,
            None if self.quad is None else enlarge_quad(self.quad, pad),
        )

    def shifted(self, dx: int, dy: int, width: int, height: int) -> Box:
        """Move the box (and its corners) by ``dx``, ``dy``, clipped to the image.

        >>> Box(10, 10, 20, 20, 1.0, "face").shifted(-15, 5, 100, 100)
        Box(x0=0, y0=15, x1=5, y1=25, score=1.0, label='face', quad=None)
        """
        quad = self.quad
        return Box(
            min(width, max(0, self.x0 + dx)),
            min(height, max(0, self.y0 + dy)),
            min(width, max(0, self.x1 + dx)),
            min(height, max(0, self.y1 + dy)),
            self.score,
            self.label,
            None if quad is None else _map_quad(quad, lambda x, y: (x + dx, y + dy)),
        )

    def scaled(self, fx: float, fy: float) -> Box:
        """Scale coordinates by ``fx`` horizontally and ``fy`` vertically."""
        quad = self.quad
        return Box(
            int(self.x0 * fx),
            int(self.y0 * fy),
            round(self.x1 * fx),
            round(self.y1 * fy),
            self.score,
            self.label,
            None if quad is None else _map_quad(quad, lambda x, y: (x * fx, y * fy)),
        )

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-friendly dict (``quad`` only when the detector gives corners)."""
        doc: dict[str, object] = {
            "x0": self.x0,
            "y0": self.y0,
            "x1": self.x1,
            "y1": self.y1,
            "score": round(self.score, 3),
            "label": self.label,
        }
        if self.quad is not None:
            doc["quad"] = [[round(x, 1), round(y, 1)] for x, y in self.quad]
        return doc


def _map_quad(quad: Quad, fn: Callable[[float, float], tuple[float, float]]) -> Quad:
    a, b, c, d = (fn(x, y) for x, y in quad)
    return (a, b, c, d)


def enlarge_quad(quad: Quad, pad: float) -> Quad:
    """Grow a quadrilateral about its centre by ``pad`` of its size in every direction.

    >>> enlarge_quad(((0, 0), (10, 0), (10, 4), (0, 4)), 0.5)
    ((-5.0, -2.0), (15.0, -2.0), (15.0, 6.0), (-5.0, 6.0))
    """
    cx = sum(x for x, _ in quad) / 4.0
    cy = sum(y for _, y in quad) / 4.0
    grow = 1.0 + 2.0 * pad
    return _map_quad(quad, lambda x, y: (cx + (x - cx) * grow, cy + (y - cy) * grow))


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes.

    >>> iou(Box(0, 0, 10, 10, 1, "x"), Box(5, 0, 15, 10, 1, "x"))
    0.3333333333333333
    """
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / float(a.area + b.area - inter)


def nms(boxes: list[Box], threshold: float) -> list[Box]:
    """Greedy non-maximum suppression: keep the best box of every overlapping group.

    >>> len(nms([Box(0, 0, 10, 10, 0.9, "x"), Box(1, 1, 10, 10, 0.5, "x")], 0.3))
    1
    """
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: b.score, reverse=True):
        if all(iou(box, k) < threshold for k in kept):
            kept.append(box)
    return kept


class ImageDetector(ABC):
    """Finds objects of some labels in one BGR image; pure, no I/O after construction."""

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    labels: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not getattr(cls, "__abstractmethods__", None):
            for attr in ("name", "labels"):
                if not hasattr(cls, attr):
                    raise TypeError(f"{cls.__name__} must define ClassVar {attr!r}")

    @abstractmethod
    def detect(self, image: Image) -> list[Box]:
        """Return the boxes found in ``image`` (BGR, uint8)."""
