"""A plate evaluation set that looks like real traffic: real frames, real plate positions.

Each sample takes one of the real frames in the shared real data, scales it so that one of
its real plates (an *anchor*, hand-checked corners) becomes the wanted width (24–120 px),
cuts or pads it to 1280×720 (padding with another real frame), and warps a synthetic plate of
the wanted colour onto the anchor's four corners, covering the real plate. Light, blur,
noise and JPEG quality vary. The set is never stored: the same seed gives the same set.

    python tools/plates/evalset.py OUT_DIR --per-cell 4 --seed 2   # write samples to look at
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from render import COLOURS, render_plate

__all__ = ["BANDS", "SCENES", "Sample", "Scene", "realdata_dir", "samples"]

ROOT = Path(__file__).resolve().parents[2]
Corners = list[tuple[float, float]]

#: Plate width bands in pixels (lower bound inclusive, upper exclusive; last includes 120).
BANDS: tuple[tuple[int, int], ...] = ((24, 32), (32, 48), (48, 72), (72, 121))


@dataclass(frozen=True)
class Scene:
    """A real frame with the corners of its plates (top-left, top-right, bottom-right, bottom-left)."""

    path: str
    anchors: list[Corners]
    others: list[Corners] = field(default_factory=list)


# Corners found by the 640 px detector and checked by eye on each photo. The comma2k19 dash-cam
# frame shows US plates (about 2:1), marked by hand; their anchors keep the US plate's centre and
# width with a Chinese plate's height.
SCENES: tuple[Scene, ...] = (
    Scene("images/ccpd/demo_0.jpg", [[(303, 509), (481, 499), (479, 572), (300, 582)]]),
    Scene("images/ccpd/demo_1.jpg", [[(221, 507), (406, 505), (401, 588), (213, 591)]]),
    Scene("images/ccpd/demo_2.jpg", [[(306, 447), (488, 470), (495, 542), (313, 517)]]),
    Scene("images/hyperlpr/pip_test.jpg", [[(252, 272), (382, 303), (383, 358), (252, 326)]]),
    Scene(
        "images/hyperlpr/pip_test_db2.jpg",
        [[(1670, 1355), (1923, 1348), (1922, 1483), (1670, 1489)]],
    ),
    Scene(
        "images/hyperlpr/resource_test_img.jpg",
        [[(1752, 785), (1867, 745), (1868, 812), (1753, 853)]],
        others=[[(287, 410), (327, 409), (327, 426), (287, 426)]],
    ),
    Scene(
        "can/comma2k19_rav4_2018-08-02_seg40/preview.png",
        [
            [(771, 394), (795, 394), (795, 402), (771, 402)],
            [(977, 407), (999, 407), (999, 414), (977, 414)],
        ],
        others=[[(663, 395), (680, 395), (680, 403), (663, 403)]],
    ),
)


@dataclass
class Sample:
    """One evaluation image with its plates' corners (all plates, for precision)."""

    image: NDArray[np.uint8]
    colour: str
    width: int
    plate: Corners
    others: list[Corners]
    scene: str


def realdata_dir() -> Path | None:
    """The shared real-data folder (``CARBORDER_REALDATA`` or ``../shared/realdata``)."""
    import os

    env = os.environ.get("CARBORDER_REALDATA")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "realdata"]:
        if cand.is_dir():
            return cand
    return None


@cache
def _frame(path: str) -> NDArray[np.uint8]:
    real = realdata_dir()
    if real is None:
        raise SystemExit("the shared real data is needed: set CARBORDER_REALDATA")
    img = cv2.imread(str(real / path), cv2.IMREAD_COLOR)
    if img is None:
        raise SystemExit(f"cannot read {real / path}")
    return np.asarray(img, np.uint8)


def _plate_corners(anchor: Corners, colour: str) -> Corners:
    """Corners of a plate of ``colour`` placed on ``anchor``, a single-row plate's corners.

    New-energy plates are 480/440 wider, double-row plates 220/140 taller, growing upwards.
    """
    _, _, _, rows, n = COLOURS[colour]
    grow_w = 480 / 440 if n == 8 else 1.0
    grow_h = 220 / 140 if rows == 2 else 1.0
    tl, tr, br, bl = (np.array(p, np.float64) for p in anchor)
    mb, mt = (bl + br) / 2, (tl + tr) / 2
    bl, br = mb + (bl - mb) * grow_w, mb + (br - mb) * grow_w
    tl, tr = mt + (tl - mt) * grow_w, mt + (tr - mt) * grow_w
    tl, tr = bl + (tl - bl) * grow_h, br + (tr - br) * grow_h
    return [(float(p[0]), float(p[1])) for p in (tl, tr, br, bl)]


