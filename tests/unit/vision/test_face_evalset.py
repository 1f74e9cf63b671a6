"""The small-face evaluation set (tools/faces): reproducible, every width band, real faces whole
and apart, development and benchmark faces never the same, and what it is scored with."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("cv2")
pytest.importorskip("skimage")
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools" / "faces"))

from face_set import BANDS, FRAME_SIZES, PHOTOS, Face, face_crops, matches, samples


def test_development_and_benchmark_faces_differ() -> None:
    dev, bench = face_crops(dev=True), face_crops(dev=False)
    assert len(dev) == 50 and len(bench) == 51
    assert not any(np.array_equal(a, b) for a in dev for b in bench)


def test_a_face_is_matched_by_a_box_of_similar_size_over_its_centre() -> None:
    face = Face(100, 100, 120, 124)
    assert matches(face, 98, 98, 122, 126)
    assert not matches(face, 121, 100, 141, 124)  # beside it
    assert not matches(face, 0, 0, 400, 400)  # far too large
    assert not matches(face, 108, 110, 112, 114)  # far too small


@pytest.mark.realdata
def test_evaluation_set_is_reproducible_and_covers_every_band(realdata: Path) -> None:
    first = list(samples(seed=7, rounds=1, real=realdata))
    again = list(samples(seed=7, rounds=1, real=realdata))
    assert len(first) == len(PHOTOS) * len(FRAME_SIZES)
    assert all(np.array_equal(a.image, b.image) for a, b in zip(first, again, strict=True))
    sizes = {(s.image.shape[1], s.image.shape[0]) for s in first}
    assert sizes == set(FRAME_SIZES)
    for s in first:
        per_band = [sum(lo <= f.width < hi for f in s.faces) for lo, hi in BANDS]
        assert per_band == [2] * len(BANDS)
        h, w = s.image.shape[:2]
        assert all(0 <= f.x0 < f.x1 <= w and 0 <= f.y0 < f.y1 <= h for f in s.faces)
