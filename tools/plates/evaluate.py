"""Measure plate recall, precision and speed: synthetic composites (per colour) + real photos.

    PYTHONPATH=src python tools/plates/evaluate.py [--count 250] [--edges]

Writes bench/results/plates.json. Real photos are read from the shared real-data folder
(``CARBORDER_REALDATA`` or ``../shared/realdata``) when present.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from generate import PLATE_STYLES, backgrounds, composite

from carborder.scan.detectors.vision import Box, PlateDetector, iou
from carborder.scan.detectors.vision.plates import (
    DEFAULT_COLOURS,
    WHITE_BLACK_COLOURS,
)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "results" / "plates.json"
REAL_BOXES = {
    "ccpd/demo_0.jpg": [(295, 504, 475, 582)],
    "ccpd/demo_1.jpg": [(206, 503, 400, 603)],
    "ccpd/demo_2.jpg": [(310, 447, 496, 540)],
    "hyperlpr/pip_test.jpg": [(256, 275, 382, 353)],
    "hyperlpr/pip_test_db2.jpg": [(1664, 1351, 1919, 1488)],
    "hyperlpr/resource_test_img.jpg": [(1755, 769, 1860, 854), (282, 412, 332, 429)],
}


def score(found: list[Box], truth: list[Box]) -> tuple[int, int, int]:
    """(true positives among truths, true positives among detections, detections)."""
    hit = sum(any(iou(t, f) >= 0.4 for f in found) for t in truth)
    good = sum(any(iou(t, f) >= 0.4 for t in truth) for f in found)
    return hit, good, len(found)


def main() -> None:
    """Run the evaluation and merge its figures into bench/results/plates.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=250)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--white-black", action="store_true", help="also search white and black plates"
    )
    args = parser.parse_args()
    colours = DEFAULT_COLOURS + (WHITE_BLACK_COLOURS if args.white_black else ())
    det = PlateDetector(colours=colours)
    rng = np.random.default_rng(args.seed)
    bgs = backgrounds()
    per: dict[str, list[int]] = {s: [0, 0, 0, 0] for s in PLATE_STYLES}  # hit, n, good, found
    elapsed = 0.0
    for i in range(args.count):
        style = list(PLATE_STYLES)[i % len(PLATE_STYLES)]
        img, box = composite(rng, bgs[int(rng.integers(0, len(bgs)))], style)
        t = time.perf_counter()
        found = det.detect(img)
        elapsed += time.perf_counter() - t
        hit, good, n_found = score(found, [Box(*box, 1.0, "plate")])
        row = per[style]
        row[0] += hit
        row[1] += 1
        row[2] += good
        row[3] += n_found
    # False positives on the bare backgrounds (no plate at all).
    bare_fp = sum(len(det.detect(b)) for b in bgs)
    synthetic = {
        s: {
            "recall": round(r[0] / r[1], 3),
            "precision": round(r[2] / r[3], 3) if r[3] else None,
            "plates": r[1],
        }
        for s, r in per.items()
    }
    result: dict[str, object] = {
        "detector": det.name,
        "colours": [c.name for c in colours],
        "synthetic": synthetic,
        "synthetic_fps_1280x720": round(args.count / elapsed, 1),
        "false_boxes_on_plate_free_backgrounds": bare_fp,
        "backgrounds": len(bgs),
    }
    env = os.environ.get("CARBORDER_REALDATA")
    real = Path(env) if env else ROOT.parent / "shared" / "realdata"
    if (real / "images").is_dir():
        hit = n = good = found_n = 0
        for rel, boxes in REAL_BOXES.items():
            img = cv2.imread(str(real / "images" / rel))
            found = det.detect(img)
            h, g, f = score(found, [Box(*b, 1.0, "plate") for b in boxes])
            hit, n, good, found_n = hit + h, n + len(boxes), good + g, found_n + f
        result["real"] = {
            "recall": round(hit / n, 3),
            "precision": round(good / found_n, 3) if found_n else None,
            "plates": n,
            "images": len(REAL_BOXES),
            "note": "the photos the detector was tuned on: not a held-out set",
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    key = "with_white_black" if args.white_black else "default"
    doc = json.loads(OUT.read_text()) if OUT.exists() else {}
    doc[key] = result
    OUT.write_text(json.dumps(doc, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
