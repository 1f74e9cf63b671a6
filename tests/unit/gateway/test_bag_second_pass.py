"""The gateway's second pass over the camera topics of MCAP files, ROS 1 bags and rosbag2 folders.

A clip of tests/camera_clip.py (four real faces appear at once, far apart; the video search
finds them one a frame and lets the others through meanwhile) is written as JPEG
``CompressedImage`` messages on a camera topic, each after a message of a second camera
topic, into a real MCAP (ROS 2 CDR), a real ROS 1 bag and rosbag2 folders (SQLite3 and MCAP storage).
The re-scan's evidence names the frames of the topic it
still finds the face on; those messages (± 2) get the batch search, the file is rewritten and
re-scanned, and it is released only when clean, with ``media[i].second_pass`` in the manifest.
Beyond the second pass's cap it is refused, says why, and nothing is written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
pytest.importorskip("skimage")
pytest.importorskip("mcap_ros2")
pytest.importorskip("rosbags")

from tests.camera_clip import APPEAR_AT, APPEAR_FRAMES, camera_flows, faces_appear_frames  # noqa: E402
from tests.rosbag2_bags import rosbag2_from_mcap  # noqa: E402

from carborder.demo.vehicle import COMPRESSED_IMAGE_MSGDEF  # noqa: E402
from carborder.gateway import export, verify_manifest  # noqa: E402
from carborder.gateway._media import SECOND_PASS_MARGIN  # noqa: E402
from carborder.gateway.scanning import engine_scanner  # noqa: E402

FRONT = "/camera/front/image/compressed"
REAR = "/camera/rear/image/compressed"

pytestmark = pytest.mark.slow  # three exports of 12 frames of 1280×720 (≈ 10 s each)


def _jpegs() -> list[tuple[str, bytes]]:
    """(topic, JPEG) in log order: each front frame after a plain rear frame."""
    out = []
    plain = np.full((360, 640, 3), 120, np.uint8)
    ok, rear = cv2.imencode(".jpg", plain)
    assert ok
    for frame in faces_appear_frames():
        ok, front = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
        assert ok
        out += [(REAR, rear.tobytes()), (FRONT, front.tobytes())]
    return out


@pytest.fixture(scope="module")
def drive_mcap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mcap_ros2.writer import Writer

    path = tmp_path_factory.mktemp("mcap") / "drive.mcap"
    with path.open("wb") as f:
        writer = Writer(f)
        schema = writer.register_msgdef("sensor_msgs/msg/CompressedImage", COMPRESSED_IMAGE_MSGDEF)
        for k, (topic, jpeg) in enumerate(_jpegs()):
            t = 1_767_225_600 * 10**9 + k * 20_000_000
            msg = {
                "header": {"stamp": {"sec": t // 10**9, "nanosec": t % 10**9}, "frame_id": "cam"},
                "format": "jpeg",
                "data": jpeg,
            }
            writer.write_message(topic, schema, msg, log_time=t, publish_time=t, sequence=k)
        writer.finish()  # type: ignore[no-untyped-call]
    return path


@pytest.fixture(scope="module")
def drive_bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rosbags.rosbag1 import Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS1_NOETIC)
    image_t = store.types["sensor_msgs/msg/CompressedImage"]
    header_t = store.types["std_msgs/msg/Header"]
    time_t = store.types["builtin_interfaces/msg/Time"]
    path = tmp_path_factory.mktemp("bag") / "drive.bag"
    with Writer(path) as w:
        conns = {
            topic: w.add_connection(topic, image_t.__msgtype__, typestore=store)
            for topic in (REAR, FRONT)
        }
        for k, (topic, jpeg) in enumerate(_jpegs()):
            msg = image_t(
                header=header_t(seq=k, stamp=time_t(sec=k, nanosec=0), frame_id="cam"),
                format="jpeg",
                data=np.frombuffer(jpeg, dtype=np.uint8),
            )
            w.write(conns[topic], (k + 1) * 10**8, store.serialize_ros1(msg, image_t.__msgtype__))
    return path


@pytest.fixture(scope="module", params=["sqlite3", "mcap"])
def drive_rosbag2(
    request: pytest.FixtureRequest, drive_mcap: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The MCAP's messages in a rosbag2 folder ``drive`` with the param's storage plugin."""
    folder = tmp_path_factory.mktemp(f"rosbag2-{request.param}") / "drive"
    return rosbag2_from_mcap(drive_mcap, folder, request.param)


