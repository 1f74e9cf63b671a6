"""The video search's faster paths find what the slower ones find.

The int8 face network against fp32, and the whole-frame face pass on every other frame
against every frame.

The int8 model was calibrated on the development clip of bench/vision.py (seed 11); recall is
compared here on frames of the benchmark clip (seed 7, other faces), which it never saw.
Tolerance: face recall at most 0.03 below fp32's and precision at most 0.05 below (on the
bench machine int8 recall was 0.02 above fp32 on the development clip and 0.013 above on the
benchmark clip, precision 0.02 below there; the 7-bit weights give the same boxes on CPUs
without VNNI, so a different CI machine should land in the same place).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

av = pytest.importorskip("av")
cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
skimage = pytest.importorskip("skimage")

from tests.scripts import load_script  # noqa: E402

from carborder.scan.detectors.vision import (  # noqa: E402
    Box,
    CenterFaceDetector,
    SequenceDetector,
    VideoSearch,
    iou,
)
from carborder.scan.readers.video import iter_frames  # noqa: E402

_BENCH = load_script("bench/vision.py")
make_clip, scores = _BENCH.make_clip, _BENCH.scores

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


@pytest.fixture(scope="module")
def benchmark_clip(
    realdata: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[np.ndarray], list[list[Box]], list[list[Box]]]:
    """Frames of the benchmark clip (8 a scene) with the faces' and plates' true boxes."""
    clip = tmp_path_factory.mktemp("clip") / "clip.mp4"
    faces_truth, plates_truth = make_clip(clip, realdata, 8, 7)
    return [img for _, img in iter_frames(clip)], faces_truth, plates_truth


def _recall(
    clip: tuple[list[np.ndarray], list[list[Box]], list[list[Box]]], seq: SequenceDetector
) -> tuple[dict[str, Any], dict[str, Any]]:
    frames, faces_truth, plates_truth = clip
    found = [seq.detect(f) for f in frames]
    return scores(found, faces_truth, "face"), scores(found, plates_truth, "plate")


def _within_tolerance(
    got: tuple[dict[str, Any], dict[str, Any]], ref: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    (f, p), (f0, p0) = got, ref
    assert f0["truth"] > 100  # enough faces for the figures to mean something
    assert f["recall"] >= f0["recall"] - RECALL_TOLERANCE, (f, f0)
    assert f["precision"] >= f0["precision"] - PRECISION_TOLERANCE, (f, f0)
    # Plates use the same network either way (only which window is searched when can move
    # with the faces found, through the change trigger).
    assert p["recall"] >= p0["recall"] - RECALL_TOLERANCE, (p, p0)


@pytest.mark.realdata
def test_video_search_recall_with_int8_faces_stays_within_tolerance(
    benchmark_clip: tuple[list[np.ndarray], list[list[Box]], list[list[Box]]],
) -> None:
    fp32 = _recall(benchmark_clip, SequenceDetector(precision="fp32", threads=1))
    int8 = _recall(benchmark_clip, SequenceDetector(precision="int8", threads=1))
    _within_tolerance(int8, fp32)


@pytest.mark.realdata
def test_whole_frame_faces_every_other_frame_stays_within_tolerance(
    benchmark_clip: tuple[list[np.ndarray], list[list[Box]], list[list[Box]]],
) -> None:
    # The shipped schedule (whole-frame face pass every other frame) against every frame.
    every = _recall(benchmark_clip, SequenceDetector(VideoSearch(face_coarse_every=1), threads=1))
    shipped = _recall(benchmark_clip, SequenceDetector(threads=1))
    assert VideoSearch().face_coarse_every == 2
    _within_tolerance(shipped, every)
