"""Video de-identification through the video search: small faces hidden on every frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")
cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
skimage = pytest.importorskip("skimage")

from carborder.deid.media import MediaDeidPlan, deidentify_video  # noqa: E402
from carborder.errors import ScanInputError  # noqa: E402
from carborder.scan.detectors.vision import CenterFaceDetector  # noqa: E402
from carborder.scan.readers.video import iter_frames  # noqa: E402

W, H, FACE, FRAMES = 1280, 720, 36, 9


def _clip(path: Path) -> list[tuple[int, int]]:
    """A panning clip with one small real face; returns the face's corner per frame."""
    photo = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
    (box,) = CenterFaceDetector().detect(photo)
    crop = photo[box.y0 : box.y1, box.x0 : box.x1]
    fh = round(FACE * crop.shape[0] / crop.shape[1])
    rng = np.random.default_rng(5)
    noise = rng.integers(0, 255, (H // 8 + 20, W // 8 + 20, 3), dtype=np.uint8)
    scene = cv2.resize(noise, (W + 160, H + 160), interpolation=cv2.INTER_CUBIC)
    scene[200 : 200 + fh, 260 : 260 + FACE] = cv2.resize(crop, (FACE, fh))
    corners = []
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {"crf": "12"}
        for i in range(FRAMES):
            o = 6 * i
            frame = np.ascontiguousarray(scene[o : o + H, o : o + W])
            corners.append((260 - o, 200 - o))
            for p in stream.encode(av.VideoFrame.from_ndarray(frame, format="bgr24")):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)
    return corners


def _spread(patch: np.ndarray) -> float:
    """Largest per-channel standard deviation: 0 for one flat colour."""
    return float(patch.reshape(-1, 3).std(axis=0).max())


def test_small_face_is_hidden_on_every_frame(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.mp4", tmp_path / "out.mp4"
    corners = _clip(src)
    assert deidentify_video(src, dst, MediaDeidPlan(regions="fill")) == FRAMES
    before = [img for _, img in iter_frames(src)]
    after = [img for _, img in iter_frames(dst)]
    for i, ((x, y), a, b) in enumerate(zip(corners, before, after, strict=True)):
        # The middle of the face (eyes, nose, mouth): filled with one colour in every frame.
        face_in, face_out = a[y + 12 : y + 30, x + 10 : x + 26], b[y + 12 : y + 30, x + 10 : x + 26]
        assert _spread(face_in) > 20 and _spread(face_out) < 4, f"face visible in frame {i}"
        assert _spread(b[600:700, 1000:1100]) > 20


def test_truncated_video_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.mp4", tmp_path / "out.mp4"
    _clip(src)
    data = src.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ScanInputError):
        deidentify_video(cut, dst)
    assert not dst.exists()
