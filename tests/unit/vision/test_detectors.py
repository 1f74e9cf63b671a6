"""Face and plate detectors on real photos, box arithmetic, and the custom-ONNX decoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")

from carborder.demo.vehicle import demo_frame  # noqa: E402
from carborder.scan.detectors.vision import (  # noqa: E402
    Box,
    CenterFaceDetector,
    PlateDetector,
    decode_yolo,
    iou,
)

# Hand-drawn ground truth (x0, y0, x1, y1) for the real photos: one plate per photo except
# the street scene, which also shows a partly hidden green plate on the van at the left.
PLATES = {
    "ccpd/demo_0.jpg": [(295, 504, 475, 582)],
    "ccpd/demo_1.jpg": [(206, 503, 400, 603)],
    "ccpd/demo_2.jpg": [(310, 447, 496, 540)],
    "hyperlpr/pip_test.jpg": [(256, 275, 382, 353)],
    "hyperlpr/pip_test_db2.jpg": [(1664, 1351, 1919, 1488)],
    "hyperlpr/resource_test_img.jpg": [(1755, 769, 1860, 854), (282, 412, 332, 429)],
}


@pytest.fixture(scope="module")
def plates() -> PlateDetector:
    return PlateDetector()


@pytest.mark.realdata
def test_plate_recall_and_precision_on_real_photos(realdata: Path, plates: PlateDetector) -> None:
    hits = truth = found = true_pos = 0
    for rel, boxes in PLATES.items():
        image = cv2.imread(str(realdata / "images" / rel))
        got = plates.detect(image)
        gt = [Box(*b, 1.0, "plate") for b in boxes]
        truth += len(gt)
        found += len(got)
        hits += sum(any(iou(g, d) >= 0.4 for d in got) for g in gt)
        true_pos += sum(any(iou(g, d) >= 0.4 for g in gt) for d in got)
    # Measured: 7/7 plates found, 7 of 8 boxes right (the 8th is a plate-like label on a
    # blue delivery box).
    assert hits / truth >= 0.85
    assert true_pos / found >= 0.8


def test_plate_on_synthetic_frame_and_not_on_noise(plates: PlateDetector) -> None:
    frame = cv2.imdecode(np.frombuffer(demo_frame(3), np.uint8), cv2.IMREAD_COLOR)
    assert len(plates.detect(frame)) == 1
    noise = np.random.default_rng(0).integers(0, 255, (360, 640, 3), dtype=np.uint8)
    assert plates.detect(noise) == []
    assert plates.detect(np.zeros((360, 640, 3), np.uint8)) == []


def test_face_on_real_photo() -> None:
    skimage = pytest.importorskip("skimage")
    path = Path(skimage.__file__).parent / "data" / "astronaut.png"
    faces = CenterFaceDetector().detect(cv2.imread(str(path)))
    assert len(faces) == 1
    assert faces[0].label == "face" and faces[0].score > 0.8
    # The astronaut's face sits in the upper middle of the 512×512 photo.
    assert 150 < faces[0].x0 < 260 and 40 < faces[0].y0 < 120


def test_no_face_in_blank_frame() -> None:
    assert CenterFaceDetector().detect(np.full((720, 1280, 3), 127, np.uint8)) == []


@pytest.mark.parametrize(
    ("shape", "layout"),
    [
        ((1, 3, 7), "v5"),  # (1, N, 5 + C) with objectness
        ((1, 6, 3), "v8"),  # (1, 4 + C, N)
    ],
)
def test_decode_yolo_layouts(shape: tuple[int, int, int], layout: str) -> None:
    out = np.zeros(shape, dtype=np.float32)
    if layout == "v5":
        out[0, 1] = [50, 40, 20, 10, 0.9, 0.1, 0.95]
    else:
        out[0, :, 1] = [50, 40, 20, 10, 0.1, 0.9]
    rows = decode_yolo(out, ["face", "plate"], score_threshold=0.5)
    assert len(rows) == 1 and rows[0][5] == "plate" and rows[0][:4] == (50.0, 40.0, 20.0, 10.0)


def test_decode_yolo_rejects_wrong_class_count() -> None:
    from carborder.errors import ScanInputError

    with pytest.raises(ScanInputError, match="declared classes"):
        decode_yolo(np.zeros((1, 9, 9), np.float32), ["plate"], score_threshold=0.5)
