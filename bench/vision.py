"""Video de-identification at 1280×720: carborder vs deface on the same clip, same encode.

Run (needs the shared real data and the bench set-up, ``make install-bench``):

    CARBORDER_REALDATA=../shared/realdata .venv/bin/python bench/vision.py

The clip: every real photo in the shared data (and the comma2k19 dash-cam frame) cut to
1280×720, each panned slowly for ``--frames-per-scene`` frames, with real faces pasted at
12–64 px (scikit-image's LFW subset and astronaut photo) so face recall can be counted;
encoded once to H.264. Both tools then read that file, find faces (carborder also plates),
hide them and write H.264 with the same libx264 settings, end to end. Face recall and
precision are counted per configuration on the decoded frames; throughput is the median of
interleaved rounds. Writes ``bench/results/vision.json``; exits non-zero when deface cannot
run, so the ratio never silently disappears.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from carborder.deid.media import MediaDeidPlan, deidentify_video
from carborder.deid.media.video import H264_OPTIONS
from carborder.scan.detectors.vision import (
    REALTIME,
    Box,
    CenterFaceDetector,
    PlateDetector,
    SearchMode,
)
from carborder.scan.detectors.vision.pipeline import default_pipeline
from carborder.scan.readers.video import iter_frames

OUT = Path(__file__).parent / "results" / "vision.json"
ROOT = Path(__file__).resolve().parents[1]
W, H = 1280, 720


def realdata() -> Path:
    env = os.environ.get("CARBORDER_REALDATA")
    path = Path(env) if env else ROOT.parent / "shared" / "realdata"
    if not path.is_dir():
        raise SystemExit("bench/vision.py needs the shared real data: set CARBORDER_REALDATA")
    return path


def face_crops() -> list[np.ndarray]:
    """Real face photos: 100 LFW faces (25×25 grey) and the astronaut (colour)."""
    import skimage.data

    lfw = skimage.data.lfw_subset()[:100]
    crops = [cv2.cvtColor((f * 255).astype(np.uint8), cv2.COLOR_GRAY2BGR) for f in lfw]
    astro = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    crops.append(np.ascontiguousarray(astro[40:200, 160:290]))
    return crops


def scenes(real: Path) -> list[np.ndarray]:
    paths = sorted((real / "images").glob("*/*.jpg"))
    paths.append(real / "can" / "comma2k19_rav4_2018-08-02_seg40" / "preview.png")
    out = []
    for p in paths:
        img = cv2.imread(str(p))
        scale = max(W / img.shape[1], H / img.shape[0]) * 1.15  # room to pan
        out.append(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    return out


def make_clip(path: Path, real: Path, per_scene: int, seed: int) -> list[list[Box]]:
    """Write the H.264 test clip; return the pasted faces' boxes per frame."""
    import av

    rng = np.random.default_rng(seed)
    crops = face_crops()
    truth: list[list[Box]] = []
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {"crf": "16"}
        for scene in scenes(real):
            faces = []
            for _ in range(8):
                size = round(float(np.exp(rng.uniform(np.log(12), np.log(64)))))
                crop = crops[int(rng.integers(0, len(crops)))]
                fh = round(size * crop.shape[0] / crop.shape[1])
                x = int(rng.integers(0, scene.shape[1] - size))
                y = int(rng.integers(0, scene.shape[0] - fh))
                scene[y : y + fh, x : x + size] = cv2.resize(
                    crop, (size, fh), interpolation=cv2.INTER_AREA
                )
                faces.append(Box(x, y, x + size, y + fh, 1.0, "face"))
            dx = (scene.shape[1] - W) / per_scene
            dy = (scene.shape[0] - H) / per_scene
            for i in range(per_scene):
                ox, oy = int(i * dx), int(i * dy)
                frame = np.ascontiguousarray(scene[oy : oy + H, ox : ox + W])
                truth.append(
                    [
                        Box(b.x0 - ox, b.y0 - oy, b.x1 - ox, b.y1 - oy, 1.0, "face")
                        for b in faces
                        if b.x0 >= ox and b.y0 >= oy and b.x1 <= ox + W and b.y1 <= oy + H
                    ]
                )
                for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="bgr24")):
                    out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return truth


