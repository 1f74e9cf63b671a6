"""Vision detectors: faces (shipped CenterFace ONNX), Chinese plates (classical), custom ONNX.

>>> sorted(d.name for d in (CenterFaceDetector, PlateDetector))
['vision.face.centerface', 'vision.plate.cn_classical']
"""

from __future__ import annotations

from carborder.scan.detectors.vision.base import Box, Image, ImageDetector, iou, nms
from carborder.scan.detectors.vision.custom import OnnxDetector, OnnxDetectorSpec, decode_yolo
from carborder.scan.detectors.vision.faces import CenterFaceDetector
from carborder.scan.detectors.vision.pipeline import VisionPipeline, default_pipeline
from carborder.scan.detectors.vision.plates import (
    DEFAULT_COLOURS,
    WHITE_BLACK_COLOURS,
    ColourRange,
    PlateDetector,
)

__all__ = [
    "DEFAULT_COLOURS",
    "WHITE_BLACK_COLOURS",
    "Box",
    "CenterFaceDetector",
    "ColourRange",
    "Image",
    "ImageDetector",
    "OnnxDetector",
    "OnnxDetectorSpec",
    "PlateDetector",
    "VisionPipeline",
    "decode_yolo",
    "default_pipeline",
    "iou",
    "nms",
]
