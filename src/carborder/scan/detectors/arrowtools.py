"""Arrow helpers for detectors: fixed-width byte matrices and masked selections without copies."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["as_string_array", "byte_matrix", "matrix_to_strings", "take_strings"]

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]


def as_string_array(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Return one contiguous ``string`` array (large/view strings cast, chunks combined).

    >>> as_string_array(pa.chunked_array([["a"], ["b"]])).to_pylist()
    ['a', 'b']
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    return arr


def byte_matrix(
    arr: pa.Array, width: int, *, lengths: I64 | None = None, rows: bool = True
) -> tuple[I64, U8]:
    """Rows whose UTF-8 value is exactly ``width`` bytes, as (row indices, n×width uint8 matrix).

    Values of equal length sit back to back in Arrow's data buffer, so after a filter the
    matrix is a zero-copy view: validation then runs in numpy at memory speed.

    >>> idx, m = byte_matrix(pa.array(["ab", None, "abc", "cd"]), 2)
    >>> idx.tolist(), m.tobytes()
    ([0, 3], b'abcd')

    ``lengths`` (each value's byte length, -1 for null) spares measuring them again;
    ``rows=False`` spares listing the row indices (an empty array comes back instead).
    """
    arr = as_string_array(arr)
    if lengths is None:
        measured = pc.fill_null(pc.binary_length(arr), -1).to_numpy(zero_copy_only=False)
        lengths = np.asarray(measured, dtype=np.int64)
    keep = lengths == width
    n = int(np.count_nonzero(keep))
    idx = np.flatnonzero(keep).astype(np.int64, copy=False) if rows else np.zeros(0, np.int64)
    if n == 0:
        return idx, np.empty((0, width), dtype=np.uint8)
    # a column of equal-width values (the usual identifier column) is viewed in place
    sel = arr if n == len(arr) else arr.filter(pa.array(keep))
    bufs = sel.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32)
    start = int(offsets[sel.offset])
    data = np.frombuffer(bufs[2], dtype=np.uint8)
    mat = data[start : start + len(sel) * width].reshape(len(sel), width)
    return idx, mat


def matrix_to_strings(mat: U8) -> list[str]:
    """Decode the rows of a byte matrix to Python strings.

    >>> matrix_to_strings(np.frombuffer(b"abcd", dtype=np.uint8).reshape(2, 2))
    ['ab', 'cd']
    """
    if len(mat) == 0:
        return []
    width = mat.shape[1]
    blob = np.ascontiguousarray(mat).tobytes()
    return [blob[i : i + width].decode("utf-8", "replace") for i in range(0, len(blob), width)]


def take_strings(arr: pa.Array, mask: npt.NDArray[np.bool_]) -> pa.Array:
    """Keep values where ``mask`` is true and null the rest (length preserved).

    >>> take_strings(pa.array(["a", "b"]), np.array([True, False])).to_pylist()
    ['a', None]
    """
    return pc.if_else(pa.array(mask, type=pa.bool_()), arr, pa.scalar(None, arr.type))
