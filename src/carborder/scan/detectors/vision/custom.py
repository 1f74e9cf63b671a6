"""A customer's own ONNX detector (YOLO-style output) plugged in beside the shipped ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from carborder.errors import Msg, ScanInputError
from carborder.scan.detectors.vision.base import Box, Image, ImageDetector, nms
from carborder.scan.detectors.vision.runtime import onnx_session

__all__ = ["OnnxDetector", "OnnxDetectorSpec", "decode_yolo"]


class OnnxDetectorSpec(BaseModel):
    """What carborder must know to run a customer's ONNX detector."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: Path = Field(description="Path of the .onnx file.")
    input_width: int = Field(gt=0, description="Model input width in pixels.")
    input_height: int = Field(gt=0, description="Model input height in pixels.")
    classes: list[str] = Field(
        min_length=1, description="Label per class index, e.g. ['face', 'plate']."
    )
    score_threshold: float = Field(default=0.4, ge=0.0, le=1.0, description="Minimum score.")
    nms_threshold: float = Field(default=0.45, ge=0.0, le=1.0, description="NMS IoU threshold.")
    rgb: bool = Field(default=True, description="Model expects RGB (else BGR) channel order.")
    scale: float = Field(default=1.0 / 255.0, description="Pixel scale factor before inference.")


def decode_yolo(
    output: NDArray[np.float32],
    classes: list[str],
    *,
    score_threshold: float,
) -> list[tuple[float, float, float, float, float, str]]:
    """Decode a YOLO head into ``(cx, cy, w, h, score, label)`` rows in input pixels.

    Accepts both layouts: YOLOv5 ``(1, N, 5 + C)`` with objectness, and YOLOv8
    ``(1, 4 + C, N)`` without it.

    >>> out = np.zeros((1, 6, 3), dtype=np.float32)  # v8: 4 box rows + 2 classes, 3 anchors
    >>> out[0, :, 1] = [50, 40, 20, 10, 0.1, 0.9]
    >>> [(cx, cy, w, h, round(s, 3), label) for cx, cy, w, h, s, label in
    ...  decode_yolo(out, ["face", "plate"], score_threshold=0.5)]
    [(50.0, 40.0, 20.0, 10.0, 0.9, 'plate')]
    """
    arr = np.asarray(output, dtype=np.float32)[0]
    n_cls = len(classes)
    if arr.shape[0] == 4 + n_cls and arr.shape[1] != 4 + n_cls:
        rows = arr.T
        scores = rows[:, 4:]
    elif arr.shape[1] == 5 + n_cls:
        rows = arr
        scores = rows[:, 5:] * rows[:, 4:5]
    elif arr.shape[1] == 4 + n_cls:
        rows = arr
        scores = rows[:, 4:]
    else:
        raise ScanInputError(
            Msg("err-onnx-classes", shape=str(output.shape), n=n_cls),
            hint=Msg("hint-onnx-classes"),
        )
    best = scores.argmax(axis=1)
    best_score = scores[np.arange(len(rows)), best]
    keep = np.nonzero(best_score >= score_threshold)[0]
    return [
        (
            float(rows[i, 0]),
            float(rows[i, 1]),
            float(rows[i, 2]),
            float(rows[i, 3]),
            float(best_score[i]),
            classes[int(best[i])],
        )
        for i in keep
    ]


class OnnxDetector(ImageDetector):
    """Runs a customer's YOLO-style ONNX model on CPU through onnxruntime.

    Args:
        spec: Input size, classes and thresholds of the model.
        threads: onnxruntime intra-op threads.
    """

    name: ClassVar[str] = "vision.onnx.custom"
    version: ClassVar[str] = "1"
    labels: ClassVar[tuple[str, ...]] = ()

    def __init__(self, spec: OnnxDetectorSpec, *, threads: int = 2) -> None:
        if not spec.model.is_file():
            raise ScanInputError(Msg("err-onnx-not-found"), file=spec.model)
        self.spec = spec
        self._sess: Any = onnx_session(spec.model, threads)
        self._input = self._sess.get_inputs()[0].name

    def detect(self, image: Image) -> list[Box]:
        """Return boxes labelled with the declared class names."""
        spec = self.spec
        height, width = image.shape[:2]
        blob = cv2.dnn.blobFromImage(
            image, spec.scale, (spec.input_width, spec.input_height), swapRB=spec.rgb
        )
        (output, *_) = self._sess.run(None, {self._input: blob})
        fx, fy = width / spec.input_width, height / spec.input_height
        boxes = [
            Box(
                max(0, int((cx - w / 2) * fx)),
                max(0, int((cy - h / 2) * fy)),
                min(width, round((cx + w / 2) * fx)),
                min(height, round((cy + h / 2) * fy)),
                score,
                label,
            )
            for cx, cy, w, h, score, label in decode_yolo(
                output, spec.classes, score_threshold=spec.score_threshold
            )
        ]
        return nms(boxes, spec.nms_threshold)
