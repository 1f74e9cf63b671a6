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

import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from carborder.scan.detectors.vision.base import Box, Image, nms
from carborder.scan.detectors.vision.faces import CenterFaceDetector
from carborder.scan.detectors.vision.plates import PlateDetector, PlateSearch
from carborder.scan.detectors.vision.tiles import grid_windows, square_tiles

__all__ = ["FrameLook", "SequenceDetector", "VideoSearch", "video_networks"]

Window = tuple[int, int, int, int]

#: Long side of the reduced copy of each frame: the plate network's input.
_REDUCED = 320


@dataclass(frozen=True, slots=True)
class VideoSearch:
    """How the video search spreads its work over frames.

    Attributes:
        face_coarse_side: Long side of the whole-frame face pass run on every frame (faces
            larger than the close windows' overlap are found here). The frame is reduced
            once, to the plate network's 320 px, and the cut test, the pan estimate and both
            whole-frame passes read the reduced copy.
        face_scale: Scale of the close face search (1.0 = full resolution). 0.75 on the
            development clip: recall 0.375 at 54 CPU-ms a frame (with plates), against 0.365
            at 68 ms for 1.0; whole frames at 0.75 every frame: 0.398 at 88 ms (faces alone).
        face_tile: Width and height of the close face windows, in frame pixels.
        face_overlap: Overlap of neighbouring close windows in frame pixels: faces up to this
            size lie whole inside one window.
        plate_scale: Scale at which the close plate search sees the frame (the plate network
            input is 320 px, so windows are ``320 / plate_scale`` px squares).
        face_every: The close face search looks at one window every this many frames.
        face_coarse_every: The whole-frame face pass runs every this many frames (and on
            every cut). 2: face recall unchanged on both clips of bench/vision.py (development
            0.401, benchmark 0.424 with the int8 network) for 1.7 CPU-ms a frame less: faces
            it would find are mostly found by the close windows or followed by the re-look.
            The whole-frame plate pass stays on every frame: every other frame cost plate
            recall (0.92–0.94 against 1.00).
        plate_every: The close plate search looks at one window every this many frames. 1:
            every other frame saves one 320 px inference a frame (plate recall on the
            development clip stays 1.00, the whole-frame pass runs every frame) but doubles
            the wait of a small plate coming into view (8 to 16 frames at 1280×720).
        cut_threshold: Share of a frame's colours (8×8×8 histogram of a 160×90 thumbnail,
            half the L1 distance, 0–1) that must change from the frame before for it to count
            as a cut and get the full search. On the development clip pans of up to 100 px a
            frame changed at most 0.19 and cuts at least 0.64.
        keep: Frames a box is carried after it was last found; at least the longer of the
            two rotations, so a box lasts until its window is searched again.
        min_match: Template-matching score (normalised cross-correlation) above which a carried
            box follows what it covered; below it the box stays where it was, grown.
        relook_side: Every face found before and not found again by this frame's passes is
            looked at again in a square around where the pan puts it (``relook_context``
            times its size), shown at this many pixels, all such squares in one batch: the
            box then follows the face itself instead of drifting with a template.
        relook_context: Side of the re-look square as a multiple of the face's size.
        relook_max: At most this many faces are looked at again in a frame, those carried
            longest since they were last found first (about 1.4 CPU-ms each).
        motion: Pixels of the reduced frame (after a 2×2 opening, so noise does not count)
            that changed beyond the pan inside a close window for it to be searched ahead of
            its turn: something entered or moved there (40 ≈ a 25 px face at 1280×720).
            Windows are otherwise searched oldest first, and a window waits at most about
            twice its rotation. The band a pan brings into view does not count.
    """

    face_coarse_side: int = 320
    face_scale: float = 0.75
    face_tile: tuple[int, int] = (512, 416)
    face_overlap: int = 96
    plate_scale: float = 0.67
    face_every: int = 1
    plate_every: int = 1
    face_coarse_every: int = 2
    cut_threshold: float = 0.4
    keep: int | None = None
    min_match: float = 0.5
    relook_side: int = 64
    relook_context: float = 2.5
    relook_max: int = 4
    motion: int = 40


@dataclass
class _Track:
    box: Box
    seen: int
    size: tuple[int, int] = (0, 0)


