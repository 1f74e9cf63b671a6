"""Overlapping square tiles that cover a frame, for looking at it closer than a model's input."""

from __future__ import annotations

import numpy as np

__all__ = ["grid_windows", "square_tiles"]


def square_tiles(width: int, height: int, side: int, overlap: float = 0.2) -> list[tuple[int, int]]:
    """Top-left corners of square tiles of ``side`` px covering a ``width``×``height`` frame.

    Neighbouring tiles overlap by at least ``overlap`` of ``side``, so an object smaller than
    that lies whole inside some tile.

    >>> square_tiles(1280, 720, 720)
    [(0, 0), (560, 0)]
    >>> square_tiles(600, 400, 640)
    [(0, 0)]
    """

    def starts(length: int) -> list[int]:
        if length <= side:
            return [0]
        n = int(np.ceil((length - side) / (side * (1.0 - overlap)))) + 1
        return [round(i * (length - side) / (n - 1)) for i in range(n)]

    return [(x, y) for y in starts(height) for x in starts(width)]


def grid_windows(
    width: int, height: int, tile_w: int, tile_h: int, overlap: int
) -> list[tuple[int, int, int, int]]:
    """Windows ``(x, y, w, h)`` of at most ``tile_w``×``tile_h`` covering a frame, row by row.

    Neighbours overlap by at least ``overlap`` pixels, so an object up to that size lies whole
    inside some window; windows are spread evenly, so they overlap no more than they must.

    >>> grid_windows(1280, 720, 512, 416, 96)
    [(0, 0, 512, 416), (384, 0, 512, 416), (768, 0, 512, 416), (0, 304, 512, 416), (384, 304, 512, 416), (768, 304, 512, 416)]
    >>> grid_windows(300, 200, 512, 416, 96)
    [(0, 0, 300, 200)]
    """

    def spans(length: int, tile: int) -> list[tuple[int, int]]:
        if length <= tile:
            return [(0, length)]
        n = int(np.ceil((length - overlap) / max(1, tile - overlap)))
        return [(round(i * (length - tile) / (n - 1)), tile) for i in range(n)]

    return [(x, y, w, h) for y, h in spans(height, tile_h) for x, w in spans(width, tile_w)]
