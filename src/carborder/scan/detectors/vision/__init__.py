"""Vision detectors: faces (CenterFace), Chinese plates (HyperLPR3, four corners), custom ONNX.

The shipped weights live in ``weights/`` with their licences and checksums.

>>> sorted(d.name for d in (CenterFaceDetector, PlateDetector))
['vision.face.centerface', 'vision.plate.hyperlpr3']
"""

from __future__ import annotations

from carborder.scan.detectors.vision.base import (
    Box,
    Image,
    ImageDetector,
    Quad,
    enlarge_quad,
    iou,
    nms,
)
from carborder.scan.detectors.vision.custom import OnnxDetector, OnnxDetectorSpec, decode_yolo
from carborder.scan.detectors.vision.faces import CenterFaceDetector
from carborder.scan.detectors.vision.pipeline import SearchMode, VisionPipeline, default_pipeline
from carborder.scan.detectors.vision.plates import (
    BATCH,
    REALTIME,
    PlateDetector,
    PlateSearch,
)
from carborder.scan.detectors.vision.sequence import FrameLook, SequenceDetector, VideoSearch
from carborder.scan.detectors.vision.tiles import grid_windows, square_tiles

__all__ = [
    "BATCH",
    "REALTIME",
    "Box",
    "CenterFaceDetector",
    "FrameLook",
    "Image",
    "ImageDetector",
    "OnnxDetector",
    "OnnxDetectorSpec",
    "PlateDetector",
    "PlateSearch",
    "Quad",
    "SearchMode",
    "SequenceDetector",
    "VideoSearch",
    "VisionPipeline",
    "decode_yolo",
    "default_pipeline",
    "enlarge_quad",
    "grid_windows",
    "iou",
    "nms",
    "square_tiles",
]