def _released_with_second_pass(ws: Path, src: Path) -> None:
    camera_flows(ws)
    r = export("video_fill", workspace=ws, inputs=[src], output=ws / "out")
    assert r.status == "released", r.message
    out = ws / "out" / src.name
    # Released only when clean: the re-scan of the released file finds no face or plate.
    after = engine_scanner([out])
    assert not [s for s in after.sightings() if s.kind in {"face", "plate"}]
    assert any("second pass" in w for w in r.warnings), r.warnings
    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    body = report.manifest["body"]
    second = body["media"][0]["second_pass"]
    assert second["passes"] >= 1 and second["search"] == "batch"
    assert second["frames_from"] == "re-scan evidence"
    # Only the front topic's flagged messages and their neighbours, not the whole topic.
    assert set(second["topics"]) == {FRONT}
    assert 1 + 2 * SECOND_PASS_MARGIN <= second["topics"][FRONT] < APPEAR_FRAMES
    # Every message kept; the manifest's hashes are the rewritten files' (a rosbag2 folder's
    # storage file comes first, then its metadata).
    assert r.files[0]["rows"] == 2 * APPEAR_FRAMES
    assert body["files"] == r.files
    for f in body["files"]:
        data = (ws / "out" / f["path"]).read_bytes()
        assert f["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_first_pass_alone_leaves_a_face_on_the_front_topic(
    drive_mcap: Path, tmp_path: Path
) -> None:
    """The gap the second pass closes, on this file: the re-scan names the frames."""
    from carborder.deid.media import MediaDeidPlan
    from carborder.deid.media.bags import deidentify_mcap

    out = tmp_path / "first.mcap"
    deidentify_mcap(drive_mcap, out, MediaDeidPlan(regions="fill"))
    faces = [s for s in engine_scanner([out]).sightings() if s.kind == "face"]
    assert [s.column for s in faces] == [FRONT]
    # From the frame they appear on, for as long as the search takes to reach them all.
    assert faces[0].frames and faces[0].frames[0] == APPEAR_AT


def test_mcap_camera_topic_gets_the_second_pass(ws: Path, drive_mcap: Path) -> None:
    _released_with_second_pass(ws, drive_mcap)


def test_ros1_bag_camera_topic_gets_the_second_pass(ws: Path, drive_bag: Path) -> None:
    _released_with_second_pass(ws, drive_bag)


def test_rosbag2_camera_topic_gets_the_second_pass(ws: Path, drive_rosbag2: Path) -> None:
    _released_with_second_pass(ws, drive_rosbag2)
    # The rewrite replaced the first pass's folder whole: one storage file, no leftovers.
    assert len(list((ws / "out").rglob("*.second-pass*"))) == 0
    assert len([p for p in (ws / "out" / "drive").iterdir() if p.name != "metadata.yaml"]) == 1


def test_beyond_the_cap_a_bag_is_refused_and_says_so(
    ws: Path, drive_mcap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carborder.gateway import _media

    monkeypatch.setattr(_media, "SECOND_PASS_MAX_FRAMES", 2 * SECOND_PASS_MARGIN)
    camera_flows(ws)
    r = export("video_fill", workspace=ws, inputs=[drive_mcap], output=ws / "out")
    assert r.status == "refused" and r.reasons == ["gateway.rescan"], r.message
    assert "face" in r.message and FRONT in r.message, r.message
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]


def test_beyond_the_cap_a_rosbag2_folder_is_refused_and_nothing_written(
    ws: Path, drive_rosbag2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carborder.gateway import _media

    monkeypatch.setattr(_media, "SECOND_PASS_MAX_FRAMES", 2 * SECOND_PASS_MARGIN)
    camera_flows(ws)
    r = export("video_fill", workspace=ws, inputs=[drive_rosbag2], output=ws / "out")
    # The plan promised no face visible; the re-scan of the written folder still finds one.
    assert r.status == "refused" and r.reasons == ["gateway.rescan"], r.message
    assert "face" in r.message and FRONT in r.message and "drive" in r.message, r.message
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]
