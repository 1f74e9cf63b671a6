"""Synthetic Chinese licence plates composited on real background photos, with boxes.

Used to measure the classical plate detector on many more plates than the handful of real
photos (and to train a learned detector if one is ever added). Plates follow GA 36 colours
and proportions: blue (white text), yellow (black), new-energy green gradient (black, 8
characters, 480×140), white (black; police/armed police) and black (white; foreign/HK-Macau).
The province character is drawn as a dense block glyph (no CJK font is needed).

    python tools/plates/generate.py OUT_DIR --count 200 --seed 1
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = ["PLATE_STYLES", "backgrounds", "composite", "render_plate"]

# name: (background BGR, text BGR, width mm, characters)
PLATE_STYLES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int], int, int]] = {
    "blue": ((170, 75, 15), (245, 245, 245), 440, 7),
    "yellow": ((20, 200, 240), (20, 20, 20), 440, 7),
    "green": ((120, 200, 110), (20, 20, 20), 480, 8),
    "white": ((240, 240, 240), (20, 20, 20), 440, 7),
    "black": ((25, 25, 25), (240, 240, 240), 440, 7),
}
_LATIN = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def render_plate(rng: np.random.Generator, style: str) -> NDArray[np.uint8]:
    """A frontal plate image at 4 px/mm (height 140 mm → 140 px at scale 1)."""
    bg, fg, width_mm, n_chars = PLATE_STYLES[style]
    h, w = 140, width_mm
    plate = np.zeros((h, w, 3), np.uint8)
    plate[:] = bg
    if style == "green":  # new-energy plates fade from white-green at the top
        ramp = np.linspace(0.55, 1.0, h)[:, None, None]
        plate[:] = (255 - (255 - np.array(bg)) * ramp).astype(np.uint8)
    cv2.rectangle(plate, (4, 4), (w - 5, h - 5), fg, 3)
    char_w = (w - 40) // (n_chars + 1)
    x = 16
    # Province glyph: a dense block of strokes standing in for a Chinese character.
    for _ in range(9):
        x0, y0 = x + int(rng.integers(0, char_w - 8)), 25 + int(rng.integers(0, 80))
        cv2.line(
            plate,
            (x0, y0),
            (x0 + int(rng.integers(6, char_w)), y0 + int(rng.integers(-8, 9))),
            fg,
            5,
        )
    x += char_w + 4
    text = "".join(rng.choice(list(_LATIN), n_chars - 1))
    for i, ch in enumerate(text):
        if i == 1:
            cv2.circle(plate, (x + 2, h // 2), 5, fg, -1)  # the separator dot
            x += 14
        cv2.putText(plate, ch, (x, 112), cv2.FONT_HERSHEY_DUPLEX, 3.0, fg, 7, cv2.LINE_AA)
        x += char_w
    return plate


def backgrounds() -> list[NDArray[np.uint8]]:
    """Real photos shipped with scikit-image (cars, people, objects) as backgrounds."""
    import skimage

    folder = Path(skimage.__file__).parent / "data"
    names = [
        "motorcycle_left.png",
        "coffee.png",
        "chelsea.png",
        "astronaut.png",
        "rocket.jpg",
        "brick.png",
        "grass.png",
        "gravel.png",
        "color.png",
        "page.png",
    ]
    out = []
    for name in names:
        img = cv2.imread(str(folder / name), cv2.IMREAD_COLOR)
        if img is not None:
            out.append(np.asarray(cv2.resize(img, (1280, 720)), np.uint8))
    return out


def composite(
    rng: np.random.Generator, background: NDArray[np.uint8], style: str
) -> tuple[NDArray[np.uint8], tuple[int, int, int, int]]:
    """Paste a warped, lit, blurred plate into a copy of ``background``; return image and box."""
    img = background.copy()
    plate = render_plate(rng, style)
    height = int(rng.integers(14, 90))
    width = int(plate.shape[1] * height / plate.shape[0])
    small = cv2.resize(plate, (width, height), interpolation=cv2.INTER_AREA)
    # Perspective: shear the plate as if seen from the side or from above.
    skew = float(rng.uniform(-0.18, 0.18)) * height
    src = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    dst = np.float32(
        [
            [0, max(0, skew)],
            [width, max(0, -skew)],
            [width, height + max(0, -skew)],
            [0, height + max(0, skew)],
        ]
    )
    out_h = int(height + abs(skew)) + 1
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(small, matrix, (width, out_h))
    mask = cv2.warpPerspective(np.full((height, width), 255, np.uint8), matrix, (width, out_h))
    gain = float(rng.uniform(0.55, 1.15))
    warped = np.clip(warped.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        warped = cv2.GaussianBlur(warped, (3, 3), 0)
    bh, bw = img.shape[:2]
    x0 = int(rng.integers(0, bw - width))
    y0 = int(rng.integers(0, bh - out_h))
    roi = img[y0 : y0 + out_h, x0 : x0 + width]
    roi[mask > 0] = warped[mask > 0]
    noise = rng.normal(0, 4, img.shape)
    img = np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    return img, (x0, y0, x0 + width, y0 + out_h)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    bgs = backgrounds()
    args.out.mkdir(parents=True, exist_ok=True)
    labels = []
    styles = list(PLATE_STYLES)
    for i in range(args.count):
        style = styles[i % len(styles)]
        img, box = composite(rng, bgs[int(rng.integers(0, len(bgs)))], style)
        name = f"plate_{i:05d}.jpg"
        cv2.imwrite(str(args.out / name), img)
        labels.append({"file": name, "style": style, "box": box})
    (args.out / "labels.json").write_text(json.dumps(labels, indent=1))


if __name__ == "__main__":
    main()
