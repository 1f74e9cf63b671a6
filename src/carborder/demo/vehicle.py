"""Small synthetic vehicle files for the demo: an ADAS drive log (MCAP) and a CAN capture."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

__all__ = ["COMPRESSED_IMAGE_MSGDEF", "NAVSATFIX_MSGDEF", "demo_frame", "write_demo_vehicle"]

_SEP = "=" * 80
_HEADER = f"""{_SEP}
MSG: std_msgs/Header
builtin_interfaces/Time stamp
string frame_id
{_SEP}
MSG: builtin_interfaces/Time
int32 sec
uint32 nanosec
"""

#: ROS 2 message definition (with dependencies) of sensor_msgs/msg/NavSatFix.
NAVSATFIX_MSGDEF = f"""std_msgs/Header header
NavSatStatus status
float64 latitude
float64 longitude
float64 altitude
float64[9] position_covariance
uint8 position_covariance_type
{_HEADER}{_SEP}
MSG: sensor_msgs/NavSatStatus
int8 status
uint16 service
"""

#: ROS 2 message definition (with dependencies) of sensor_msgs/msg/CompressedImage.
COMPRESSED_IMAGE_MSGDEF = f"""std_msgs/Header header
string format
uint8[] data
{_HEADER}"""

_START_NS = 1_767_225_600 * 10**9  # 2026-01-01T00:00:00Z


def demo_frame(i: int, *, width: int = 640, height: int = 360, plate: bool = True) -> bytes:
    """A JPEG road scene with a car and (optionally) a blue Chinese-style plate."""
    import cv2

    rng = np.random.default_rng(i)
    img = np.zeros((height, width, 3), dtype=np.uint8)
    img[: height // 2] = (200, 170, 140)  # sky
    img[height // 2 :] = (90, 90, 90)  # road
    img += rng.integers(0, 12, img.shape, dtype=np.uint8)
    x = 200 + (i % 10) * 8
    cv2.rectangle(img, (x, 150), (x + 240, 290), (40, 40, 160), -1)  # car body
    if plate:
        px, py = x + 70, 240
        cv2.rectangle(img, (px, py), (px + 110, py + 34), (170, 70, 20), -1)  # blue plate
        cv2.rectangle(img, (px + 2, py + 2), (px + 108, py + 32), (255, 255, 255), 1)
        cv2.putText(
            img, "A 12345", (px + 6, py + 26), cv2.FONT_HERSHEY_SIMPLEX, 0.75, (255, 255, 255), 2
        )
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return bytes(buf.tobytes())


def _write_mcap(path: Path, seed: int) -> None:
    from mcap_ros2.writer import Writer

    rng = np.random.default_rng(seed)
    with path.open("wb") as f:
        writer = Writer(f)
        fix_schema = writer.register_msgdef("sensor_msgs/msg/NavSatFix", NAVSATFIX_MSGDEF)
        img_schema = writer.register_msgdef(
            "sensor_msgs/msg/CompressedImage", COMPRESSED_IMAGE_MSGDEF
        )
        lat, lon = 31.2304, 121.4737  # central Shanghai
        for k in range(100):  # 10 s at 10 Hz
            t = _START_NS + k * 100_000_000
            stamp = {"sec": t // 10**9, "nanosec": t % 10**9}
            lat += 0.00002 + float(rng.normal(0, 2e-6))
            lon += 0.00003 * math.cos(k / 20)
            writer.write_message(
                "/gnss/fix",
                fix_schema,
                {
                    "header": {"stamp": stamp, "frame_id": "gnss"},
                    "status": {"status": 0, "service": 1},
                    "latitude": round(lat, 7),
                    "longitude": round(lon, 7),
                    "altitude": 4.0,
                    "position_covariance": [0.25, 0, 0, 0, 0.25, 0, 0, 0, 1.0],
                    "position_covariance_type": 2,
                },
                log_time=t,
                publish_time=t,
                sequence=k,
            )
            if k % 5 == 0:  # camera at 2 Hz
                writer.write_message(
                    "/camera/front/image/compressed",
                    img_schema,
                    {
                        "header": {"stamp": stamp, "frame_id": "camera_front"},
                        "format": "jpeg",
                        "data": demo_frame(k),
                    },
                    log_time=t + 1,
                    publish_time=t + 1,
                    sequence=k,
                )
        writer.finish()  # type: ignore[no-untyped-call]


def _write_candump(path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lines = []
    t = 1_767_225_600.0
    for k in range(400):  # 4 s at 100 Hz
        speed = int((50 + 5 * math.sin(k / 50)) * 100)  # Toyota SPEED (0xB4): 0.01 km/h
        payload = bytes([0, 0, 0, 0, 0, speed >> 8, speed & 0xFF, 0])
        lines.append(f"({t + k * 0.01:.6f}) can0 0B4#{payload.hex().upper()}")
        if k % 10 == 0:
            noise = bytes(int(b) for b in rng.integers(0, 256, 8))
            lines.append(f"({t + k * 0.01 + 0.002:.6f}) can0 260#{noise.hex().upper()}")
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def write_demo_vehicle(out_dir: Path, *, seed: int = 7) -> dict[str, list[Path]]:
    """Write the demo's vehicle files and return them by asset id.

    ``adas_drive_log``: an MCAP with a GNSS track (``/gnss/fix``) and a front camera whose
    frames show a plate. ``can_capture``: a candump log with a speed signal and no GNSS.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    mcap_path = out_dir / "adas_drive_log.mcap"
    can_path = out_dir / "can_capture.log"
    _write_mcap(mcap_path, seed)
    _write_candump(can_path, seed)
    return {"adas_drive_log": [mcap_path], "can_capture": [can_path]}