def matches(truth: Box, found: Box) -> bool:
    """A face counts as found when a detection holds its centre and is of a similar size."""
    cx, cy = (truth.x0 + truth.x1) / 2, (truth.y0 + truth.y1) / 2
    ratio = found.area / max(1, truth.area)
    return found.x0 <= cx <= found.x1 and found.y0 <= cy <= found.y1 and 0.2 <= ratio <= 5.0


def face_scores(
    frames: list[np.ndarray], truth: list[list[Box]], detect: Callable[[np.ndarray], list[Box]]
) -> dict[str, float | int]:
    hit = n = ok = total = 0
    by_size = {"12-23": [0, 0], "24-39": [0, 0], "40-64": [0, 0]}
    for frame, faces in zip(frames, truth, strict=True):
        got = detect(frame)
        total += len(got)
        ok += sum(any(matches(t, g) for t in faces) for g in got)
        for t in faces:
            found = any(matches(t, g) for g in got)
            hit += found
            n += 1
            key = "12-23" if t.width < 24 else "24-39" if t.width < 40 else "40-64"
            by_size[key][0] += found
            by_size[key][1] += 1
    return {
        "recall": round(hit / n, 3),
        "precision": round(ok / total, 3) if total else 0.0,
        "faces": n,
        **{f"recall_{k}px": round(h / m, 3) for k, (h, m) in by_size.items() if m},
    }


