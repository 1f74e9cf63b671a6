"""Chinese licence plates with the shipped HyperLPR3 detector: a box and four corners per plate.

The network (a YOLOv5-face-style head, Apache-2.0 weights, see ``weights/``) takes a fixed
square input (320 or 640 px), so a frame is letterboxed into it. How hard to look is a
:class:`PlateSearch`:

* ``realtime`` (video): 320 px on the whole frame and on two square tiles of the frame's short
  side (three small inferences instead of one 640 px one, and at a larger scale), then a second
  look, on a zoomed crop, wherever the first passes saw only a weak candidate.
* ``batch`` (still images, offline work): 640 px on the whole frame and on overlapping square
  tiles of at most 1280 px, plus the same second look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from carborder.scan.detectors.vision.base import Box, Image, ImageDetector, Quad, iou
from carborder.scan.detectors.vision.plate_texture import (
    has_characters,
    is_unsaturated,
    rectify,
)
from carborder.scan.detectors.vision.runtime import nchw_rgb, onnx_session
from carborder.scan.detectors.vision.tiles import square_tiles
from carborder.scan.detectors.vision.weights import weights_path

__all__ = ["BATCH", "REALTIME", "PlateDetector", "PlateSearch"]

# Rows of a candidate array: x0, y0, x1, y1, score, then the four corners (x, y) × 4.
_COLS = 13


@dataclass(frozen=True, slots=True)
class PlateSearch:
    """How hard the plate detector looks at one frame.

    Attributes:
        input_size: Model input side, 320 (fast) or 640 (small plates).
        tiles: Also look at overlapping square tiles of frames larger than the input.
        tile_side: Longest side of the tiles in frame pixels; tiles are squares of the frame's
            short side or this, whichever is smaller (None: the short side, so a 16:9 frame
            gives two tiles, each shown at a larger scale than the letterboxed whole frame,
            which spends 44 % of the input on padding).
        refine: Look again, zoomed in, where the first pass found only a weak candidate.
        threshold: Minimum score (objectness × class) of a plate.
        refine_floor: Weakest candidate worth a second look.
        max_refine: At most this many second looks per frame.
        verify_floor: Weak candidates from this score up that neither pass nor a second look
            confirms are kept when their rectified inside is unsaturated (white or black)
            and shows a row of high-contrast characters: this network scores white and black
            plates low (see :mod:`~carborder.scan.detectors.vision.plate_texture`).
        area_below: A window reduced to the input by a scale below this is averaged
            (``INTER_AREA``), above it interpolated bilinearly. 1.0 averages every reduction;
            the video search uses 0.5: its close windows are reduced by 0.67, where bilinear
            took 0.13 CPU-ms against 0.93 for averaging a 478 px window, at the same plate
            recall on the development clip of bench/vision.py; on the plate evaluation set
            (tools/plates, seed 1, 8 a cell) the video search's recall per colour and width
            band was the same or higher (black below 32 px: 8 of 8 against 7) and precision
            0.914 against 0.909.
        landscape: Windows that, reduced to the input, are at most 192 px high (a 16:9
            frame is 320×180) go through the 320×192 edit of the 320 px network instead of
            being letterboxed into its square, which spends 44 % of the input on padding:
            the same weights, made by ``tools/weights/plate_landscape.py``. Only with
            ``input_size`` 320; the video search uses it for its whole-frame pass.
    """

    input_size: Literal[320, 640] = 320
    tiles: bool = False
    tile_side: int | None = None
    refine: bool = True
    threshold: float = 0.3
    refine_floor: float = 0.05
    max_refine: int = 4
    verify_floor: float | None = 0.1
    area_below: float = 1.0
    landscape: bool = False


#: Video at frame rate: 320 px on the whole frame and two short-side tiles, plus second looks.
REALTIME = PlateSearch(input_size=320, tiles=True, refine=True)
#: Stills and offline work: 640 px on the whole frame and tiles of at most 1280 px, plus
#: second looks.
BATCH = PlateSearch(input_size=640, tiles=True, tile_side=1280, refine=True)


#: Input height of the landscape edit of the 320 px network (a multiple of its stride 32).
_LANDSCAPE_HEIGHT = 192


def _scaled(crop: Image, size: int, area_below: float = 1.0) -> tuple[Image, float]:
    """``crop`` scaled so its long side is ``size``; return it and the scale.

    Reductions by a scale below ``area_below`` average pixels, the rest are bilinear.
    """
    h, w = crop.shape[:2]
    scale = size / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    interp = cv2.INTER_AREA if scale < min(1.0, area_below) else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(crop, (nw, nh), interpolation=interp), np.uint8), scale


def _suppress(cands: NDArray[np.float32], iou: float) -> NDArray[np.float32]:
    """Non-maximum suppression, then drop boxes lying mostly inside a better one."""
    if len(cands) == 0:
        return cands
    xywh = np.stack(
        [cands[:, 0], cands[:, 1], cands[:, 2] - cands[:, 0], cands[:, 3] - cands[:, 1]], 1
    )
    keep = cv2.dnn.NMSBoxes(xywh.tolist(), cands[:, 4].tolist(), 0.0, iou)
    kept = cands[np.asarray(keep, dtype=np.int64).reshape(-1)]
    kept = kept[np.argsort(-kept[:, 4])]
    out: list[NDArray[np.float32]] = []
    for row in kept:
        area = max(1e-6, (row[2] - row[0]) * (row[3] - row[1]))
        inside = False
        for best in out:
            w = min(row[2], best[2]) - max(row[0], best[0])
            h = min(row[3], best[3]) - max(row[1], best[1])
            if w > 0 and h > 0 and w * h / area > 0.7:
                inside = True
                break
        if not inside:
            out.append(row)
    return np.stack(out) if out else cands[:0]


class PlateDetector(ImageDetector):
    """HyperLPR3 plate detector (ONNX, CPU) returning boxes with the plate's four corners.

    Args:
        search: How hard to look (:data:`REALTIME` or :data:`BATCH`, or your own).
        model: Path of a compatible ONNX file; the shipped one for ``search.input_size``.
        threads: onnxruntime intra-op threads.
    """

    name: ClassVar[str] = "vision.plate.hyperlpr3"
    version: ClassVar[str] = "1"
    labels: ClassVar[tuple[str, ...]] = ("plate",)

    def __init__(
        self, search: PlateSearch = REALTIME, *, model: Path | None = None, threads: int = 2
    ) -> None:
        self.search = search
        size = search.input_size
        self._sess: Any = onnx_session(model or weights_path(f"y5fu_{size}x_sim.onnx"), threads)
        self._input = self._sess.get_inputs()[0].name
        self._landscape: Any = None
        if search.landscape and size == 320 and model is None:
            path = weights_path(f"y5fu_{size}x{_LANDSCAPE_HEIGHT}_sim.onnx")
            self._landscape = onnx_session(path, threads)

    def _run(
        self,
        image: Image,
        x0: int,
        y0: int,
        side_w: int,
        side_h: int,
        reduced: Image | None = None,
    ) -> NDArray[Any]:
        """Candidates (rows of :data:`_COLS`) above the refine floor in one window, frame px.

        ``reduced``, a copy of the window already reduced to the network input or smaller,
        is letterboxed instead of the window (the video search reduces each frame once).
        """
        size = self.search.input_size
        if reduced is not None:
            scaled, scale = _scaled(reduced, size, self.search.area_below)
            scale *= reduced.shape[1] / side_w
        else:
            crop = image[y0 : y0 + side_h, x0 : x0 + side_w]
            scaled, scale = _scaled(crop, size, self.search.area_below)
        # Black padding to the right and below (the network's letterbox, top-left).
        if self._landscape is not None and scaled.shape[0] <= _LANDSCAPE_HEIGHT:
            blob = nchw_rgb([scaled], (size, _LANDSCAPE_HEIGHT), 1.0 / 255.0)
            (out,) = self._landscape.run(None, {self._landscape.get_inputs()[0].name: blob})
        else:
            blob = nchw_rgb([scaled], (size, size), 1.0 / 255.0)
            (out,) = self._sess.run(None, {self._input: blob})
        rows = np.asarray(out, dtype=np.float32)[0]
        score = rows[:, 4] * rows[:, 13:15].max(axis=1)
        rows, score = (
            rows[score >= self.search.refine_floor],
            score[score >= self.search.refine_floor],
        )
        cands = np.empty((len(rows), _COLS), dtype=np.float32)
        half_w, half_h = rows[:, 2] / 2.0, rows[:, 3] / 2.0
        cands[:, 0] = rows[:, 0] - half_w
        cands[:, 1] = rows[:, 1] - half_h
        cands[:, 2] = rows[:, 0] + half_w
        cands[:, 3] = rows[:, 1] + half_h
        cands[:, 5:13] = rows[:, 5:13]
        cands[:, [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]] /= scale
        cands[:, [0, 2, 5, 7, 9, 11]] += x0
        cands[:, [1, 3, 6, 8, 10, 12]] += y0
        cands[:, 4] = score
        return cands

    def windows(self, width: int, height: int) -> list[tuple[int, int, int, int]]:
        """The windows ``(x, y, width, height)`` this search looks at in a frame of that size."""
        wins = [(0, 0, width, height)]
        size = self.search.input_size
        if self.search.tiles and max(width, height) > size * 1.25:
            side = min(width, height, self.search.tile_side or min(width, height))
            wins += [(x, y, side, side) for x, y in square_tiles(width, height, side)]
        return wins

    def _refine(self, image: Image, weak: NDArray[np.float32]) -> list[NDArray[np.float32]]:
        """Look again at each weak candidate on a zoomed square crop around it."""
        height, width = image.shape[:2]
        size, found = self.search.input_size, []
        for row in weak[: self.search.max_refine]:
            cx, cy = (row[0] + row[2]) / 2.0, (row[1] + row[3]) / 2.0
            # Four plate widths of context: the zoomed plate fills about a quarter of the input.
            side = int(min(max(4.0 * (row[2] - row[0]), size / 4.0), width, height))
            x0 = int(np.clip(cx - side / 2.0, 0, width - side))
            y0 = int(np.clip(cy - side / 2.0, 0, height - side))
            cands = self._run(image, x0, y0, side, side)
            inside = (
                (cands[:, 0] <= cx)
                & (cx <= cands[:, 2])
                & (cands[:, 1] <= cy)
                & (cy <= cands[:, 3])
            )
            best = cands[inside & (cands[:, 4] >= self.search.threshold)]
            if len(best):
                found.append(best[np.argmax(best[:, 4])])
        return found

    def detect(self, image: Image) -> list[Box]:
        """Return plate boxes, each with its four corners, in ``image`` coordinates."""
        height, width = image.shape[:2]
        return self.detect_windows(image, self.windows(width, height))

    def window_candidates(
        self,
        image: Image,
        window: tuple[int, int, int, int],
        *,
        reduced: Image | None = None,
    ) -> NDArray[np.float32]:
        """Candidates of one window before suppression and second looks (frame pixels).

        ``reduced`` as in :meth:`detect_windows`. The video search computes the whole
        frame's ahead, beside the search of the frames before.
        """
        height, width = image.shape[:2]
        size = self.search.input_size
        small = reduced if reduced is not None and max(reduced.shape[:2]) <= size else None
        whole = window == (0, 0, width, height)
        return np.asarray(self._run(image, *window, reduced=small if whole else None), np.float32)

    def detect_windows(
        self,
        image: Image,
        windows: list[tuple[int, int, int, int]],
        *,
        reduced: Image | None = None,
        known: Mapping[tuple[int, int, int, int], NDArray[np.float32]] | None = None,
    ) -> list[Box]:
        """Plates found in the given windows ``(x, y, width, height)``, suppressed together.

        ``reduced`` is the whole frame already reduced to at most the network input; the
        whole-frame window is then read from it. ``known`` holds windows' candidates already
        computed by :meth:`window_candidates`.
        """
        height, width = image.shape[:2]
        known = known or {}
        parts = [
            known[win] if win in known else self.window_candidates(image, win, reduced=reduced)
            for win in windows
        ]
        cands = _suppress(np.concatenate(parts), 0.45)
        search = self.search
        strong = cands[cands[:, 4] >= search.threshold]
        weak = cands[cands[:, 4] < search.threshold]
        if search.refine:
            extra = self._refine(image, weak)
            if extra:
                strong = _suppress(np.concatenate([strong, np.stack(extra)]), 0.45)
        boxes = [_to_box(row, width, height) for row in strong]
        if search.verify_floor is not None:
            boxes += self._verified(image, weak, boxes)
        return boxes

    def _verified(self, image: Image, weak: NDArray[np.float32], kept: list[Box]) -> list[Box]:
        """Weak candidates not overlapping a kept plate whose inside shows characters."""
        height, width = image.shape[:2]
        floor = self.search.verify_floor or 0.0
        out: list[Box] = []
        for row in weak[weak[:, 4] >= floor][: 2 * self.search.max_refine]:
            box = _to_box(row, width, height)
            if box.quad is None or any(iou(box, k) > 0.3 for k in kept + out):
                continue
            patch = rectify(image, box.quad)
            if is_unsaturated(patch) and has_characters(patch):
                out.append(box)
        return out


def _to_box(row: NDArray[np.float32], width: int, height: int) -> Box:
    corners = [(float(row[5 + 2 * i]), float(row[6 + 2 * i])) for i in range(4)]
    quad: Quad = (corners[0], corners[1], corners[2], corners[3])
    xs = [row[0], row[2], *(c[0] for c in corners)]
    ys = [row[1], row[3], *(c[1] for c in corners)]
    return Box(
        max(0, int(min(xs))),
        max(0, int(min(ys))),
        min(width, int(np.ceil(max(xs)))),
        min(height, int(np.ceil(max(ys)))),
        float(row[4]),
        "plate",
        quad,
    )
