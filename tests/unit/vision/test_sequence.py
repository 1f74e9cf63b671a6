"""The video search: close windows in turn, boxes carried between frames, full search after cuts."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
skimage = pytest.importorskip("skimage")

from carborder.scan.detectors.vision import (  # noqa: E402
    Box,
    CenterFaceDetector,
    SequenceDetector,
    VideoSearch,
    grid_windows,
)

W, H = 1280, 720
FACE = 36  # px: 9 px in the 320 px whole-frame pass (too small), 27 px in the close windows


@given(
    width=st.integers(32, 2000),
    height=st.integers(32, 1200),
    tile=st.integers(64, 700),
    overlap=st.integers(0, 60),
)
@settings(max_examples=200, deadline=None)
def test_grid_windows_cover_the_frame_with_overlap(
    width: int, height: int, tile: int, overlap: int
) -> None:
    wins = grid_windows(width, height, tile, tile, overlap)
    covered = np.zeros((height, width), bool)
    for x, y, w, h in wins:
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
        covered[y : y + h, x : x + w] = True
    assert covered.all()
    # Every object up to ``overlap`` px lies whole inside some window: check along each axis.
    xs = sorted({(x, w) for x, _, w, _ in wins})
    for (a, aw), (b, _) in itertools.pairwise(xs):
        assert a + aw - b >= min(overlap, aw)


def _face() -> np.ndarray:
    photo = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
    (box,) = CenterFaceDetector().detect(photo)
    crop = photo[box.y0 : box.y1, box.x0 : box.x1]
    return np.asarray(cv2.resize(crop, (FACE, round(FACE * crop.shape[0] / crop.shape[1]))))


def _scene(seed: int, tint: tuple[int, int, int]) -> np.ndarray:
    """A textured scene larger than the frame, so it can be panned."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(0, 255, (H // 8 + 20, W // 8 + 20, 3), dtype=np.uint8)
    big = cv2.resize(noise, (W + 160, H + 160), interpolation=cv2.INTER_CUBIC)
    return np.asarray(cv2.addWeighted(big, 0.5, np.full_like(big, tint), 0.5, 0), np.uint8)


def _holds(boxes: list[Box], cx: float, cy: float) -> bool:
    return any(b.label == "face" and b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1 for b in boxes)


def test_small_face_is_hidden_in_every_frame_of_a_pan() -> None:
    face = _face()
    scene = _scene(1, (90, 110, 130))
    fx, fy = 260, 200  # inside the first close window only
    scene[fy : fy + face.shape[0], fx : fx + FACE] = face
    frame0 = np.ascontiguousarray(scene[:H, :W])
    # The cheap whole-frame pass alone does not see a face this small.
    assert CenterFaceDetector(max_side=320).detect(frame0) == []
    seq = SequenceDetector()
    frames = 10
    for i in range(frames):
        ox = oy = 5 * i
        frame = np.ascontiguousarray(scene[oy : oy + H, ox : ox + W])
        boxes = seq.detect(frame)
        cx, cy = fx - ox + FACE / 2, fy - oy + face.shape[0] / 2
        assert _holds(boxes, cx, cy), f"face not hidden in frame {i}"
    # Its window was searched on the first frame (a cut) and once more in the ten: the other
    # frames hid it by carrying the box along with the pan.
    assert seq.period > 3 and seq.full_searches == 1


def test_nothing_is_carried_across_a_cut() -> None:
    face = _face()
    first = _scene(2, (90, 110, 130))
    first[300 : 300 + face.shape[0], 300 : 300 + FACE] = face
    second = _scene(3, (20, 200, 40))  # other colours: a cut
    seq = SequenceDetector()
    assert _holds(seq.detect(np.ascontiguousarray(first[:H, :W])), 318, 318)
    after = seq.detect(np.ascontiguousarray(second[:H, :W]))
    assert [b for b in after if b.label == "face"] == []
    assert seq.full_searches == 2


