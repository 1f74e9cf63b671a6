"""Topic classification end to end: point clouds, maps, cabin cameras, raw images, NMEA and
identifiers in text topics, in one synthetic MCAP."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")
pytest.importorskip("mcap_ros2")

from carborder.deid.media import MediaDeidPlan  # noqa: E402
from carborder.deid.media.bags import deidentify_mcap  # noqa: E402
from carborder.demo.vehicle import demo_frame  # noqa: E402
from carborder.scan.vehicle import CameraPlacement, ScanOptions, scan_vehicle  # noqa: E402

SEP = "=" * 80
HEADER = f"""{SEP}
MSG: std_msgs/Header
builtin_interfaces/Time stamp
string frame_id
{SEP}
MSG: builtin_interfaces/Time
int32 sec
uint32 nanosec
"""
DEFS = {
    "sensor_msgs/msg/PointCloud2": f"""std_msgs/Header header
uint32 height
uint32 width
PointField[] fields
bool is_bigendian
uint32 point_step
uint32 row_step
uint8[] data
bool is_dense
{HEADER}{SEP}
MSG: sensor_msgs/PointField
string name
uint32 offset
uint8 datatype
uint32 count
""",
    "sensor_msgs/msg/Image": f"""std_msgs/Header header
uint32 height
uint32 width
string encoding
uint8 is_bigendian
uint32 step
uint8[] data
{HEADER}""",
    "std_msgs/msg/String": "string data\n",
    "nmea_msgs/msg/Sentence": f"std_msgs/Header header\nstring sentence\n{HEADER}",
}


def _header(t: int, frame: str) -> dict[str, object]:
    return {"stamp": {"sec": t // 10**9, "nanosec": t % 10**9}, "frame_id": frame}


@pytest.fixture(scope="module")
def drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mcap_ros2.writer import Writer

    path = tmp_path_factory.mktemp("topics") / "drive.mcap"
    frame = cv2.imdecode(np.frombuffer(demo_frame(2), np.uint8), cv2.IMREAD_COLOR)
    with path.open("wb") as f:
        w = Writer(f)
        s = {name: w.register_msgdef(name, text) for name, text in DEFS.items()}
        for k in range(4):
            t = 10**18 + k * 10**8
            w.write_message(
                "/lidar/top/points",
                s["sensor_msgs/msg/PointCloud2"],
                {
                    "header": _header(t, "lidar"),
                    "height": 1,
                    "width": 0,
                    "fields": [],
                    "is_bigendian": False,
                    "point_step": 16,
                    "row_step": 0,
                    "data": b"",
                    "is_dense": True,
                },
                log_time=t,
                publish_time=t,
                sequence=k,
            )
            w.write_message(
                "/camera/dms/image_raw",
                s["sensor_msgs/msg/Image"],
                {
                    "header": _header(t, "dms_camera"),
                    "height": 360,
                    "width": 640,
                    "encoding": "bgr8",
                    "is_bigendian": 0,
                    "step": 640 * 3,
                    "data": frame.tobytes(),
                },
                log_time=t + 1,
                publish_time=t + 1,
                sequence=k,
            )
            w.write_message(
                "/nmea",
                s["nmea_msgs/msg/Sentence"],
                {
                    "header": _header(t, "gps"),
                    "sentence": "$GPGGA,123519,3113.824,N,12128.422,E,1,08,0.9,5.4,M,,*47",
                },
                log_time=t + 2,
                publish_time=t + 2,
                sequence=k,
            )
        w.write_message(
            "/hd_map/lanelets",
            s["std_msgs/msg/String"],
            {"data": "<osm/>"},
            log_time=10**18 + 5,
            publish_time=10**18 + 5,
            sequence=0,
        )
        w.write_message(
            "/diagnostics/text",
            s["std_msgs/msg/String"],
            {"data": "owner tel 13812345678 vin LSVAU218XN2183294 id 11010519491231002X"},
            log_time=10**18 + 6,
            publish_time=10**18 + 6,
            sequence=0,
        )
        w.finish()
    return path


def test_kinds_and_facts(drive: Path) -> None:
    scan = scan_vehicle(drive)
    kinds = {c.name: c.kind.value for c in scan.channels}
    assert kinds == {
        "/lidar/top/points": "pointcloud",
        "/camera/dms/image_raw": "camera",
        "/nmea": "gnss",
        "/hd_map/lanelets": "map",
        "/diagnostics/text": "text",
    }
    facts, _ = scan.facts()
    assert facts["survey.pointcloud"] is True and facts["survey.hd_map"] is True
    assert facts["camera.cabin"] is True and "camera.outside_vehicle" not in facts
    assert facts["camera.plates_visible"] is True  # raw bgr8 frames decoded
    assert facts["geo.present"] is True
    assert set(facts["pi.kinds"]) == {"id_number", "location", "phone", "plate", "vin"}
    assert {"trajectory", "cabin_audio_video"} <= set(facts["pi.sensitive_kinds"])
    assert {"pointcloud", "map_data", "camera_video"} <= set(facts["content.kinds"])
    nmea = scan.channel("/nmea")
    assert nmea is not None and nmea.track is not None and nmea.track.points == 4


def test_camera_mapping_is_configurable(drive: Path) -> None:
    options = ScanOptions(placement=CameraPlacement(cabin=["nothing-matches"]), vision=False)
    facts, _ = scan_vehicle(drive, options=options).facts()
    assert facts["camera.outside_vehicle"] is True and "camera.cabin" not in facts


def test_raw_image_rewrite(drive: Path, tmp_path: Path) -> None:
    out = tmp_path / "clean.mcap"
    report = deidentify_mcap(drive, out, MediaDeidPlan(drop_topics=["/diagnostics/text"]))
    assert report.images_changed == 4 and report.messages_out == report.messages_in - 1
    facts, _ = scan_vehicle(out).facts()
    assert "camera.plates_visible" not in facts
    assert "phone" not in facts["pi.kinds"] and "vin" not in facts["pi.kinds"]


def test_nmea_is_coarsened(drive: Path, tmp_path: Path) -> None:
    out = tmp_path / "coarse.mcap"
    deidentify_mcap(drive, out, MediaDeidPlan())
    nmea = scan_vehicle(out).channel("/nmea")
    assert nmea is not None and nmea.track is not None
    assert nmea.track.points == 4 and nmea.track.precision_m > 1000


def test_json_and_undecodable_channels(tmp_path: Path) -> None:
    import json

    from mcap.writer import Writer

    path = tmp_path / "foxglove.mcap"
    with path.open("wb") as f:
        w = Writer(f)
        w.start(profile="", library="test")
        fix = w.register_schema("foxglove.LocationFix", "jsonschema", b"{}")
        proto = w.register_schema("pkg.Secret", "protobuf", b"\x00")
        c_fix = w.register_channel("/gps", "json", fix)
        c_proto = w.register_channel("/blob", "protobuf", proto)
        for k in range(5):
            doc = {"latitude": 39.9 + k * 1e-5, "longitude": 116.4, "frame_id": "gps"}
            w.add_message(c_fix, log_time=k, data=json.dumps(doc).encode(), publish_time=k)
            w.add_message(c_proto, log_time=k, data=b"\x08\x01", publish_time=k)
        w.finish()
    scan = scan_vehicle(path)
    gps = scan.channel("/gps")
    assert gps is not None and gps.track is not None and gps.track.points == 5
    blob = scan.channel("/blob")
    assert blob is not None and blob.messages == 5
    assert scan.errors == []  # an "other" channel is counted without decoding


def test_ros1_encoded_mcap(tmp_path: Path) -> None:
    from mcap.writer import Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS1_NOETIC)
    fix_t = store.types["sensor_msgs/msg/NavSatFix"]
    msgdef, _ = store.generate_msgdef("sensor_msgs/msg/NavSatFix")
    path = tmp_path / "ros1.mcap"
    with path.open("wb") as f:
        w = Writer(f)
        w.start(profile="ros1", library="test")
        schema = w.register_schema("sensor_msgs/NavSatFix", "ros1msg", msgdef.encode())
        channel = w.register_channel("/fix", "ros1", schema)
        for k in range(3):
            msg = fix_t(
                header=store.types["std_msgs/msg/Header"](
                    seq=k,
                    stamp=store.types["builtin_interfaces/msg/Time"](sec=k, nanosec=0),
                    frame_id="gps",
                ),
                status=store.types["sensor_msgs/msg/NavSatStatus"](status=0, service=1),
                latitude=22.54 + k * 1e-4,
                longitude=114.05,
                altitude=10.0,
                position_covariance=np.zeros(9),
                position_covariance_type=0,
            )
            data = bytes(store.serialize_ros1(msg, "sensor_msgs/msg/NavSatFix"))
            w.add_message(channel, log_time=k, data=data, publish_time=k)
        w.finish()
    fix = scan_vehicle(path).channel("/fix")
    assert fix is not None and fix.track is not None and fix.track.points == 3
    out = tmp_path / "ros1_clean.mcap"
    deidentify_mcap(path, out)
    fix = scan_vehicle(out).channel("/fix")
    assert fix is not None and fix.track is not None and fix.track.precision_m > 1000


def test_json_and_ros1_mcap_gnss_are_coarsened(tmp_path: Path) -> None:
    import json

    from mcap.writer import Writer

    src = tmp_path / "json.mcap"
    with src.open("wb") as f:
        w = Writer(f)
        w.start(profile="", library="test")
        fix = w.register_schema("foxglove.LocationFix", "jsonschema", b"{}")
        ch = w.register_channel("/gps", "json", fix)
        for k in range(5):
            doc = {"latitude": 39.91234 + k * 1e-5, "longitude": 116.40012, "frame_id": "gps"}
            w.add_message(ch, log_time=k, data=json.dumps(doc).encode(), publish_time=k)
        w.finish()
    out = tmp_path / "json_clean.mcap"
    deidentify_mcap(src, out)
    gps = scan_vehicle(out).channel("/gps")
    assert gps is not None and gps.track is not None
    assert gps.track.points == 5 and gps.track.precision_m > 1000


def test_json_compressed_image_is_scanned_and_rewritten(tmp_path: Path) -> None:
    import base64
    import json

    from mcap.writer import Writer

    src = tmp_path / "fox.mcap"
    with src.open("wb") as f:
        w = Writer(f)
        w.start(profile="", library="test")
        schema = w.register_schema("foxglove.CompressedImage", "jsonschema", b"{}")
        ch = w.register_channel("/camera/front", "json", schema)
        for k in range(2):
            doc = {
                "frame_id": "front",
                "format": "jpeg",
                "data": base64.b64encode(demo_frame(k)).decode(),
            }
            w.add_message(ch, log_time=k, data=json.dumps(doc).encode(), publish_time=k)
        w.finish()
    facts, _ = scan_vehicle(src).facts()
    assert facts["camera.plates_visible"] is True
    out = tmp_path / "fox_clean.mcap"
    assert deidentify_mcap(src, out).images_changed == 2
    assert "camera.plates_visible" not in scan_vehicle(out).facts()[0]
