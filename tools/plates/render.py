"""Render frontal Chinese licence plates of every colour (GA 36 layout), written for carborder.

Layouts follow GA 36-2018 as the MIT-licensed generator Pengfei8324/chinese_license_plate_generator
reads it (character boxes 45×90 on a 440×140 single-row plate, separator gap after the second
character, 8 narrower characters on the 480×140 new-energy plate, a 440×220 double-row plate
with two large characters on top and five below); no code or glyph image of that project is
used here. Characters are drawn with a CJK system font (Noto Sans CJK, WenQuanYi or AR PL) when
one is installed, else with OpenCV's Hershey font and a stroke block for the province.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

__all__ = ["COLOURS", "PLATE_ASPECT", "cjk_font", "render_plate"]

# colour: (background BGR top, background BGR bottom, text BGR, rows, characters)
COLOURS: dict[
    str, tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int], int, int]
] = {
    "blue": ((160, 70, 10), (160, 70, 10), (245, 245, 245), 1, 7),
    "yellow": ((10, 190, 245), (10, 190, 245), (15, 15, 15), 1, 7),
    # New-energy small car: white at the top fading to green.
    "green": ((235, 250, 235), (110, 200, 60), (15, 15, 15), 1, 8),
    "white": ((240, 240, 240), (240, 240, 240), (15, 15, 15), 1, 7),
    "black": ((20, 20, 20), (20, 20, 20), (240, 240, 240), 1, 7),
    # Double-row plates (lorries, buses, trailers) are yellow.
    "double": ((10, 190, 245), (10, 190, 245), (15, 15, 15), 2, 7),
}

#: Width / height of each plate kind in millimetres.
PLATE_ASPECT = {
    c: (480 if spec[4] == 8 else 440) / (220 if spec[3] == 2 else 140)
    for c, spec in COLOURS.items()
}

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "0123456789"
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
_FONT_NAMES = (
    "NotoSansCJK-Bold",
    "NotoSansCJK-Regular",
    "NotoSerifCJK-Bold",
    "wqy-zenhei",
    "wqy-microhei",
    "ukai",
    "uming",
)


@cache
def cjk_font() -> Path | None:
    """The first installed CJK font, or None."""
    for name in _FONT_NAMES:
        for folder in _FONT_DIRS:
            for path in sorted(Path(folder).rglob(f"{name}.tt*")) if Path(folder).is_dir() else []:
                return path
    return None


def _number(rng: np.random.Generator, colour: str) -> str:
    n = COLOURS[colour][4]
    province = str(rng.choice(list(_PROVINCES)))
    letter = str(rng.choice(list(_LETTERS)))
    pool = list(_LETTERS + _DIGITS * 3)
    tail = "".join(str(rng.choice(pool)) for _ in range(n - 2))
    if colour == "white":
        tail = tail[:-1] + "警"
    elif colour == "black":
        tail = tail[:-1] + str(rng.choice(["港", "澳", "领"]))
    return province + letter + tail


def _glyph(ch: str, w: int, h: int, font: Path | None) -> NDArray[np.uint8]:
    """A ``h``×``w`` mask (255 = ink) of ``ch``, stretched to fill the box like plate lettering."""
    if font is None:
        canvas = np.zeros((h, w), np.uint8)
        if ch.isascii():
            cv2.putText(
                canvas, ch, (1, h - 4), cv2.FONT_HERSHEY_DUPLEX, h / 30.0, 255, max(2, h // 12)
            )
        else:
            for i in range(5):
                y = int(h * (0.15 + 0.17 * i))
                cv2.line(canvas, (2, y), (w - 3, y + (i % 2) * 4), 255, max(2, h // 14))
            cv2.line(canvas, (w // 2, 2), (w // 2, h - 3), 255, max(2, h // 14))
        return canvas
    pil = ImageFont.truetype(str(font), size=h * 2)
    img = Image.new("L", (h * 3, h * 3), 0)
    ImageDraw.Draw(img).text((h // 2, h // 4), ch, fill=255, font=pil)
    arr = np.asarray(img)
    ys, xs = np.nonzero(arr > 40)
    if len(xs) == 0:
        return np.zeros((h, w), np.uint8)
    tight = arr[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return np.asarray(cv2.resize(tight, (w, h), interpolation=cv2.INTER_AREA), np.uint8)


def _background(colour: str, w: int, h: int) -> NDArray[np.uint8]:
    top, bottom, _, _, _ = COLOURS[colour]
    ramp = np.linspace(0.0, 1.0, h)[:, None, None]
    bg = np.array(top, np.float32) * (1 - ramp) + np.array(bottom, np.float32) * ramp
    return np.repeat(bg, w, axis=1).astype(np.uint8)


def _boxes(colour: str) -> list[tuple[int, int, int, int]]:
    """Character boxes (x0, y0, x1, y1) in millimetres."""
    rows, n = COLOURS[colour][3], COLOURS[colour][4]
    if rows == 2:
        top = [(110, 15, 190, 75), (250, 15, 330, 75)]
        bottom = [(27 + i * 80, 90, 92 + i * 80, 200) for i in range(5)]
        return top + bottom
    width, gap, sep = (43, 9, 49) if n == 8 else (45, 12, 34)
    out, x = [], 15
    for i in range(n):
        out.append((x, 25, x + width, 115))
        x += width + (sep if i == 1 else gap)
    return out


def render_plate(rng: np.random.Generator, colour: str) -> NDArray[np.uint8]:
    """A frontal plate of ``colour`` at 1 px/mm (440×140, 480×140 or 440×220 px), BGR."""
    _, _, text, rows, n = COLOURS[colour]
    w, h = (480 if n == 8 else 440), (220 if rows == 2 else 140)
    plate = _background(colour, w, h)
    cv2.rectangle(plate, (5, 5), (w - 6, h - 6), text, 3)
    font = cjk_font()
    for i, (ch, (x0, y0, x1, y1)) in enumerate(
        zip(_number(rng, colour), _boxes(colour), strict=True)
    ):
        ink = _glyph(ch, x1 - x0, y1 - y0, font)
        red = colour == "white" and i == n - 1
        roi = plate[y0:y1, x0:x1]
        roi[ink > 100] = (20, 20, 200) if red else text
    if rows == 1:
        sep_x = _boxes(colour)[1][2] + (49 if n == 8 else 34) // 2
        cv2.circle(plate, (sep_x, h // 2), 5, text, -1)
    return np.asarray(cv2.blur(plate, (3, 3)), np.uint8)