def _warp_in(
    frame: NDArray[np.uint8], plate: NDArray[np.uint8], corners: Corners, rng: np.random.Generator
) -> None:
    h, w = plate.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32(corners)
    # Render small plates through an intermediate size so they blur the way optics do.
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(plate, matrix, frame.shape[1::-1], flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(
        np.full((h, w), 255, np.uint8), matrix, frame.shape[1::-1], flags=cv2.INTER_AREA
    )
    # Match the scene: the real plate's surroundings set the light level.
    x0, y0 = np.maximum(0, np.floor(dst.min(0)).astype(int))
    x1, y1 = np.ceil(dst.max(0)).astype(int)
    around = frame[max(0, y0 - 20) : y1 + 20, max(0, x0 - 20) : x1 + 20]
    light = float(np.clip(around.mean() / 128.0, 0.35, 1.15)) * float(rng.uniform(0.75, 1.1))
    warped = np.clip(warped.astype(np.float32) * light, 0, 255)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    frame[:] = (frame * (1 - alpha) + warped * alpha).astype(np.uint8)


def _compose(
    scene: Scene, anchor: Corners, scale: float, flip: bool, rng: np.random.Generator
) -> tuple[NDArray[np.uint8], NDArray[np.float64], list[NDArray[np.float64]]]:
    """Scale the scene, place it in a 1280×720 frame; return frame, anchor and other corners."""
    src = _frame(scene.path)
    small = cv2.resize(
        src,
        None,
        fx=scale,
        fy=scale,
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
    )
    rest = [c for c in scene.anchors if c is not anchor] + scene.others
    pts = [np.array(c, np.float64) * scale for c in [anchor, *rest]]
    if flip:
        small = small[:, ::-1].copy()
        w = small.shape[1]
        pts = [np.stack([w - 1 - p[[1, 0, 3, 2], 0], p[[1, 0, 3, 2], 1]], 1) for p in pts]
    out = np.empty((720, 1280, 3), np.uint8)
    # Background: the dash-cam frame (another real frame), for scenes smaller than the output.
    bg = _frame(SCENES[-1].path) if scene is not SCENES[-1] else _frame(SCENES[5].path)
    out[:] = cv2.resize(bg, (1280, 720), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    cx, cy = pts[0].mean(0)
    # Window of the scaled scene that lands in the output, keeping the anchor inside.
    ox = _window(cx, w, 1280, 100, rng)
    oy = _window(cy, h, 720, 60, rng)
    crop = small[oy : oy + 720, ox : ox + 1280]
    px = int(rng.integers(0, 1280 - crop.shape[1] + 1))
    py = int(rng.integers(0, 720 - crop.shape[0] + 1))
    out[py : py + crop.shape[0], px : px + crop.shape[1]] = crop
    shift = np.array([px - ox, py - oy], np.float64)
    return out, pts[0] + shift, [p + shift for p in pts[1:]]


def _window(centre: float, length: int, out: int, margin: int, rng: np.random.Generator) -> int:
    """Start of an ``out``-long window of a ``length``-long axis keeping ``centre`` inside."""
    if length <= out:
        return 0
    lo = max(0.0, centre + margin - out)
    hi = min(float(length - out), centre - margin)
    return int(rng.uniform(lo, hi)) if hi > lo else int(np.clip(centre - out / 2, 0, length - out))


def _inside(corners: NDArray[np.float64]) -> bool:
    return bool(
        (corners[:, 0] >= 0).all()
        and (corners[:, 0] < 1280).all()
        and (corners[:, 1] >= 0).all()
        and (corners[:, 1] < 720).all()
    )


def samples(seed: int, per_cell: int) -> Iterator[Sample]:
    """``per_cell`` samples for every colour × width band, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    anchors = [(s, a) for s in SCENES for a in s.anchors]
    for colour in COLOURS:
        for lo, hi in BANDS:
            made = 0
            while made < per_cell:
                scene, anchor = anchors[int(rng.integers(0, len(anchors)))]
                target = int(rng.integers(lo, hi))
                plate_corners = np.array(_plate_corners(anchor, colour))
                scale = target / float(np.ptp(plate_corners[:, 0]))
                frame, a, others = _compose(scene, anchor, scale, bool(rng.random() < 0.5), rng)
                corners = np.array(_plate_corners([tuple(p) for p in a], colour))
                width = round(float(np.ptp(corners[:, 0])))
                if not _inside(corners) or not lo <= width < hi:
                    continue
                _warp_in(frame, render_plate(rng, colour), [tuple(p) for p in corners], rng)
                if rng.random() < 0.4:
                    frame = cv2.GaussianBlur(frame, (3, 3), float(rng.uniform(0.3, 1.0)))
                noise = rng.normal(0, float(rng.uniform(1, 5)), frame.shape)
                frame = np.clip(frame + noise, 0, 255).astype(np.uint8)
                ok, buf = cv2.imencode(
                    ".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 95))]
                )
                assert ok
                frame = np.asarray(cv2.imdecode(buf, cv2.IMREAD_COLOR), np.uint8)
                kept = [[tuple(p) for p in o] for o in others if _inside(o)]
                yield Sample(
                    frame,
                    colour,
                    width,
                    [tuple(p) for p in corners],
                    kept,
                    scene.path,
                )
                made += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-cell", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = []
    for i, s in enumerate(samples(args.seed, args.per_cell)):
        name = f"{i:05d}_{s.colour}_{s.width}.jpg"
        cv2.imwrite(str(args.out / name), s.image)
        labels.append(
            {
                "file": name,
                "colour": s.colour,
                "width": s.width,
                "plate": s.plate,
                "others": s.others,
                "scene": s.scene,
            }
        )
    (args.out / "labels.json").write_text(json.dumps(labels, indent=1))


if __name__ == "__main__":
    main()
