"""Faces and plates in video: a close search spread over consecutive frames, boxes carried between.

Looking at every frame of 1280×720 video closely enough to find 20 px faces costs several
times a frame's budget at 25 frames/s. Consecutive frames of a video mostly show the same
things, so the close search is split into windows and each frame looks at one of them in turn
(every part of the picture is looked at closely every ``period`` frames), while a cheap whole-
frame pass runs on every frame for large faces and plates. What was found is carried to the
following frames by template matching and kept hidden until the close search comes round again.

The first frame and every frame after a cut (the picture changes as a whole) get the full
search on all windows: nothing is carried across a cut, and nothing new waits for its turn.
The gateway's re-scan of the written video still looks at every frame on its own, so whatever
this scheme lets through on a frame is caught there and the export refused.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from carborder.scan.detectors.vision.base import Box, Image, nms
from carborder.scan.detectors.vision.faces import CenterFaceDetector
from carborder.scan.detectors.vision.plates import PlateDetector, PlateSearch
from carborder.scan.detectors.vision.tiles import grid_windows, square_tiles

__all__ = ["SequenceDetector", "VideoSearch", "video_networks"]

Window = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class VideoSearch:
    """How the video search spreads its work over frames.

    Attributes:
        face_coarse_side: Long side of the whole-frame face pass run on every frame (faces
            larger than the close windows' overlap are found here).
        face_scale: Scale of the close face search (1.0 = full resolution). 0.75 on the
            development clip: recall 0.375 at 54 CPU-ms a frame (with plates), against 0.365
            at 68 ms for 1.0; whole frames at 0.75 every frame: 0.398 at 88 ms (faces alone).
        face_tile: Width and height of the close face windows, in frame pixels.
        face_overlap: Overlap of neighbouring close windows in frame pixels: faces up to this
            size lie whole inside one window.
        plate_scale: Scale at which the close plate search sees the frame (the plate network
            input is 320 px, so windows are ``320 / plate_scale`` px squares).
        cut_threshold: Share of a frame's colours (8×8×8 histogram of a 160×90 thumbnail,
            half the L1 distance, 0–1) that must change from the frame before for it to count
            as a cut and get the full search. On the development clip pans of up to 100 px a
            frame changed at most 0.19 and cuts at least 0.64.
        keep: Frames a box is carried after it was last found; at least the longer of the
            two rotations, so a box lasts until its window is searched again.
        min_match: Template-matching score (normalised cross-correlation) above which a carried
            box follows what it covered; below it the box stays where it was, grown.
    """

    face_coarse_side: int = 320
    face_scale: float = 0.75
    face_tile: tuple[int, int] = (512, 416)
    face_overlap: int = 96
    plate_scale: float = 0.67
    cut_threshold: float = 0.4
    keep: int | None = None
    min_match: float = 0.5


@dataclass
class _Track:
    box: Box
    seen: int


@dataclass
class _State:
    frame: int = 0
    thumb: np.ndarray | None = None
    grey: np.ndarray | None = None
    tracks: list[_Track] = field(default_factory=list)


@lru_cache(maxsize=4)
def video_networks(
    threshold: float = 0.3, threads: int = 2
) -> tuple[CenterFaceDetector, PlateDetector]:
    """The face and plate networks of the video search, loaded (and verified) once a process."""
    faces = CenterFaceDetector(threshold=threshold, threads=threads)
    return faces, PlateDetector(PlateSearch(input_size=320, tiles=False), threads=threads)


class SequenceDetector:
    """Faces and plates in consecutive frames of one video; feed frames in order.

    Args:
        search: How to spread the work (:class:`VideoSearch`).
        threshold: Face score threshold. 0.3 was chosen on the development clip of
            bench/vision.py (recall 0.375, precision 0.73 against 0.31 / 0.89 at 0.4).
        threads: onnxruntime intra-op threads per network. Two: with idle workers sleeping,
            end to end 1.13x the frames/s of one thread on the loaded 2-core bench machine
            (bench/vision.py, interleaved rounds), the encoder's threads notwithstanding.
        networks: Face and plate detectors to share between videos (built once a process).
        parallel: Search plates in a second thread while faces are searched (onnxruntime
            and OpenCV release the GIL, so on two cores the two networks run side by side).
    """

    name = "vision.sequence"

    def __init__(
        self,
        search: VideoSearch | None = None,
        *,
        threshold: float = 0.3,
        threads: int = 2,
        networks: tuple[CenterFaceDetector, PlateDetector] | None = None,
        parallel: bool = True,
    ) -> None:
        self.search = search or VideoSearch()
        self.parallel = parallel
        self._pool: ThreadPoolExecutor | None = None
        self.faces, self.plates = networks or video_networks(threshold, threads)
        self.names = [self.faces.name, self.plates.name]
        self._geometry: tuple[int, int] | None = None
        self._face_windows: list[Window] = []
        self._plate_windows: list[Window] = []
        self._state = _State()
        self.full_searches = 0

    def reset(self) -> None:
        """Forget earlier frames (start of a new video)."""
        self._state = _State()
        self.full_searches = 0

    @property
    def period(self) -> int:
        """Frames until every close window has been searched once."""
        return max(len(self._face_windows), len(self._plate_windows), 1)

    def _layout(self, width: int, height: int) -> None:
        if self._geometry == (width, height):
            return
        s = self.search
        tw, th = s.face_tile
        self._face_windows = grid_windows(width, height, tw, th, s.face_overlap)
        side = min(width, height, round(320 / s.plate_scale))
        self._plate_windows = [(x, y, side, side) for x, y in square_tiles(width, height, side)]
        self._geometry = (width, height)

    def detect(self, image: Image) -> list[Box]:
        """Boxes to hide in this frame: found in it, or carried from the frames before."""
        height, width = image.shape[:2]
        self._layout(width, height)
        st, s = self._state, self.search
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        thumb = _colours(image)
        cut = st.thumb is None or 0.5 * float(np.abs(thumb - st.thumb).sum()) > s.cut_threshold
        if cut:
            st.tracks = []
            self.full_searches += 1
        t = st.frame
        faces_at = self._face_windows if cut else [self._face_windows[t % len(self._face_windows)]]
        plates_at = (
            self._plate_windows if cut else [self._plate_windows[t % len(self._plate_windows)]]
        )
        found = self._found(image, faces_at, plates_at, whole_faces=cut)
        carried = [] if cut else self._carry(st, grey, found)
        for box in found:
            st.tracks.append(_Track(box, t))
        st.frame, st.thumb, st.grey = t + 1, thumb, grey
        return found + carried

    def _found(
        self,
        image: Image,
        faces_at: list[Window],
        plates_at: list[Window],
        *,
        whole_faces: bool,
    ) -> list[Box]:
        height, width = image.shape[:2]
        s = self.search
        whole = [(0, 0, width, height)]
        plate_windows = whole + [w for w in plates_at if w != whole[0]]
        job: Future[list[Box]] | None = None
        if self.parallel:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="plates")
            job = self._pool.submit(self.plates.detect_windows, image, plate_windows)
        faces = self.faces.detect_window(image, whole[0], s.face_coarse_side / max(width, height))
        # A full search looks at the whole frame closely in one pass (no window overlaps).
        for win in whole if whole_faces else faces_at:
            faces += self.faces.detect_window(image, win, s.face_scale)
        plates = job.result() if job else self.plates.detect_windows(image, plate_windows)
        return nms(faces, 0.3) + plates

    def _carry(self, st: _State, grey: np.ndarray, found: list[Box]) -> list[Box]:
        """Move the tracks not found again in this frame; drop those kept long enough."""
        keep = self.search.keep or self.period + 1
        out: list[Box] = []
        alive: list[_Track] = []
        pan = _pan(st.grey, grey) if st.tracks else (0, 0)
        for tr in st.tracks:
            if st.frame - tr.seen > keep or any(_same(tr.box, f) for f in found):
                continue
            moved = _follow(tr.box, st.grey, grey, pan, self.search.min_match)
            if moved.width < 2 or moved.height < 2:
                continue  # carried out of the picture
            tr.box = moved
            alive.append(tr)
            out.append(moved)
        st.tracks = alive
        return out


def _colours(image: Image) -> np.ndarray:
    """Normalised 8×8×8 colour histogram of a 160×90 thumbnail (changes little in a pan)."""
    thumb = cv2.resize(image, (160, 90), interpolation=cv2.INTER_AREA)
    hist = cv2.calcHist([thumb], [0, 1, 2], None, [8, 8, 8], [0, 256] * 3).ravel()
    return np.asarray(hist / max(1.0, float(hist.sum())), dtype=np.float64)


def _same(a: Box, b: Box) -> bool:
    """Two boxes of one label where either holds the other's centre."""
    if a.label != b.label:
        return False
    acx, acy = (a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2
    bcx, bcy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
    return (b.x0 <= acx <= b.x1 and b.y0 <= acy <= b.y1) or (
        a.x0 <= bcx <= a.x1 and a.y0 <= bcy <= a.y1
    )


def _pan(prev: np.ndarray | None, grey: np.ndarray) -> tuple[int, int]:
    """The picture's overall shift from ``prev`` to ``grey`` in pixels (phase correlation)."""
    if prev is None:
        return (0, 0)
    height, width = grey.shape[:2]
    f = 4
    a = cv2.resize(prev, (width // f, height // f), interpolation=cv2.INTER_AREA)
    b = cv2.resize(grey, (width // f, height // f), interpolation=cv2.INTER_AREA)
    (dx, dy), _ = cv2.phaseCorrelate(a.astype(np.float32), b.astype(np.float32))
    return round(dx * f), round(dy * f)


def _follow(
    box: Box, prev: np.ndarray | None, grey: np.ndarray, pan: tuple[int, int], min_match: float
) -> Box:
    """``box`` moved to where its pixels of ``prev`` best match ``grey``; grown if not found.

    The match is looked for around where the overall pan puts the box, so a fast pan does not
    outrun a small box.
    """
    height, width = grey.shape[:2]
    if prev is None or box.width < 4 or box.height < 4:
        return box.padded(0.05, width, height)
    patch = prev[box.y0 : box.y1, box.x0 : box.x1]
    reach = max(8, max(box.width, box.height) // 2)
    px, py = pan
    x0, y0 = max(0, box.x0 + px - reach), max(0, box.y0 + py - reach)
    x1, y1 = min(width, box.x1 + px + reach), min(height, box.y1 + py + reach)
    area = grey[y0:y1, x0:x1]
    panned = box.shifted(px, py, width, height).padded(0.05, width, height)
    if patch.std() < 2.0 or area.shape[0] < patch.shape[0] or area.shape[1] < patch.shape[1]:
        return panned
    scores = cv2.matchTemplate(area, patch, cv2.TM_CCOEFF_NORMED)
    _, best, _, (bx, by) = cv2.minMaxLoc(scores)
    if best < min_match:
        return panned
    return box.shifted(x0 + bx - box.x0, y0 + by - box.y0, width, height)
