"""A small-face evaluation set: real faces pasted at 12–64 px into real frames.

Each sample takes one of the real photos in the shared real data (and the comma2k19 dash-cam
frame), scales it to cover the frame size (1280×720 or 1920×1080, both larger than the face
model's 640 px first pass), cuts it at a random place, and pastes real face photos at
known sizes: ``per_band`` faces in each width band. The frame is then JPEG-compressed
(quality 85), as camera data is. The set is never stored: the same seed gives the same set.

Faces: scikit-image ships the first 100 faces of the LFW subset (25×25 grey crops) and the
astronaut photo (NASA, public domain). Faces 0–49 are the **development** faces (seed 11,
what the search was chosen on); faces 50–99 and the astronaut are the **benchmark** faces
(seed 7, what is reported), so nothing is measured on what it was tuned on.

    python tools/faces/face_set.py OUT_DIR --seed 7     # write samples to look at

(Named ``face_set`` so that it never shadows tools/plates' ``evalset`` when both are imported.)
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BANDS",
    "FRAME_SIZES",
    "Face",
    "Sample",
    "face_crops",
    "matches",
    "realdata_dir",
    "samples",
]

ROOT = Path(__file__).resolve().parents[2]

#: Face width bands in pixels (lower bound inclusive, upper exclusive; the last includes 64).
BANDS: tuple[tuple[int, int], ...] = ((12, 16), (16, 24), (24, 32), (32, 65))
#: Frame sizes (width, height): both larger than the 640 px first pass.
FRAME_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080))
#: The real photos the frames are cut from (relative to the real data folder).
PHOTOS = (
    "images/ccpd/demo_0.jpg",
    "images/ccpd/demo_1.jpg",
    "images/ccpd/demo_2.jpg",
    "images/hyperlpr/pip_test.jpg",
    "images/hyperlpr/pip_test_db2.jpg",
    "images/hyperlpr/resource_test_img.jpg",
    "can/comma2k19_rav4_2018-08-02_seg40/preview.png",
)


@dataclass(frozen=True)
class Face:
    """A pasted face: its box ``(x0, y0, x1, y1)`` in the frame (x1, y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        """Width in pixels (what the bands are of)."""
        return self.x1 - self.x0


@dataclass(frozen=True)
class Sample:
    """One frame with the faces pasted into it."""

    photo: str
    image: NDArray[np.uint8]
    faces: list[Face]


def matches(truth: Face, x0: int, y0: int, x1: int, y1: int) -> bool:
    """Whether a detection ``(x0, y0, x1, y1)`` finds the face ``truth``.

    It does when it holds the face's centre and its area is 0.2–5× the face's (the rule of
    bench/vision.py).

    >>> face = Face(100, 100, 120, 124)
    >>> matches(face, 98, 98, 122, 126), matches(face, 121, 100, 141, 124)
    (True, False)
    >>> matches(face, 0, 0, 400, 400)
    False
    """
    cx, cy = (truth.x0 + truth.x1) / 2, (truth.y0 + truth.y1) / 2
    ratio = (x1 - x0) * (y1 - y0) / max(1, (truth.x1 - truth.x0) * (truth.y1 - truth.y0))
    return x0 <= cx <= x1 and y0 <= cy <= y1 and 0.2 <= ratio <= 5.0


def realdata_dir() -> Path:
    """The shared real data (``CARBORDER_REALDATA`` or ``../shared/realdata``)."""
    env = os.environ.get("CARBORDER_REALDATA")
    path = Path(env) if env else ROOT.parent / "shared" / "realdata"
    if not path.is_dir():
        raise SystemExit(
            "the face evaluation set needs the shared real data: set CARBORDER_REALDATA"
        )
    return path


def face_crops(dev: bool) -> list[NDArray[np.uint8]]:
    """Development faces (LFW 0–49) or benchmark faces (LFW 50–99 and the astronaut), BGR."""
    import skimage.data

    lfw = skimage.data.lfw_subset()[:100]  # the first 100 of the subset are faces
    crops = [cv2.cvtColor((f * 255).astype(np.uint8), cv2.COLOR_GRAY2BGR) for f in lfw]
    if dev:
        return crops[:50]
    astro = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    return [*crops[50:], np.ascontiguousarray(astro[40:200, 160:290])]


def _overlaps(a: Face, b: Face, gap: int) -> bool:
    return not (
        a.x1 + gap <= b.x0 or b.x1 + gap <= a.x0 or a.y1 + gap <= b.y0 or b.y1 + gap <= a.y0
    )


def samples(
    *, seed: int, rounds: int = 2, per_band: int = 2, real: Path | None = None
) -> Iterator[Sample]:
    """``rounds`` frames per photo and frame size, each with ``per_band`` faces per band.

    Seed 11 uses the development faces, every other seed the benchmark faces.
    """
    real = real or realdata_dir()
    rng = np.random.default_rng(seed)
    crops = face_crops(dev=seed == 11)
    for rel in PHOTOS:
        photo = cv2.imread(str(real / rel))
        if photo is None:
            raise SystemExit(f"cannot read {real / rel}")
        for w, h in FRAME_SIZES:
            scale = max(w / photo.shape[1], h / photo.shape[0])
            scaled = cv2.resize(
                photo,
                (max(w, round(photo.shape[1] * scale)), max(h, round(photo.shape[0] * scale))),
                interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
            )
            for _ in range(rounds):
                ox = int(rng.integers(0, scaled.shape[1] - w + 1))
                oy = int(rng.integers(0, scaled.shape[0] - h + 1))
                frame = scaled[oy : oy + h, ox : ox + w].copy()  # never paste into `scaled`
                faces: list[Face] = []
                for lo, hi in BANDS:
                    placed = 0
                    while placed < per_band:
                        size = int(rng.integers(lo, hi))
                        crop = crops[int(rng.integers(0, len(crops)))]
                        fh = round(size * crop.shape[0] / crop.shape[1])
                        x = int(rng.integers(0, w - size))
                        y = int(rng.integers(0, h - fh))
                        face = Face(x, y, x + size, y + fh)
                        if any(_overlaps(face, f, 32) for f in faces):
                            continue  # every face whole and on its own
                        interp = cv2.INTER_AREA if size < crop.shape[1] else cv2.INTER_CUBIC
                        frame[y : y + fh, x : x + size] = cv2.resize(
                            crop, (size, fh), interpolation=interp
                        )
                        faces.append(face)
                        placed += 1
                ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
                assert ok
                image = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
                yield Sample(rel, np.asarray(image, dtype=np.uint8), faces)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    index = []
    for i, s in enumerate(samples(seed=args.seed)):
        name = f"{i:03d}.jpg"
        cv2.imwrite(str(args.out / name), s.image)
        index.append({"file": name, "photo": s.photo, "faces": [vars(f) for f in s.faces]})
    (args.out / "faces.json").write_text(json.dumps(index, indent=1))


if __name__ == "__main__":
    main()
