"""Hiding detections: plates inside their enlarged quadrilateral, faces as boxes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

cv2 = pytest.importorskip("cv2")

from carborder.deid.media import MediaDeidPlan, RegionMode, hide_boxes  # noqa: E402
from carborder.deid.media.regions import region_mask  # noqa: E402
from carborder.scan.detectors.vision import Box, enlarge_quad  # noqa: E402


def _textured(h: int = 200, w: int = 300) -> np.ndarray:
    return np.random.default_rng(1).integers(0, 255, (h, w, 3), dtype=np.uint8)


def _tilted_plate() -> Box:
    quad = ((100.0, 90.0), (200.0, 70.0), (200.0, 110.0), (100.0, 130.0))
    return Box(100, 70, 200, 130, 0.9, "plate", quad)


@pytest.mark.parametrize(
    "mode", [RegionMode.ERASE, RegionMode.PIXELATE, RegionMode.BLUR, RegionMode.FILL]
)
def test_plate_hidden_inside_enlarged_quad_only(mode: RegionMode) -> None:
    img = _textured()
    before = img.copy()
    plate = _tilted_plate()
    plan = MediaDeidPlan(plates=mode, pad=0.1)
    hide_boxes(img, [plate], plan)
    changed = np.any(img != before, axis=2)
    grown = np.array(enlarge_quad(plate.quad, 0.1), np.float32)  # type: ignore[arg-type]
    inside = np.zeros(changed.shape, np.uint8)
    cv2.fillConvexPoly(inside, np.round(grown).astype(np.int32), 1)
    # Nothing outside the enlarged quadrilateral changes (one pixel of rasterisation slack) …
    ring = cv2.dilate(inside, np.ones((3, 3), np.uint8)).astype(bool)
    assert not changed[~ring].any()
    # … and the corner of the box the tilted plate does not cover stays as it was.
    padded = plate.padded(0.1, 300, 200)
    assert not changed[padded.y0 : padded.y0 + 5, padded.x0 : padded.x0 + 5].any()
    # Inside the plate itself, (almost) every pixel is replaced.
    core = np.zeros(changed.shape, np.uint8)
    cv2.fillConvexPoly(core, np.array(plate.quad, np.int32), 1)
    assert changed[core.astype(bool)].mean() > 0.95


def test_face_box_hidden_as_rectangle() -> None:
    img = _textured()
    before = img.copy()
    hide_boxes(img, [Box(50, 50, 90, 100, 0.9, "face")], MediaDeidPlan(pad=0.0))
    changed = np.any(img != before, axis=2)
    assert changed[50:100, 50:90].mean() > 0.95
    assert not changed[:50].any() and not changed[100:].any()


def test_wild_corners_fall_back_to_the_whole_box() -> None:
    # A self-crossing, almost flat "quadrilateral" is not trusted: the box is hidden.
    bad = Box(100, 70, 200, 130, 0.9, "plate", ((100, 70), (200, 71), (101, 72), (199, 70)))
    assert region_mask(bad) is None
    img = _textured()
    before = img.copy()
    hide_boxes(img, [bad], MediaDeidPlan(pad=0.0, plates=RegionMode.FILL))
    assert np.any(img != before, axis=2)[70:130, 100:200].mean() > 0.95


def test_keep_mode_changes_nothing() -> None:
    img = _textured()
    before = img.copy()
    hide_boxes(img, [_tilted_plate()], MediaDeidPlan(plates=RegionMode.KEEP))
    assert np.array_equal(img, before)


def test_erased_plate_keeps_nothing_of_the_original() -> None:
    # Two frames that differ only inside the plate come out identical: the fill is made
    # from the surroundings alone.
    plate = _tilted_plate()
    a, b = _textured(), _textured()
    inside = np.zeros(a.shape[:2], np.uint8)
    cv2.fillConvexPoly(inside, np.array(plate.quad, np.int32), 1)
    b[inside.astype(bool)] = 255 - b[inside.astype(bool)]
    plan = MediaDeidPlan(plates=RegionMode.ERASE)
    assert np.array_equal(hide_boxes(a, [plate], plan), hide_boxes(b, [plate], plan))


@pytest.mark.realdata
@pytest.mark.parametrize("search", ["realtime", "batch"])
def test_erased_real_plates_are_not_found_again(realdata: Path, search: str) -> None:
    from carborder.scan.detectors.vision import BATCH, REALTIME, PlateDetector

    detector = PlateDetector(REALTIME if search == "realtime" else BATCH)
    for path in sorted((realdata / "images").glob("*/*.jpg")):
        img = cv2.imread(str(path))
        found = detector.detect(img)
        assert found, path
        hide_boxes(img, found, MediaDeidPlan())
        assert detector.detect(img) == [], path


@settings(deadline=None, max_examples=60)
@given(
    x=st.floats(-50, 350),
    y=st.floats(-50, 250),
    w=st.floats(4, 200),
    h=st.floats(3, 80),
    skew=st.floats(-0.5, 0.5),
    pad=st.floats(0, 0.5),
)
def test_hiding_never_fails_and_stays_in_the_frame(
    x: float, y: float, w: float, h: float, skew: float, pad: float
) -> None:
    quad = ((x, y), (x + w, y + skew * h), (x + w, y + h + skew * h), (x, y + h))
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    box = Box(
        max(0, int(min(xs))),
        max(0, int(min(ys))),
        min(300, int(max(xs)) + 1),
        min(200, int(max(ys)) + 1),
        0.5,
        "plate",
        quad,  # type: ignore[arg-type]
    )
    img = _textured()
    out = hide_boxes(img, [box], MediaDeidPlan(pad=pad))
    assert out.shape == (200, 300, 3)


def test_character_check_tells_plates_from_hidden_plates() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools" / "plates"))
    from render import render_plate

    from carborder.scan.detectors.vision.plate_texture import (
        has_characters,
        is_unsaturated,
        rectify,
    )

    rng = np.random.default_rng(3)
    for colour in ("blue", "white", "black", "yellow"):
        plate = cv2.resize(render_plate(rng, colour), (110, 35), interpolation=cv2.INTER_AREA)
        frame = np.full((120, 200, 3), 90, np.uint8)
        frame[40:75, 40:150] = plate
        quad = ((40.0, 40.0), (150.0, 40.0), (150.0, 75.0), (40.0, 75.0))
        assert has_characters(rectify(frame, quad)), colour
        assert is_unsaturated(rectify(frame, quad)) is (colour in ("white", "black"))
        box = Box(40, 40, 150, 75, 0.2, "plate", quad)
        for mode in (RegionMode.ERASE, RegionMode.PIXELATE, RegionMode.BLUR, RegionMode.FILL):
            hidden = hide_boxes(frame.copy(), [box], MediaDeidPlan(plates=mode))
            assert not has_characters(rectify(hidden, quad)), (colour, mode)