def test_looking_ahead_finds_the_same_boxes_as_the_search_alone() -> None:
    # Video de-identification makes each frame's FrameLook (reduction, cut test, pan and the
    # whole-frame passes) on the decoding thread; the boxes must not change.
    face = _face()
    first = _scene(7, (90, 110, 130))
    first[300 : 300 + face.shape[0], 260 : 260 + FACE] = face
    big = cv2.resize(face, (3 * FACE, 3 * face.shape[0]))  # found by the whole-frame pass
    first[100 : 100 + big.shape[0], 900 : 900 + big.shape[1]] = big
    second = _scene(8, (20, 200, 40))  # a cut
    frames = [np.ascontiguousarray(first[5 * i : 5 * i + H, 5 * i : 5 * i + W]) for i in range(8)]
    frames += [np.ascontiguousarray(second[i : i + H, :W]) for i in range(3)]
    alone, ahead = SequenceDetector(), SequenceDetector()
    look = ahead.looker()
    faces = 0
    for i, frame in enumerate(frames):
        made = look(frame)
        assert made.cut == (i in (0, 8))
        assert made.plates_whole is not None
        assert (made.faces_whole is not None) == made.coarse
        boxes = alone.detect(frame)
        assert boxes == ahead.detect(frame, made)
        faces += sum(b.label == "face" for b in boxes)
    assert alone.full_searches == ahead.full_searches == 2
    assert faces >= 8  # the comparison is not between empty lists


def test_a_box_leaving_the_picture_is_dropped() -> None:
    face = _face()
    scene = _scene(4, (120, 100, 90))
    scene[40 : 40 + face.shape[0], 700 : 700 + FACE] = face
    seq = SequenceDetector()
    seen = []
    for i in range(8):
        oy = 20 * i  # the face leaves through the top edge
        frame = np.ascontiguousarray(scene[oy : oy + H, :W])
        seen.append([b for b in seq.detect(frame) if b.label == "face"])
    assert seen[0]
    assert all(b.height >= 2 and b.width >= 2 for boxes in seen for b in boxes)
    assert seen[-1] == []


def test_a_face_appearing_in_a_still_scene_is_searched_at_once() -> None:
    face = _face()
    scene = np.ascontiguousarray(_scene(6, (100, 120, 110))[:H, :W])
    with_face = scene.copy()
    with_face[100 : 100 + face.shape[0], 100 : 100 + FACE] = face  # top-left window only
    cx, cy = 100 + FACE / 2, 100 + face.shape[0] / 2

    def run(search: VideoSearch) -> tuple[SequenceDetector, list[bool]]:
        seq = SequenceDetector(search)
        seq.detect(scene)  # a cut: the full search
        seq.detect(scene)  # the close search's first turn: the top-left window
        return seq, [_holds(seq.detect(with_face), cx, cy) for _ in range(3)]

    # Without the change trigger the top-left window's next turn is frames away.
    _, waiting = run(VideoSearch(motion=10**9))
    assert not any(waiting)
    seq, seen = run(VideoSearch())
    # Its face window (and the plate window there) went ahead of their turn, once.
    assert all(seen) and 1 <= seq.early_searches <= 2


def test_a_moving_face_keeps_a_box_of_its_size() -> None:
    """A face walking across a still scene: the box follows it and does not drift or grow."""
    face = _face()
    scene = np.ascontiguousarray(_scene(7, (110, 100, 120))[:H, :W])
    fh = face.shape[0]
    seq = SequenceDetector()
    for i in range(14):
        x, y = 300 + 9 * i, 250 + 3 * i
        frame = scene.copy()
        frame[y : y + fh, x : x + FACE] = face
        boxes = [b for b in seq.detect(frame) if b.label == "face"]
        cx, cy = x + FACE / 2, y + fh / 2
        held = [b for b in boxes if b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1]
        assert held, f"face not hidden in frame {i}"
        assert all(0.4 <= b.area / (FACE * fh) <= 2.5 for b in held), f"frame {i}: {held}"


@given(
    width=st.integers(8, 1400),
    height=st.integers(8, 800),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=30)
def test_reduced_frame_is_the_area_average_up_to_rounding(
    width: int, height: int, seed: int
) -> None:
    """The reduction by halvings gives OpenCV's one-step area average within one grey level
    (exactly its size) for frame sizes that halve evenly, and its size for every other."""
    from carborder.scan.detectors.vision.sequence import _reduce

    rng = np.random.default_rng(seed)
    image = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    size = (max(1, width // 4), max(1, height // 4))
    got = _reduce(image, size)
    assert got.shape == (size[1], size[0], 3)
    assert got.dtype == np.uint8
    if width % 4 == 0 and height % 4 == 0:
        want = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        assert int(np.abs(got.astype(np.int16) - want).max()) <= 1
