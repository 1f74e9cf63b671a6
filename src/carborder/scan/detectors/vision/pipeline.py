"""Run several image detectors over a frame and summarise what they found."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from carborder.scan.detectors.vision.base import Box, Image, ImageDetector

__all__ = ["FrameStats", "SearchMode", "VisionPipeline", "default_pipeline"]


@dataclass
class FrameStats:
    """Mergeable counts over many frames: frames seen, frames with each label, boxes per label."""

    frames: int = 0
    frames_with: Counter[str] = field(default_factory=Counter)
    boxes: Counter[str] = field(default_factory=Counter)

    def add(self, found: list[Box]) -> None:
        """Count one frame's boxes."""
        self.frames += 1
        labels = Counter(b.label for b in found)
        self.boxes.update(labels)
        self.frames_with.update(labels.keys())

    def merge(self, other: FrameStats) -> None:
        """Add another summary into this one."""
        self.frames += other.frames
        self.frames_with.update(other.frames_with)
        self.boxes.update(other.boxes)


class VisionPipeline:
    """A list of detectors applied in order to each frame.

    Args:
        detectors: The detectors; their boxes are concatenated.
    """

    def __init__(self, detectors: list[ImageDetector]) -> None:
        self.detectors = detectors

    @property
    def names(self) -> list[str]:
        """Detector names, for evidence records."""
        return [d.name for d in self.detectors]

    def detect(self, image: Image) -> list[Box]:
        """Return every detector's boxes for ``image``."""
        found: list[Box] = []
        for detector in self.detectors:
            found.extend(detector.detect(image))
        return found


class SearchMode(StrEnum):
    """How hard the shipped detectors look at a frame.

    ``realtime`` keeps up with video (one small pass per detector, second looks only where
    something weak was seen); ``batch`` is for stills and offline work (larger inputs and
    tiles, so small faces and plates in large frames are found).
    """

    REALTIME = "realtime"
    BATCH = "batch"


@lru_cache(maxsize=2)
def default_pipeline(mode: SearchMode = SearchMode.BATCH) -> VisionPipeline:
    """The shipped face and plate detectors for ``mode``, built once per process."""
    from carborder.scan.detectors.vision.faces import CenterFaceDetector
    from carborder.scan.detectors.vision.plates import BATCH, REALTIME, PlateDetector

    if mode is SearchMode.REALTIME:
        return VisionPipeline([CenterFaceDetector(), PlateDetector(REALTIME)])
    return VisionPipeline([CenterFaceDetector(tiles=True), PlateDetector(BATCH)])
