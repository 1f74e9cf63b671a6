"""Plate recall per colour and width band, and precision, for each way of searching.

    CARBORDER_REALDATA=../shared/realdata python tools/plates/evaluate.py [--per-cell 25] [--seed 2]

Runs every configuration on the same generated set (see ``evalset.py``: real frames, synthetic
plates of six colours warped onto real plate positions, widths 24–120 px) and on the real
photos with hand-drawn boxes, then writes ``bench/results/plates.json``. Seed 1 is the set the
search settings were chosen on; the default seed 2 is the one reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from classical import DEFAULT_COLOURS, WHITE_BLACK_COLOURS, ClassicalPlateDetector
from evalset import BANDS, realdata_dir, samples
from render import COLOURS, cjk_font

from carborder.scan.detectors.vision import (
    BATCH,
    REALTIME,
    Box,
    PlateDetector,
    PlateSearch,
    SequenceDetector,
    iou,
)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "results" / "plates.json"
# Hand-drawn boxes on the real photos (the same as the unit tests').
REAL_BOXES = {
    "ccpd/demo_0.jpg": [(295, 504, 475, 582)],
    "ccpd/demo_1.jpg": [(206, 503, 400, 603)],
    "ccpd/demo_2.jpg": [(310, 447, 496, 540)],
    "hyperlpr/pip_test.jpg": [(256, 275, 382, 353)],
    "hyperlpr/pip_test_db2.jpg": [(1664, 1351, 1919, 1488)],
    "hyperlpr/resource_test_img.jpg": [(1755, 769, 1860, 854), (282, 412, 332, 429)],
}
MATCH_IOU = 0.4


def _box(corners: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return Box(
        int(min(xs)), int(min(ys)), int(np.ceil(max(xs))), int(np.ceil(max(ys))), 1.0, "plate"
    )


#: The video search on a still: the full search it does on a cut, which is also what it covers
#: over one rotation of its close windows on a still scene.
VIDEO = "video search (320: frame + close windows at 0.67 scale, as on a cut)"


def _video_search() -> Callable[[np.ndarray], list[Box]]:
    seq = SequenceDetector()

    def detect(image: np.ndarray) -> list[Box]:
        seq.reset()  # every image is a new scene
        return [b for b in seq.detect(image) if b.label == "plate"]

    return detect


def configurations() -> dict[str, Callable[[np.ndarray], list[Box]]]:
    """Every search compared, by name."""
    p320 = PlateDetector(PlateSearch(input_size=320, refine=False))
    p640 = PlateDetector(PlateSearch(input_size=640, refine=False))
    classical = ClassicalPlateDetector(colours=DEFAULT_COLOURS + WHITE_BLACK_COLOURS)
    return {
        VIDEO: _video_search(),
        "realtime (320: frame + 2 tiles + second look)": PlateDetector(REALTIME).detect,
        "batch (640: frame + tiles + second look)": PlateDetector(BATCH).detect,
        "320 whole frame only": p320.detect,
        "640 whole frame only": p640.detect,
        "classical (retired; all colours)": classical.detect,
    }


#: Unions scored without running anything again: does the classical detector add recall?
UNIONS = {
    "batch + classical": (
        "batch (640: frame + tiles + second look)",
        "classical (retired; all colours)",
    )
}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def markdown(doc: dict[str, Any]) -> str:
    """The README table: recall per colour and width band for the shipped searches."""
    lines = []
    for name, conf in doc["configurations"].items():
        if not name.startswith(("realtime", "batch (", "video search")):
            continue
        bands = list(next(iter(conf["per_colour"].values()))["recall_by_width"])
        cost = f"median {conf['median_ms_per_1280x720_frame']} ms per 1280×720 frame"
        if name == VIDEO:
            cost = "each image searched as the first frame of a video (per-frame cost: video rows)"
        lines.append(
            f"**{name}** — precision {conf['precision']}, real photos recall "
            f"{conf['real_photos']['recall']} ({conf['real_photos']['plates']} plates), {cost}"
        )
        lines.append("")
        lines.append("| colour | " + " | ".join(f"{b} px" for b in bands) + " | ≥ 32 px |")
        lines.append("|---|" + "---|" * (len(bands) + 1))
        for colour, row in conf["per_colour"].items():
            cells = [str(row["recall_by_width"][b]) for b in bands]
            lines.append(f"| {colour} | " + " | ".join(cells) + f" | {row['recall_width_ge_32']} |")
        lines.append("")
    return "\n".join(lines)


def _merged(result: dict[str, Any]) -> dict[str, Any]:
    """A partial run's configurations added to the last full run (same seed and set)."""
    last: dict[str, Any] = json.loads(OUT.read_text())
    if (last["seed"], last["per_cell"]) != (result["seed"], result["per_cell"]):
        raise SystemExit("--only must use the seed and --per-cell of the last full run")
    last["configurations"].update(result["configurations"])
    return last


