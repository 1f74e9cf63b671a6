"""Run several image detectors over a frame and summarise what they found."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from carborder.scan.detectors.vision.base import Box, Image, ImageDetector

__all__ = [
    "FRAME_NUMBERS_MAX",
    "FrameStats",
    "SearchMode",
    "VisionPipeline",
    "default_pipeline",
]

#: Frame numbers kept per label: enough for the gateway's second pass to go straight to the
#: frames a re-scan flagged (it re-runs at most 600), bounded so evidence stays small.
FRAME_NUMBERS_MAX = 1000


@dataclass
class FrameStats:
    """Mergeable counts over many frames: frames seen, frames with each label, boxes per label.

    ``at`` keeps, per label, the 0-based numbers of the first :data:`FRAME_NUMBERS_MAX` frames
    it was seen on (frame of a video, message of a camera topic).
    """

    frames: int = 0
    frames_with: Counter[str] = field(default_factory=Counter)
    boxes: Counter[str] = field(default_factory=Counter)
    at: dict[str, list[int]] = field(default_factory=dict)

    def add(self, found: list[Box], index: int | None = None) -> None:
        """Count one frame's boxes; ``index`` is its number (the count so far by default).

        >>> s = FrameStats()
        >>> s.add([]); s.add([Box(0, 0, 9, 9, 1.0, "face")], index=7)
        >>> s.frames, s.frame_numbers()
        (2, {'face': [7]})
        """
        number = self.frames if index is None else index
        self.frames += 1
        labels = Counter(b.label for b in found)
        self.boxes.update(labels)
        self.frames_with.update(labels.keys())
        for label in labels:
            seen = self.at.setdefault(label, [])
            if len(seen) < FRAME_NUMBERS_MAX:
                seen.append(number)

    def merge(self, other: FrameStats) -> None:
        """Add another summary (of the same frames' numbering) into this one."""
        self.frames += other.frames
        self.frames_with.update(other.frames_with)
        self.boxes.update(other.boxes)
        for label, numbers in other.at.items():
            seen = self.at.setdefault(label, [])
            seen.extend(numbers[: max(0, FRAME_NUMBERS_MAX - len(seen))])

    def frame_numbers(self) -> dict[str, list[int]]:
        """Sorted frame numbers per label, for labels whose every frame was kept.

        A label seen on more than :data:`FRAME_NUMBERS_MAX` frames is left out (its list
        would be partial), so a reader never mistakes a partial list for the whole.
        """
        return {
            label: sorted(numbers)
            for label, numbers in sorted(self.at.items())
            if len(numbers) == self.frames_with[label]
        }


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
    # Faces: tiles at twice full resolution reach faces of 12–24 px that full resolution
    # misses; their threshold was chosen on the development faces (tools/faces/evaluate.py).
    faces = CenterFaceDetector(tiles=True, zoom=2.0, tile_threshold=0.25)
    return VisionPipeline([faces, PlateDetector(BATCH)])