@dataclass
class _State:
    frame: int = 0
    grey: np.ndarray | None = None
    small_grey: np.ndarray | None = None
    tracks: list[_Track] = field(default_factory=list)
    searched: dict[str, list[int]] = field(default_factory=dict)


@lru_cache(maxsize=4)
def video_networks(
    threshold: float = 0.3, threads: int = 1, precision: Literal["fp32", "int8"] = "int8"
) -> tuple[CenterFaceDetector, PlateDetector]:
    """The face and plate networks of the video search, loaded (and verified) once a process.

    Faces use the int8 CenterFace by default: on the bench machine it takes 0.6–0.7× the CPU
    of fp32 per inference at the same face recall (bench/vision.py measures both in one run).
    The plate network stays fp32: quantized the same way it was slower (its SiLU activations
    need a conversion around every convolution). Its second looks start at candidates scoring
    0.1 (stills: 0.05): on the development clip of bench/vision.py no second look below 0.1
    confirmed a plate, and skipping them took 0.2 plate inferences a frame off (1.7 of 10.9
    plate CPU-ms) at plate recall 1.0; on the plate evaluation set (tools/plates, seed 1, 8 a
    cell) recall per colour and width band was the same and precision 0.914 against 0.910.
    Its whole-frame pass on 16:9 frames uses the 320×192 edit of the network
    (``PlateSearch.landscape``): 2.5 instead of 3.7 CPU-ms an inference; detection CPU on
    both clips of bench/vision.py 1.6–1.9 ms a frame lower at the same face and plate recall
    (plate precision 0.546 against 0.511 on the benchmark clip); on the plate evaluation set
    (seed 2, 15 a cell) the same recall in every colour and width band, precision 0.901
    against 0.910 (one background object at the right edge of one real frame scores 0.31–0.39
    with either network and crosses the 0.3 threshold in 7 images instead of 4).
    """
    faces = CenterFaceDetector(threshold=threshold, threads=threads, precision=precision)
    plates = PlateSearch(
        input_size=320, tiles=False, refine_floor=0.1, area_below=0.5, landscape=True
    )
    return faces, PlateDetector(plates, threads=threads)


@dataclass(frozen=True, slots=True)
class FrameLook:
    """What the video search takes from a frame and the frame before it alone (no tracks).

    Made in order, frame by frame, by :meth:`SequenceDetector.looker` (then with the
    whole-frame passes' results) or inside :meth:`SequenceDetector.detect` (without: the
    passes then run beside the close search). Video de-identification makes them on the
    decoding thread, ahead of the search, so a frame's reduction, cut test, pan and
    whole-frame passes overlap the search of the frames before.

    Attributes:
        small: The frame reduced to the plate network's input (``_REDUCED`` px long side).
        small_grey: ``small`` in grey (the pan and the change mask).
        grey: The frame in grey (template matching of carried boxes).
        thumb: Colour histogram (the cut test).
        cut: The frame is the first or follows a cut: it gets the full search.
        pan: The picture's shift from the frame before, in frame pixels.
        shift: The same in pixels of ``small``.
        coarse: The whole-frame face pass runs on this frame.
        faces_whole: That pass's faces, when the looker ran it (None: not run yet).
        plates_whole: The whole-frame plate pass's candidates, when the looker ran it.
    """

    small: Image
    small_grey: np.ndarray
    grey: np.ndarray
    thumb: np.ndarray
    cut: bool
    pan: tuple[int, int]
    shift: tuple[float, float]
    coarse: bool
    faces_whole: list[Box] | None = None
    plates_whole: NDArray[np.float32] | None = None


class _Looker:
    """Makes the :class:`FrameLook` of each frame in turn (keeps the frame before's parts)."""

    def __init__(
        self, search: VideoSearch, networks: tuple[CenterFaceDetector, PlateDetector] | None
    ) -> None:
        self.search, self.networks = search, networks
        self.frame = 0
        self.thumb: np.ndarray | None = None
        self.small_grey: np.ndarray | None = None

    def __call__(self, image: Image) -> FrameLook:
        s = self.search
        height, width = image.shape[:2]
        scale = min(1.0, _REDUCED / max(width, height))
        small_size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = _reduce(image, small_size)
        small_grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        thumb = _colours(small)
        cut = self.thumb is None or 0.5 * float(np.abs(thumb - self.thumb).sum()) > s.cut_threshold
        pan, shift = (0, 0), (0.0, 0.0)
        if not cut:
            pan, shift = _pan(self.small_grey, small_grey, width / small_size[0])
        coarse = cut or self.frame % max(1, s.face_coarse_every) == 0
        faces_whole = plates_whole = None
        if self.networks is not None:
            faces, plates = self.networks
            if coarse:
                faces_whole = _whole_frame_faces(faces, small, width, height, s.face_coarse_side)
            plates_whole = plates.window_candidates(image, (0, 0, width, height), reduced=small)
        self.frame, self.thumb, self.small_grey = self.frame + 1, thumb, small_grey
        return FrameLook(
            small, small_grey, grey, thumb, cut, pan, shift, coarse, faces_whole, plates_whole
        )


