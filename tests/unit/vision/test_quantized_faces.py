"""The int8 face network the video search uses finds what the fp32 one finds.

The int8 model was calibrated on the development clip of bench/vision.py (seed 11); recall is
compared here on frames of the benchmark clip (seed 7, other faces), which it never saw.
Tolerance: face recall at most 0.03 below fp32's and precision at most 0.05 below (on the
bench machine int8 was 0.01–0.04 *above* fp32 on both clips; the 7-bit weights give the same
boxes on CPUs without VNNI, so a different CI machine should land in the same place).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")
cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
skimage = pytest.importorskip("skimage")

from carborder.scan.detectors.vision import CenterFaceDetector, SequenceDetector, iou  # noqa: E402
from carborder.scan.readers.video import iter_frames  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from vision import make_clip, scores  # noqa: E402

RECALL_TOLERANCE = 0.03
PRECISION_TOLERANCE = 0.05


def test_int8_and_fp32_find_the_same_face_on_a_photo() -> None:
    photo = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
    fp32 = CenterFaceDetector(precision="fp32").detect(photo)
    int8 = CenterFaceDetector(precision="int8").detect(photo)
    assert len(fp32) == len(int8) == 1
    assert iou(fp32[0], int8[0]) > 0.8
    assert fp32[0].score > 0.5 and int8[0].score > 0.5
    # Different weights really are loaded (not one model under two names).
    assert fp32[0].score != int8[0].score


def test_int8_takes_less_cpu_per_inference() -> None:
    # Process CPU time of the same inputs, interleaved, medians: a ratio, not a timer.
    blob = np.random.default_rng(0).uniform(0, 255, (1, 3, 320, 384)).astype(np.float32)
    nets = {p: CenterFaceDetector(precision=p, threads=1)._sess for p in ("fp32", "int8")}
    spent: dict[str, list[float]] = {p: [] for p in nets}
    for _ in range(12):
        for p, sess in nets.items():
            t = time.process_time()
            sess.run(None, {"input.1": blob})
            spent[p].append(time.process_time() - t)
    assert float(np.median(spent["int8"])) < float(np.median(spent["fp32"]))


@pytest.mark.realdata
def test_video_search_recall_with_int8_faces_stays_within_tolerance(
    realdata: Path, tmp_path: Path
) -> None:
    clip = tmp_path / "clip.mp4"
    faces_truth, plates_truth = make_clip(clip, realdata, 8, 7)
    frames = [img for _, img in iter_frames(clip)]
    got = {}
    for precision in ("fp32", "int8"):
        seq = SequenceDetector(precision=precision, threads=1)
        found = [seq.detect(f) for f in frames]
        got[precision] = (
            scores(found, faces_truth, "face"),
            scores(found, plates_truth, "plate"),
        )
    (f32, p32), (f8, p8) = got["fp32"], got["int8"]
    assert f32["truth"] > 100  # enough faces for the figures to mean something
    assert f8["recall"] >= f32["recall"] - RECALL_TOLERANCE, (f8, f32)
    assert f8["precision"] >= f32["precision"] - PRECISION_TOLERANCE, (f8, f32)
    # Plates use the same network either way (only which window is searched when can move
    # with the faces found, through the change trigger).
    assert p8["recall"] >= p32["recall"] - RECALL_TOLERANCE, (p8, p32)
