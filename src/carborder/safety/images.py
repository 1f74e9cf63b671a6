"""Decoded-pixel limits for images, checked in the header before any decoder allocates memory.

A 60,000 × 60,000 PNG is a few kilobytes on disk and 10 GB once decoded ("decompression
bomb"). Pillow reads only the header to learn the size, so the check costs microseconds.
Pillow itself is imported by the checks, not with this module: every command loads the
safety layer, and most read no image.
"""

from __future__ import annotations

import io
import struct
import warnings
from pathlib import Path

from carborder.errors import Msg, ScanInputError
from carborder.safety.limits import MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE

__all__ = ["check_image_pixels", "image_size"]


def _pixels_from_bomb(exc: Exception) -> int:
    # Pillow says "Image size (N pixels) exceeds limit…" beyond twice its own limit.
    head = str(exc).split("pixels")[0]
    digits = "".join(ch for ch in head if ch.isdigit())
    return int(digits) if digits else MAX_IMAGE_PIXELS + 1


def _header_size(data: bytes | bytearray | memoryview) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit, raises) on big images; we decide ourselves.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(bytes(data))) as im:
                width, height = im.size
        except Image.DecompressionBombError:
            raise
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            # Pillow wants more than a header (a PNG's first IDAT chunk…); a bomb is often
            # nothing but a header, which the decoder would still trust: read it ourselves.
            return _png_size(bytes(data[:24])) or _jpeg_size(bytes(data))
    return int(width), int(height)


def _png_size(head: bytes) -> tuple[int, int] | None:
    # PNG: 8-byte signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR" or len(head) < 24:
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    # JPEG: markers FFxx with 2-byte lengths; a start-of-frame (C0–CF except C4, C8, CC) holds
    # precision (1 byte), height and width (2 bytes each).
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None


def image_size(data: bytes | bytearray | memoryview) -> tuple[int, int] | None:
    r"""Width and height from an image's header, or None when the format is not recognised.

    >>> import struct, zlib
    >>> ihdr = struct.pack(">IIBBBBB", 6000, 4000, 8, 2, 0, 0, 0)
    >>> png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
    >>> image_size(png + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))
    (6000, 4000)
    """
    from PIL import Image

    try:
        return _header_size(data)
    except Image.DecompressionBombError:
        return None


def check_image_pixels(
    data: bytes | bytearray | memoryview, *, file: Path | str | None = None
) -> tuple[int, int] | None:
    """Refuse an image whose header announces more pixels than carborder decodes.

    Returns the size when the header was recognised (None otherwise: the decoder decides).

    Raises:
        ScanInputError: more than ``MAX_IMAGE_PIXELS`` pixels or a side beyond
            ``MAX_IMAGE_SIDE``, before anything is decoded.
    """
    from PIL import Image

    try:
        size = _header_size(data)
    except Image.DecompressionBombError as exc:
        announced = Msg("image-pixels", pixels=f"{_pixels_from_bomb(exc):,}")
    else:
        if size is None:
            return None
        width, height = size
        if width * height <= MAX_IMAGE_PIXELS and max(width, height) <= MAX_IMAGE_SIDE:
            return size
        announced = Msg("image-size", width=f"{width:,}", height=f"{height:,}")
    raise ScanInputError(
        Msg(
            "err-image-too-large",
            announced=announced,
            limit=f"{MAX_IMAGE_PIXELS:,}",
            side=f"{MAX_IMAGE_SIDE:,}",
        ),
        file=file,
        hint=Msg("hint-image-too-large"),
    )
