"""Overlapping square tiles that cover a frame, for looking at it closer than a model's input."""

from __future__ import annotations

import numpy as np

__all__ = ["square_tiles"]


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
