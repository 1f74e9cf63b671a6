"""CAN decode+scan vs plain python-can + cantools decoding of the real RAV4 log.

Run: .venv/bin/python bench/can.py  → bench/results/can.json
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# This script's own name shadows the library it benchmarks: drop its folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import contextlib  # noqa: E402

import can  # noqa: E402
import cantools  # noqa: E402
import opendbc  # noqa: E402

from carborder.scan.readers.can import load_dbc, scan_can  # noqa: E402

OUT = Path(__file__).parent / "results" / "can.json"
LOG = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "realdata"
    / "can"
    / ("comma2k19_rav4_seg40_candump.log.gz")
)
DBC = Path(opendbc.__file__).parent / "dbc" / "generator" / "toyota" / "toyota_new_mc_pt.dbc"


def best(fn, repeat: int = 3) -> float:
    t_best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        t_best = min(t_best, time.perf_counter() - t)
    return t_best


def main() -> None:
    db = load_dbc([DBC])

    def read_only() -> None:
        for _ in can.LogReader(str(LOG)):
            pass

    def plain_decode() -> None:
        known = {m.frame_id: m for m in db.messages}
        for msg in can.LogReader(str(LOG)):
            m = known.get(msg.arbitration_id)
            if m is not None:
                with contextlib.suppress(cantools.database.errors.DecodeError):
                    m.decode(
                        bytes(msg.data).ljust(m.length, b"\0"),
                        decode_choices=False,
                        allow_truncated=True,
                    )

    n = sum(1 for _ in can.LogReader(str(LOG)))
    res = {
        "file": LOG.name,
        "frames": n,
        "python_can_read_s": best(read_only),
        "plain_cantools_decode_s": best(plain_decode),
        "carborder_scan_can_s": best(lambda: scan_can(LOG, dbc=db)),
    }
    res["carborder_frames_per_s"] = n / res["carborder_scan_can_s"]
    res["ratio_scan_vs_plain_decode"] = res["carborder_scan_can_s"] / res["plain_cantools_decode_s"]
    res["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
