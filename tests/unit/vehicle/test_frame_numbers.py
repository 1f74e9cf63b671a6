"""The scan's camera evidence names the frames faces and plates were seen on, not just counts.

A real face (scikit-image's astronaut) is pasted into some frames of a video and of an MCAP
camera topic (with another topic's messages between them); the evidence must list exactly
those frames, numbered per topic from 0, as the gateway's second pass reads them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")
cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
skimage = pytest.importorskip("skimage")
pytest.importorskip("mcap_ros2")

from carborder.demo.vehicle import COMPRESSED_IMAGE_MSGDEF  # noqa: E402
from carborder.gateway.scanning import engine_scanner  # noqa: E402
from carborder.scan.detectors.vision import Box  # noqa: E402
from carborder.scan.detectors.vision.pipeline import FRAME_NUMBERS_MAX, FrameStats  # noqa: E402

W, H = 640, 360
WITH_FACE = {1, 3}


def _frame(i: int) -> np.ndarray:
    """Grey noise; frames in WITH_FACE show the astronaut's face at about 90 px."""
    img = np.random.default_rng(i).integers(90, 140, (H, W, 3), dtype=np.uint8)
    if i in WITH_FACE:
        photo = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
        face = cv2.resize(photo[30:220, 150:300], (90, 114))
        img[100:214, 200 + 40 * i : 290 + 40 * i] = face
    return img


def _faces(outcome_evidence: list[dict[str, object]]) -> set[tuple[str, tuple[int, ...]]]:
    return {
        (str(e["column"]), tuple(e["frames"]["face"]))  # type: ignore[index]
        for e in outcome_evidence
        if e["fact"] == "camera.faces_visible"
    }


def test_video_evidence_lists_the_frames_with_a_face(tmp_path: Path) -> None:
    path = tmp_path / "front.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {"crf": "12"}
        for i in range(5):
            for p in stream.encode(av.VideoFrame.from_ndarray(_frame(i), format="bgr24")):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)
    outcome = engine_scanner([path])
    assert _faces(outcome.evidence) == {("front.mp4", tuple(sorted(WITH_FACE)))}
    (sighting,) = [s for s in outcome.sightings() if s.kind == "face"]
    assert sighting.frames == tuple(sorted(WITH_FACE))


def test_mcap_evidence_numbers_frames_per_camera_topic(tmp_path: Path) -> None:
    from mcap_ros2.writer import Writer

    path = tmp_path / "drive.mcap"
    with path.open("wb") as f:
        writer = Writer(f)
        schema = writer.register_msgdef("sensor_msgs/msg/CompressedImage", COMPRESSED_IMAGE_MSGDEF)
        for i in range(5):
            for topic, image in (
                ("/camera/rear/image/compressed", _frame(10 + i)),  # no face: other numbering
                ("/camera/front/image/compressed", _frame(i)),
            ):
                ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])
                assert ok
                t = 10**9 * i + (1 if "front" in topic else 0)
                msg = {
                    "header": {"stamp": {"sec": i, "nanosec": 0}, "frame_id": "cam"},
                    "format": "jpeg",
                    "data": jpeg.tobytes(),
                }
                writer.write_message(topic, schema, msg, log_time=t, publish_time=t)
        writer.finish()  # type: ignore[no-untyped-call]
    outcome = engine_scanner([path])
    assert _faces(outcome.evidence) == {("/camera/front/image/compressed", (1, 3))}


def test_a_label_seen_on_more_frames_than_kept_is_left_out_not_cut_short() -> None:
    stats = FrameStats()
    face, plate = Box(0, 0, 9, 9, 1.0, "face"), Box(0, 0, 9, 9, 1.0, "plate")
    for i in range(FRAME_NUMBERS_MAX + 1):
        stats.add([face] + ([plate] if i == 5 else []))
    assert stats.frames_with["face"] == FRAME_NUMBERS_MAX + 1
    assert stats.frame_numbers() == {"plate": [5]}