class SequenceDetector:
    """Faces and plates in consecutive frames of one video; feed frames in order.

    Args:
        search: How to spread the work (:class:`VideoSearch`).
        threshold: Face score threshold. 0.3 was chosen on the development clip of
            bench/vision.py (recall 0.375, precision 0.73 against 0.31 / 0.89 at 0.4).
        threads: onnxruntime intra-op threads per network. One: with ``parallel`` the two
            networks already run side by side on two cores, and a second thread each only
            adds hand-overs. On the development clip of bench/vision.py (2 cores, load 3.5,
            interleaved rounds, end to end with H.264) one thread took 37.6 CPU-ms a frame at
            41.7 frames/s against 44.9 ms at 36.2 frames/s for two (``--levers`` re-measures).
        networks: Face and plate detectors to share between videos (built once a process).
        precision: The face network's weights when ``networks`` is not given (see
            :func:`video_networks`).
        parallel: Search plates in a second thread while faces are searched (onnxruntime
            and OpenCV release the GIL, so on two cores the two networks run side by side).
    """

    name = "vision.sequence"

    def __init__(
        self,
        search: VideoSearch | None = None,
        *,
        threshold: float = 0.3,
        threads: int = 1,
        networks: tuple[CenterFaceDetector, PlateDetector] | None = None,
        parallel: bool = True,
        precision: Literal["fp32", "int8"] = "int8",
    ) -> None:
        self.search = search or VideoSearch()
        self.parallel = parallel
        self._pool: ThreadPoolExecutor | None = None
        self.faces, self.plates = networks or video_networks(threshold, threads, precision)
        self.names = [self.faces.name, self.plates.name]
        self._geometry: tuple[int, int] | None = None
        self._face_windows: list[Window] = []
        self._plate_windows: list[Window] = []
        self._state = _State()
        self._inline = _Looker(self.search, None)
        self.full_searches = 0
        self.early_searches = 0
        #: Process CPU milliseconds spent in each part, summed over frames (with ``parallel``
        #: the networks' parts are one ``search`` entry: process time counts every thread).
        self.cpu_ms: defaultdict[str, float] = defaultdict(float)

    def reset(self) -> None:
        """Forget earlier frames (start of a new video)."""
        self._state = _State()
        self._inline = _Looker(self.search, None)
        self.full_searches = 0
        self.early_searches = 0
        self.cpu_ms = defaultdict(float)

    def looker(self) -> Callable[[Image], FrameLook]:
        """A new maker of :class:`FrameLook` for the frames of a video, fed to :meth:`detect`.

        Call it on every frame in order (from the frame after :meth:`reset`), in any one
        thread; it runs the whole-frame passes too, so video de-identification runs it on the
        decoding thread, ahead of the search: the same computations on the same frames as
        :meth:`detect` does without it, so the same boxes.
        """
        return _Looker(self.search, (self.faces, self.plates))

    @property
    def period(self) -> int:
        """Frames until every close window has been searched once."""
        s = self.search
        return max(
            len(self._face_windows) * max(1, s.face_every),
            len(self._plate_windows) * max(1, s.plate_every),
            1,
        )

    def _layout(self, width: int, height: int) -> None:
        if self._geometry == (width, height):
            return
        s = self.search
        tw, th = s.face_tile
        self._face_windows = grid_windows(width, height, tw, th, s.face_overlap)
        side = min(width, height, round(320 / s.plate_scale))
        self._plate_windows = [(x, y, side, side) for x, y in square_tiles(width, height, side)]
        self._geometry = (width, height)

    def detect(self, image: Image, look: FrameLook | None = None) -> list[Box]:
        """Boxes to hide in this frame: found in it, or carried from the frames before.

        ``look`` is this frame's :class:`FrameLook` from :meth:`looker`, when it was made
        ahead; without it the frame's parts are computed here.
        """
        height, width = image.shape[:2]
        self._layout(width, height)
        st, s = self._state, self.search
        clock = time.process_time()
        # One reduced copy serves the cut test, the pan and both whole-frame passes.
        look = look or self._inline(image)
        scale = min(1.0, _REDUCED / max(width, height))
        cut, pan, t = look.cut, look.pan, st.frame
        if cut:
            st.tracks = []
            st.searched = {
                "face": [t] * len(self._face_windows),
                "plate": [t] * len(self._plate_windows),
            }
            self.full_searches += 1
            faces_at, plates_at = self._face_windows, self._plate_windows
        else:
            changed = _unexplained(st.small_grey, look.small_grey, look.shift, st.tracks, scale)
            fe, pe = max(1, s.face_every), max(1, s.plate_every)
            faces_at = self._next("face", self._face_windows, changed, scale) if t % fe == 0 else []
            plates_at = (
                self._next("plate", self._plate_windows, changed, scale)
                if t % pe == (1 % pe)
                else []
            )
        clock = self._tick("prepare (reduce, cut, pan, change)", clock)
        found = self._found(image, look, faces_at, plates_at)
        clock = self._tick("search", clock) if self.parallel else time.process_time()
        if not cut:
            found += self._relook(image, st, found, pan)
        clock = self._tick("relook", clock)
        carried = [] if cut else self._carry(st, look.grey, found, pan)
        for box in found:
            st.tracks.append(_Track(box, t, (box.width, box.height)))
        st.frame, st.grey, st.small_grey = t + 1, look.grey, look.small_grey
        self._tick("carry", clock)
        return found + carried

    def _tick(self, part: str, since: float) -> float:
        """Add the process CPU time since ``since`` to ``part``; return the time now."""
        now = time.process_time()
        self.cpu_ms[part] += 1000.0 * (now - since)
        return now

    def _timed(self, part: str, job: Callable[[], list[Box]]) -> Callable[[], list[Box]]:
        """``job``, its CPU time added to ``part`` (only when the parts run one by one)."""
        if self.parallel:
            return job

        def run() -> list[Box]:
            since = time.process_time()
            out = job()
            self._tick(part, since)
            return out

        return run

    def _next(
        self, kind: str, windows: list[Window], changed: np.ndarray | None, scale: float
    ) -> list[Window]:
        """The close window to search now: the most changed one, else the longest unsearched."""
        st = self._state
        last = st.searched.setdefault(kind, [st.frame] * len(windows))
        n = len(windows)
        best, best_p = 0, -1.0
        for i, (x, y, w, h) in enumerate(windows):
            p = (st.frame - last[i]) / n
            if changed is not None:
                a = changed[
                    round(y * scale) : round((y + h) * scale),
                    round(x * scale) : round((x + w) * scale),
                ]
                if int(a.sum()) >= self.search.motion:
                    p += 1.0
            if p > best_p:
                best, best_p = i, p
        if (st.frame - last[best]) / n < 1.0 and best_p >= 1.0:
            self.early_searches += 1
        last[best] = st.frame
        return [windows[best]]

    def _found(
        self, image: Image, look: FrameLook, faces_at: list[Window], plates_at: list[Window]
    ) -> list[Box]:
        height, width = image.shape[:2]
        s = self.search
        whole = (0, 0, width, height)
        small = look.small

        def coarse() -> list[Box]:
            return _whole_frame_faces(self.faces, small, width, height, s.face_coarse_side)

        def close(win: Window) -> Callable[[], list[Box]]:
            return lambda: self.faces.detect_window(image, win, s.face_scale)

        def plates() -> list[Box]:
            return self._plates(image, small, plates_at, look.plates_whole)

        # A full search looks at the whole frame closely in one pass (no window overlaps).
        jobs = [
            self._timed("faces close", close(win)) for win in ([whole] if look.cut else faces_at)
        ]
        jobs.append(self._timed("plates", plates))
        if look.coarse and look.faces_whole is None:
            jobs.append(self._timed("faces whole frame", coarse))
        if self.parallel:
            # Independent inferences, largest first, on two workers: onnxruntime and OpenCV
            # release the GIL, so on two cores they run side by side.
            if self._pool is None:
                self._pool = ThreadPoolExecutor(2, thread_name_prefix="vision")
            results = [f.result() for f in [self._pool.submit(job) for job in jobs]]
        else:
            results = [job() for job in jobs]
        if look.coarse and look.faces_whole is not None:
            results.append(look.faces_whole)
        faces = [b for part in results for b in part if b.label == "face"]
        plates_found = [b for part in results for b in part if b.label != "face"]
        return nms(faces, 0.3) + plates_found

    def _plates(
        self,
        image: Image,
        small: Image,
        windows: list[Window],
        whole_candidates: NDArray[np.float32] | None = None,
    ) -> list[Box]:
        height, width = image.shape[:2]
        whole = (0, 0, width, height)
        known = {} if whole_candidates is None else {whole: whole_candidates}
        return self.plates.detect_windows(
            image, [whole] + [w for w in windows if w != whole], reduced=small, known=known
        )

    def _relook(
        self, image: Image, st: _State, found: list[Box], pan: tuple[int, int]
    ) -> list[Box]:
        """Faces known from earlier frames, looked for again around where the pan puts them."""
        s = self.search
        height, width = image.shape[:2]
        tracks = [
            tr
            for tr in st.tracks
            if tr.box.label == "face" and not any(_same(tr.box, f) for f in found)
        ]
        if not tracks:
            return []
        tracks = sorted(tracks, key=lambda tr: tr.seen)[: max(0, s.relook_max)]
        windows: list[Window] = []
        for tr in tracks:
            b = tr.box
            side = min(width, height, max(32, round(s.relook_context * max(tr.size))))
            cx = (b.x0 + b.x1) / 2 + pan[0]
            cy = (b.y0 + b.y1) / 2 + pan[1]
            x = int(np.clip(round(cx - side / 2), 0, width - side))
            y = int(np.clip(round(cy - side / 2), 0, height - side))
            windows.append((x, y, side, side))
        out: list[Box] = []
        for tr, boxes in zip(
            tracks, self.faces.detect_crops(image, windows, s.relook_side), strict=True
        ):
            w0, h0 = tr.size
            cx = (tr.box.x0 + tr.box.x1) / 2 + pan[0]
            cy = (tr.box.y0 + tr.box.y1) / 2 + pan[1]
            reach = max(w0, h0)
            near = [
                b
                for b in boxes
                if abs((b.x0 + b.x1) / 2 - cx) <= reach
                and abs((b.y0 + b.y1) / 2 - cy) <= reach
                and 0.4 <= b.area / max(1, w0 * h0) <= 2.5
            ]
            if near and not any(_same(n, f) for n in near[:1] for f in found + out):
                out.append(max(near, key=lambda b: b.score))
        return out

    def _carry(
        self, st: _State, grey: np.ndarray, found: list[Box], pan: tuple[int, int]
    ) -> list[Box]:
        """Move the tracks not found again in this frame; drop those kept long enough."""
        keep = self.search.keep or self.period + 1
        out: list[Box] = []
        alive: list[_Track] = []
        for tr in st.tracks:
            if st.frame - tr.seen > keep or any(_same(tr.box, f) for f in found):
                continue
            grow = tr.box.width < 1.5 * tr.size[0] and tr.box.height < 1.5 * tr.size[1]
            moved = _follow(tr.box, st.grey, grey, pan, self.search.min_match, grow=grow)
            if moved.width < 2 or moved.height < 2:
                continue  # carried out of the picture
            tr.box = moved
            alive.append(tr)
            out.append(moved)
        st.tracks = alive
        return out


