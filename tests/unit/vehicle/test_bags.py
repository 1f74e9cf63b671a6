"""MCAP and ROS bag scanning and rewriting on the real Husky GNSS bag and the demo drive log."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("mcap")
pytest.importorskip("rosbags")

from carborder.deid.media import GnssMode, MediaDeidPlan
from carborder.deid.media.bags import deidentify_mcap, deidentify_rosbag1
from carborder.demo.vehicle import write_demo_vehicle
from carborder.errors import ScanInputError
from carborder.scan.vehicle import scan_vehicle, scan_vehicle_file

BAG = "ros/robot_localization_test1_husky_gps.bag"
MCAP_DIR = "ros/robot_localization_test1_husky_gps_ros2_mcap"
MCAP = MCAP_DIR + "/robot_localization_test1_husky_gps_ros2_mcap_0.mcap"


def _mcap_records(path: Path) -> list[tuple[str, int, int, bytes]]:
    from mcap.reader import make_reader

    with path.open("rb") as f:
        return [
            (c.topic, m.log_time, m.publish_time, m.data)
            for _, c, m in make_reader(f).iter_messages(log_time_order=False)
        ]


def _bag_records(path: Path) -> list[tuple[str, int, bytes]]:
    from rosbags.rosbag1 import Reader

    with Reader(path) as r:
        return [(c.topic, t, bytes(raw)) for c, t, raw in r.messages()]


@pytest.mark.realdata
@pytest.mark.parametrize("rel", [BAG, MCAP, MCAP_DIR])
def test_real_bag_and_mcap_yield_the_fix_trajectory(realdata: Path, rel: str) -> None:
    scan = scan_vehicle(realdata / rel)
    fix = scan.channel("/fix")
    assert fix is not None and fix.track is not None
    assert fix.track.points == 989
    assert scan.messages == 16806
    facts, evidence = scan.facts()
    assert facts["geo.present"] is True
    assert facts["pi.sensitive_kinds"] == ["trajectory"]
    # stated accuracy and resolution are separate facts: covariance 0.81 m² → 0.9 m, while
    # the doubles resolve far finer; the decision reads the stricter (smaller) one
    assert 0.5 <= float(facts["geo.accuracy_m"]) <= 1.0  # the finest stated accuracy
    assert float(facts["geo.resolution_m"]) < 0.01
    assert facts["geo.precision_m"] == facts["geo.resolution_m"]
    assert [e.column for e in evidence] == ["/fix"] and evidence[0].matches == 989


@pytest.mark.realdata
def test_real_mcap_rewrite_keeps_order_topics_and_timestamps(
    realdata: Path, tmp_path: Path
) -> None:
    src, dst = realdata / MCAP, tmp_path / "out.mcap"
    report = deidentify_mcap(src, dst)
    assert report.messages_in == report.messages_out == 16806
    before, after = _mcap_records(src), _mcap_records(dst)
    assert [(t, lt, pt) for t, lt, pt, _ in before] == [(t, lt, pt) for t, lt, pt, _ in after]
    # Only the GNSS fixes changed; everything else is byte-identical.
    assert all(a[3] == b[3] for a, b in zip(before, after, strict=True) if a[0] != "/fix")
    fix = scan_vehicle(dst).channel("/fix")
    assert fix is not None and fix.track is not None
    assert fix.track.points == 989 and fix.track.precision_m > 1000


@pytest.mark.realdata
def test_real_bag_rewrite_drop_gnss(realdata: Path, tmp_path: Path) -> None:
    src, dst = realdata / BAG, tmp_path / "out.bag"
    deidentify_rosbag1(src, dst, MediaDeidPlan(gnss=GnssMode.DROP))
    before, after = _bag_records(src), _bag_records(dst)
    assert [r for r in before if r[0] != "/fix"] == after
    assert scan_vehicle_file(dst)["facts"]["geo.present"] is False


@pytest.mark.realdata
def test_real_bag_rewrite_coarsen_keeps_everything_else(realdata: Path, tmp_path: Path) -> None:
    src, dst = realdata / BAG, tmp_path / "out.bag"
    deidentify_rosbag1(src, dst)
    before, after = _bag_records(src), _bag_records(dst)
    assert [(t, ts) for t, ts, _ in before] == [(t, ts) for t, ts, _ in after]
    assert all(a == b for a, b in zip(before, after, strict=True) if a[0] != "/fix")
    assert float(scan_vehicle_file(dst)["facts"]["geo.precision_m"]) > 1000


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return write_demo_vehicle(tmp_path_factory.mktemp("demo"))


def test_demo_mcap_facts(demo: dict[str, list[Path]]) -> None:
    facts = scan_vehicle_file(demo["adas_drive_log"][0])["facts"]
    assert facts["geo.present"] is True
    assert facts["camera.outside_vehicle"] is True
    assert facts["camera.plates_visible"] is True
    assert "plate" in facts["pi.kinds"] and "trajectory" in facts["pi.sensitive_kinds"]
    assert "camera_video" in facts["content.kinds"]


def test_demo_mcap_rewrite_hides_plates(demo: dict[str, list[Path]], tmp_path: Path) -> None:
    src, dst = demo["adas_drive_log"][0], tmp_path / "clean.mcap"
    report = deidentify_mcap(src, dst, MediaDeidPlan(gnss=GnssMode.DROP))
    assert report.images_changed == 20 and report.fixes_dropped == 100
    before = [r[:3] for r in _mcap_records(src) if r[0] != "/gnss/fix"]
    assert [r[:3] for r in _mcap_records(dst)] == before
    facts = scan_vehicle_file(dst)["facts"]
    assert facts["geo.present"] is False
    assert "camera.plates_visible" not in facts and facts["pi.kinds"] == []


def test_truncated_mcap_is_a_clear_error(demo: dict[str, list[Path]], tmp_path: Path) -> None:
    data = demo["adas_drive_log"][0].read_bytes()
    cut = tmp_path / "cut.mcap"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ScanInputError, match="truncated or corrupt"):
        scan_vehicle(cut)
    bad = tmp_path / "bad.mcap"
    bad.write_bytes(b"hello world, not mcap")
    with pytest.raises(ScanInputError, match="not an MCAP file"):
        scan_vehicle(bad)


@pytest.mark.realdata
def test_truncated_bag_is_a_clear_error(realdata: Path, tmp_path: Path) -> None:
    data = (realdata / BAG).read_bytes()
    cut = tmp_path / "cut.bag"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(ScanInputError):
        scan_vehicle(cut)


def test_ros1_bag_images_are_rewritten(tmp_path: Path) -> None:
    from rosbags.rosbag1 import Writer
    from rosbags.typesys import Stores, get_typestore

    from carborder.demo.vehicle import demo_frame

    store = get_typestore(Stores.ROS1_NOETIC)
    image_t = store.types["sensor_msgs/msg/CompressedImage"]
    header_t = store.types["std_msgs/msg/Header"]
    time_t = store.types["builtin_interfaces/msg/Time"]
    src = tmp_path / "cam.bag"
    with Writer(src) as w:
        conn = w.add_connection("/cam/rear/compressed", image_t.__msgtype__, typestore=store)
        for k in range(3):
            stamp = time_t(sec=k, nanosec=0)
            msg = image_t(
                header=header_t(seq=k, stamp=stamp, frame_id="rear"),
                format="jpeg",
                data=np.frombuffer(demo_frame(k), dtype=np.uint8),
            )
            w.write(conn, (k + 1) * 10**9, store.serialize_ros1(msg, image_t.__msgtype__))
    assert scan_vehicle_file(src)["facts"]["camera.plates_visible"] is True
    dst = tmp_path / "clean.bag"
    report = deidentify_rosbag1(src, dst)
    assert report.images_changed == 3
    assert [(t, ts) for t, ts, _ in _bag_records(src)] == [
        (t, ts) for t, ts, _ in _bag_records(dst)
    ]
    assert "camera.plates_visible" not in scan_vehicle_file(dst)["facts"]


@pytest.mark.realdata
def test_real_rosbag2_folder_rewrite(realdata: Path, tmp_path: Path) -> None:
    from rosbags.rosbag2 import Reader

    from carborder.deid.media import deidentify_vehicle_file

    src, dst = realdata / MCAP_DIR, tmp_path / "clean_bag"
    report = deidentify_vehicle_file(src, dst, MediaDeidPlan(gnss=GnssMode.DROP))
    assert report.fixes_dropped == 989 and report.messages_out == 16806 - 989
    with Reader(src) as a, Reader(dst) as b:
        before = [(c.topic, t) for c, t, _ in a.messages() if c.topic != "/fix"]
        after = [(c.topic, t) for c, t, _ in b.messages()]
    assert before == after
    assert next(dst.glob("*.mcap")).is_file()
    assert scan_vehicle_file(dst)["facts"]["geo.present"] is False