def main() -> None:
    """Run every configuration and write bench/results/plates.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-cell", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument(
        "--markdown", action="store_true", help="print the README table of the last run"
    )
    parser.add_argument(
        "--only",
        help="run only configurations whose name starts with this; merged into the last results",
    )
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(OUT.read_text())))
        return
    real = realdata_dir()
    if real is None:
        raise SystemExit("the shared real data is needed: set CARBORDER_REALDATA")
    configs = configurations()
    if args.only:
        configs = {k: v for k, v in configs.items() if k.startswith(args.only)}
    bands = [f"{lo}-{hi - 1}" for lo, hi in BANDS]
    # per config: colour -> band -> [hits, n]; plus precision counts and times
    unions = {k: v for k, v in UNIONS.items() if all(p in configs for p in v)}
    names = [*configs, *unions]
    cells = {c: {col: {b: [0, 0] for b in bands} for col in COLOURS} for c in names}
    good = dict.fromkeys(names, 0)
    found = dict.fromkeys(names, 0)
    times: dict[str, list[float]] = {c: [] for c in names}
    n_images = 0
    for s in samples(args.seed, args.per_cell):
        n_images += 1
        band = next(
            f"{lo}-{hi - 1}"
            for lo, hi in BANDS
            if lo <= s.width < hi or (hi == 121 and s.width >= lo)
        )
        truth = _box(s.plate)
        everything = [truth] + [_box(o) for o in s.others]
        seen: dict[str, list[Box]] = {}
        for name, detect in configs.items():
            t = time.perf_counter()
            seen[name] = detect(s.image.copy())
            times[name].append(time.perf_counter() - t)
        for name, parts in unions.items():
            seen[name] = [b for part in parts for b in seen[part]]
            times[name].append(sum(times[part][-1] for part in parts))
        for name, got in seen.items():
            cell = cells[name][s.colour][band]
            cell[0] += any(iou(truth, d) >= MATCH_IOU for d in got)
            cell[1] += 1
            good[name] += sum(any(iou(t_, d) >= MATCH_IOU for t_ in everything) for d in got)
            found[name] += len(got)
    real_scores = {}
    photos = {rel: cv2.imread(str(real / "images" / rel)) for rel in REAL_BOXES}
    real_found = {
        name: {rel: detect(img) for rel, img in photos.items()} for name, detect in configs.items()
    }
    for name, parts in unions.items():
        real_found[name] = {rel: [b for p in parts for b in real_found[p][rel]] for rel in photos}
    for name in names:
        hit = n = ok = total = 0
        for rel, boxes in REAL_BOXES.items():
            got = real_found[name][rel]
            gt = [Box(*b, 1.0, "plate") for b in boxes]
            hit += sum(any(iou(g, d) >= MATCH_IOU for d in got) for g in gt)
            n += len(gt)
            ok += sum(any(iou(g, d) >= MATCH_IOU for g in gt) for d in got)
            total += len(got)
        real_scores[name] = {"recall": _ratio(hit, n), "precision": _ratio(ok, total), "plates": n}
    result: dict[str, object] = {
        "what": "plate recall per colour and width band on real frames with synthetic plates warped onto real plate positions (tools/plates/evalset.py), and on the real photos",
        "seed": args.seed,
        "per_cell": args.per_cell,
        "images": n_images,
        "match": f"IoU >= {MATCH_IOU} between the detection box and the plate's bounding box",
        "font": cjk_font().name if cjk_font() else "Hershey fallback (no CJK font installed)",
        "machine": platform.machine(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "configurations": {},
    }
    for name in names:
        per_colour = {}
        for col in COLOURS:
            row = cells[name][col]
            ge32 = [row[b] for b in bands[1:]]
            per_colour[col] = {
                "recall_by_width": {b: _ratio(*row[b]) for b in bands},
                "recall_width_ge_32": _ratio(sum(h for h, _ in ge32), sum(n for _, n in ge32)),
                "plates": sum(n for _, n in row.values()),
            }
        result["configurations"][name] = {  # type: ignore[index]
            "per_colour": per_colour,
            "precision": _ratio(good[name], found[name]),
            "boxes": found[name],
            "median_ms_per_1280x720_frame": round(1000 * statistics.median(times[name]), 1),
            "real_photos": real_scores[name],
            "load_average_1m": round(os.getloadavg()[0], 2),
        }
    if args.only and OUT.is_file():
        result = _merged(result)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    for name, doc in result["configurations"].items():  # type: ignore[attr-defined]
        ge = {c: v["recall_width_ge_32"] for c, v in doc["per_colour"].items()}
        small = {c: v["recall_by_width"][bands[0]] for c, v in doc["per_colour"].items()}
        print(
            f"{name:36s} P={doc['precision']} real={doc['real_photos']} ms={doc['median_ms_per_1280x720_frame']}\n   >=32: {ge}\n   24-31: {small}"
        )


if __name__ == "__main__":
    main()
