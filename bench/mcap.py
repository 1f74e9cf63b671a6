"""MCAP/bag scan throughput vs plain iteration with the mcap library (same file, same run).

Run: .venv/bin/python bench/mcap.py  → bench/results/mcap.json
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# This script's own name shadows the library it benchmarks: drop its folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

from mcap.reader import make_reader  # noqa: E402
from mcap_ros2.decoder import DecoderFactory  # noqa: E402

from carborder.scan.vehicle import scan_vehicle  # noqa: E402

OUT = Path(__file__).parent / "results" / "mcap.json"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "ros"
MCAP = (
    REAL
    / "robot_localization_test1_husky_gps_ros2_mcap"
    / ("robot_localization_test1_husky_gps_ros2_mcap_0.mcap")
)


def best(fn, repeat: int = 3) -> float:
    t_best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        t_best = min(t_best, time.perf_counter() - t)
    return t_best


def plain_raw() -> int:
    with MCAP.open("rb") as f:
        return sum(1 for _ in make_reader(f).iter_messages(log_time_order=False))


def plain_decoded() -> int:
    with MCAP.open("rb") as f:
        reader = make_reader(f, decoder_factories=[DecoderFactory()])
        return sum(1 for _ in reader.iter_decoded_messages(log_time_order=False))


def main() -> None:
    n = plain_raw()
    res = {
        "file": MCAP.name,
        "bytes": MCAP.stat().st_size,
        "messages": n,
        "mcap_iter_raw_s": best(plain_raw),
        "mcap_iter_decode_all_s": best(plain_decoded),
        "carborder_scan_mcap_s": best(lambda: scan_vehicle(MCAP)),
        "carborder_scan_rosbag1_s": best(
            lambda: scan_vehicle(REAL / "robot_localization_test1_husky_gps.bag")
        ),
    }
    res["carborder_msgs_per_s"] = n / res["carborder_scan_mcap_s"]
    res["ratio_scan_vs_raw_iter"] = res["carborder_scan_mcap_s"] / res["mcap_iter_raw_s"]
    res["ratio_scan_vs_decode_all"] = res["carborder_scan_mcap_s"] / res["mcap_iter_decode_all_s"]
    res["note"] = "scan decodes only GNSS/camera/text topics and counts the rest"
    res["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