def _whole_frame_faces(
    faces: CenterFaceDetector, small: Image, width: int, height: int, side: int
) -> list[Box]:
    """Faces of the whole-frame pass on the reduced copy ``small``, in frame coordinates."""
    fx, fy = width / small.shape[1], height / small.shape[0]
    reduced = (0, 0, small.shape[1], small.shape[0])
    found = faces.detect_window(small, reduced, side / max(small.shape[:2]))
    return [b.scaled(fx, fy) for b in found]


def _reduce(image: Image, size: tuple[int, int]) -> Image:
    """``image`` averaged down to ``size`` (width, height), by halvings while it is twice as big.

    OpenCV averages a 2× reduction on a fast path: 1280×720 to 320×180 took 0.2 CPU-ms in two
    halvings against 0.8 in one step, for the same 4×4 averages up to rounding.
    """
    out: np.ndarray = image
    while out.shape[1] >= 2 * size[0] and out.shape[0] >= 2 * size[1]:
        half = (out.shape[1] // 2, out.shape[0] // 2)
        out = cv2.resize(out, half, interpolation=cv2.INTER_AREA)
    if (out.shape[1], out.shape[0]) != size:
        out = cv2.resize(out, size, interpolation=cv2.INTER_AREA)
    return np.asarray(out, dtype=np.uint8)


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


def _pan(
    prev: np.ndarray | None, grey: np.ndarray, factor: float
) -> tuple[tuple[int, int], tuple[float, float]]:
    """The picture's overall shift from ``prev`` to ``grey``, phase correlation on reduced frames.

    Returns the shift in frame pixels (rounded) and in reduced pixels.
    """
    if prev is None:
        return (0, 0), (0.0, 0.0)
    (dx, dy), _ = cv2.phaseCorrelate(prev.astype(np.float32), grey.astype(np.float32))
    return (round(dx * factor), round(dy * factor)), (float(dx), float(dy))


def _unexplained(
    prev: np.ndarray | None,
    grey: np.ndarray,
    shift: tuple[float, float],
    tracks: list[_Track],
    scale: float,
) -> np.ndarray | None:
    """Pixels of the reduced frame that changed beyond the pan, outside followed boxes.

    Something entered or moved there: a 0/1 mask of the reduced frame, specks removed.
    """
    if prev is None:
        return None
    h, w = grey.shape[:2]
    m = np.array([[1, 0, shift[0]], [0, 1, shift[1]]], dtype=np.float32)
    moved = cv2.warpAffine(prev, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    diff = cv2.absdiff(moved, grey)
    mask = diff > 24
    # The band the pan brings into view is new by construction, not something that entered;
    # it is searched in its turn (the windows' rotation), not ahead of it.
    bx, by = int(np.ceil(abs(shift[0]))) + 1, int(np.ceil(abs(shift[1]))) + 1
    if shift[0] > 0:
        mask[:, :bx] = False
    elif shift[0] < 0:
        mask[:, w - bx :] = False
    if shift[1] > 0:
        mask[:by, :] = False
    elif shift[1] < 0:
        mask[h - by :, :] = False
    for tr in tracks:
        b = tr.box.padded(0.5, 10**6, 10**6)
        mask[
            int(b.y0 * scale) : int(np.ceil(b.y1 * scale)),
            int(b.x0 * scale) : int(np.ceil(b.x1 * scale)),
        ] = False
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return np.asarray(opened, dtype=np.uint8)


def _follow(
    box: Box,
    prev: np.ndarray | None,
    grey: np.ndarray,
    pan: tuple[int, int],
    min_match: float,
    *,
    grow: bool = True,
) -> Box:
    """``box`` moved to where its pixels of ``prev`` best match ``grey``; grown if not found.

    The match is looked for around where the overall pan puts the box, so a fast pan does not
    outrun a small box. ``grow`` False keeps a box that has grown enough at its size.
    """
    pad = 0.05 if grow else 0.0
    height, width = grey.shape[:2]
    if prev is None or box.width < 4 or box.height < 4:
        return box.padded(pad, width, height)
    patch = prev[box.y0 : box.y1, box.x0 : box.x1]
    reach = max(8, max(box.width, box.height) // 2)
    px, py = pan
    x0, y0 = max(0, box.x0 + px - reach), max(0, box.y0 + py - reach)
    x1, y1 = min(width, box.x1 + px + reach), min(height, box.y1 + py + reach)
    area = grey[y0:y1, x0:x1]
    panned = box.shifted(px, py, width, height).padded(pad, width, height)
    if patch.std() < 2.0 or area.shape[0] < patch.shape[0] or area.shape[1] < patch.shape[1]:
        return panned
    scores = cv2.matchTemplate(area, patch, cv2.TM_CCOEFF_NORMED)
    _, best, _, (bx, by) = cv2.minMaxLoc(scores)
    if best < min_match:
        return panned
    return box.shifted(x0 + bx - box.x0, y0 + by - box.y0, width, height)