def deface_boxes(cf: object, threshold: float) -> Callable[[np.ndarray], list[Box]]:
    def run(frame: np.ndarray) -> list[Box]:
        dets, _ = cf(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), threshold=threshold)  # type: ignore[operator]
        return [Box(int(d[0]), int(d[1]), int(d[2]), int(d[3]), float(d[4]), "face") for d in dets]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames-per-scene", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        import deface.centerface as dcf
        from deface.deface import video_detect
    except ImportError as exc:
        raise SystemExit(
            f"deface cannot run ({exc}): install it with `make install-bench`"
        ) from exc

    real = realdata()
    tmp = Path(tempfile.mkdtemp(prefix="vision-bench-"))
    clip = tmp / "clip.mp4"
    truth = make_clip(clip, real, args.frames_per_scene, args.seed)
    frames = [img for _, img in iter_frames(clip)]

    # Face recall at each resolution, on the decoded frames of the clip.
    ours_rt = CenterFaceDetector()
    ours_tiles = CenterFaceDetector(tiles=True)
    cf_full = dcf.CenterFace(in_shape=(W, H))
    cf_640 = dcf.CenterFace(in_shape=(640, 360))
    # deface runs the same network: at our threshold and the same input size its recall
    # matches ours, which is the pairing the speed ratios use; its own default (0.2) is shown too.
    ours = ours_rt.threshold
    d_full, d_640 = f"deface 1280x720, threshold {ours}", f"deface 640x360, threshold {ours}"
    recall = {
        "carborder realtime (640 px)": face_scores(frames, truth, ours_rt.detect),
        "carborder batch (640 px + full-resolution tiles)": face_scores(
            frames, truth, ours_tiles.detect
        ),
        d_full: face_scores(frames, truth, deface_boxes(cf_full, ours)),
        d_640: face_scores(frames, truth, deface_boxes(cf_640, ours)),
        "deface 1280x720, threshold 0.2 (its defaults)": face_scores(
            frames, truth, deface_boxes(cf_full, 0.2)
        ),
    }

    # End to end: read the clip, find, hide, write H.264 with the same libx264 settings.
    x264 = [
        "-preset",
        H264_OPTIONS["preset"],
        "-crf",
        H264_OPTIONS["crf"],
        "-bf",
        H264_OPTIONS["bf"],
    ]

    def run_deface(cf: object) -> Callable[[Path], None]:
        def go(dst: Path) -> None:
            video_detect(
                ipath=str(clip),
                opath=str(dst),
                centerface=cf,
                threshold=ours,
                enable_preview=False,
                cam=False,
                nested=True,
                replacewith="blur",
                mask_scale=1.3,
                ellipse=True,
                draw_scores=False,
                ffmpeg_config={"codec": "libx264", "quality": None, "ffmpeg_params": x264},
            )
            if not dst.is_file() or dst.stat().st_size == 0:
                raise SystemExit("deface wrote no output: the comparison cannot be made")

        return go

    def run_ours(mode: SearchMode) -> Callable[[Path], None]:
        plan = MediaDeidPlan(search=mode)
        default_pipeline(mode)  # build (and verify) the models outside the timed part

        def go(dst: Path) -> None:
            deidentify_video(clip, dst, plan)

        return go

    runs: dict[str, Callable[[Path], None]] = {
        "carborder realtime": run_ours(SearchMode.REALTIME),
        "carborder batch": run_ours(SearchMode.BATCH),
        "deface 1280x720": run_deface(cf_full),
        "deface 640x360": run_deface(cf_640),
    }
    seconds: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(args.rounds):
        for name, go in runs.items():
            dst = tmp / f"{name.replace(' ', '_')}.mp4"
            t = time.perf_counter()
            go(dst)
            seconds[name].append(time.perf_counter() - t)
    n = len(frames)
    fps = {k: round(n / statistics.median(v), 1) for k, v in seconds.items()}

    # Stage costs of the realtime pipeline, per frame (median over the clip).
    faces, plates = CenterFaceDetector(), PlateDetector(REALTIME)
    stages: dict[str, list[float]] = {"faces": [], "plates": [], "hide": []}
    for frame in frames:
        t0 = time.perf_counter()
        f = faces.detect(frame)
        t1 = time.perf_counter()
        p = plates.detect(frame)
        t2 = time.perf_counter()
        from carborder.deid.media import hide_boxes

        hide_boxes(frame.copy(), f + p, MediaDeidPlan())
        t3 = time.perf_counter()
        stages["faces"].append(t1 - t0)
        stages["plates"].append(t2 - t1)
        stages["hide"].append(t3 - t2)

    rt, batch = "carborder realtime (640 px)", "carborder batch (640 px + full-resolution tiles)"
    res: dict[str, object] = {
        "what": "read H.264 clip, find faces (carborder: and plates), hide, write H.264; same clip, same libx264 settings, same run",
        "clip": f"{n} frames 1280x720 made from the {len(scenes(real))} real frames of the shared data (slow pan), faces pasted at 12-64 px",
        "h264": " ".join(x264),
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1m_5m_15m_at_end": [round(x, 2) for x in os.getloadavg()],
        "rounds": args.rounds,
        "method": "frames / median seconds over interleaved rounds, end to end (decode, detect, hide, encode)",
        "fps": fps,
        "face_recall": recall,
        "stage_ms_median_realtime": {
            k: round(1000 * statistics.median(v), 1) for k, v in stages.items()
        },
        "ratios": {
            "realtime vs deface 640x360 at the same threshold (matched face recall)": round(
                fps["carborder realtime"] / fps["deface 640x360"], 2
            ),
            "batch vs deface 1280x720 at the same threshold (full-resolution faces both sides)": round(
                fps["carborder batch"] / fps["deface 1280x720"], 2
            ),
            "realtime vs deface 1280x720 (deface's default size; recall differs, see face_recall)": round(
                fps["carborder realtime"] / fps["deface 1280x720"], 2
            ),
        },
        "recall_pairs": {
            "realtime vs deface 640x360": [recall[rt]["recall"], recall[d_640]["recall"]],
            "batch vs deface 1280x720": [recall[batch]["recall"], recall[d_full]["recall"]],
        },
        "targets": {
            "realtime >= 25 fps": fps["carborder realtime"] >= 25,
            "realtime >= 3x deface at matched recall": fps["carborder realtime"]
            >= 3 * fps["deface 640x360"],
        },
        "note": (
            "both tools run CenterFace; carborder also runs the plate detector on every frame "
            "and deface does not. Re-run on a quiet machine: a load average far above the "
            "core count makes every figure here unreliable."
        ),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    sys.exit(main())
