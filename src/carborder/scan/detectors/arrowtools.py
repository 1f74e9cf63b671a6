"""Arrow helpers for detectors: fixed-width byte matrices and masked selections without copies."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from carborder.scan.detectors.native import kernel as _native

__all__ = [
    "as_string_array",
    "byte_matrix",
    "distinct_codes",
    "matrix_to_strings",
    "rows_matrix",
    "take_strings",
    "width_rows",
]

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


def distinct_codes(arr: pa.Array, *, native: bool = True) -> tuple[I64, pa.Array]:
    """Each row's distinct-value code (``len(values)`` for null) and the distinct values.

    Values are numbered in order of first occurrence, as ``pyarrow.compute.dictionary_encode``
    numbers them: that is the twin, and what runs without the native kernel (or with
    ``native=False``). The kernel hashes whole words and keeps its table in the core's cache,
    where Arrow's memo table takes about twice its time per row of a free-text column.

    >>> codes, values = distinct_codes(pa.array(["b", None, "a", "b", ""]).slice(1))
    >>> codes.tolist(), values.to_pylist()
    ([3, 0, 1, 2], ['a', 'b', ''])
    """
    if native and _native is not None and pa.types.is_string(arr.type) and 0 < len(arr) < 2**31:
        bufs = arr.buffers()
        offs = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
        valid = bufs[0] if arr.null_count else None
        raw_codes, raw_first = _native.distinct(offs, bufs[2] or b"", valid, arr.offset)
        codes: I64 = np.frombuffer(raw_codes, dtype=np.int64)
        picked = arr.take(pa.array(np.frombuffer(raw_first, dtype=np.int64)))
        # every first occurrence is a value: the validity bitmap take adds says nothing
        p = picked.buffers()
        values = pa.Array.from_buffers(
            pa.string(), len(picked), [None, p[1], p[2]], null_count=0, offset=picked.offset
        )
        return codes, values
    enc = pc.dictionary_encode(arr)
    values = enc.dictionary
    filled = pc.fill_null(enc.indices, len(values)).to_numpy(zero_copy_only=False)
    return np.asarray(filled, dtype=np.int64), values


def width_rows(col: pa.Array, width: int) -> tuple[I64, I64]:
    """Rows of a string array whose value is exactly ``width`` bytes, and its other non-nulls.

    Read from the offsets and the validity bits (no compute kernel, no per-row length kept):
    int32 differences and one-byte masks, the least memory traffic numpy allows.

    >>> [r.tolist() for r in width_rows(pa.array(["abc", None, "ab", "", "xy"]).slice(1), 2)]
    [[1, 3], [2]]
    """
    col = as_string_array(col)
    n = len(col)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    bufs = col.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int32)[col.offset : col.offset + n + 1]
    same = np.diff(offs) == width
    if not col.null_count:
        return _rows(same), _rows(~same)
    # the validity bitmap's bits, least significant first, from the array's offset
    bits = np.frombuffer(bufs[0], dtype=np.uint8)
    first = col.offset // 8
    skip = col.offset - 8 * first
    raw = bits[first : (col.offset + n + 7) // 8]
    valid = np.unpackbits(raw, bitorder="little")[skip : skip + n].view(np.bool_)
    return _rows(same & valid), _rows(valid & ~same)


def _rows(mask: npt.NDArray[np.bool_]) -> I64:
    return np.flatnonzero(mask).astype(np.int64, copy=False)


def rows_matrix(arr: pa.Array, rows: I64 | None, width: int) -> U8:
    """The values of ``rows`` (all, when None), each exactly ``width`` bytes, as a matrix.

    Rows of equal length sit back to back in Arrow's data buffer: taken together (or, for
    all rows, in place) they are an n×width view of it.

    >>> rows_matrix(pa.array(["ab", None, "abc", "cd"]), np.array([0, 3]), 2).tobytes()
    b'abcd'
    """
    arr = as_string_array(arr)
    sel = arr if rows is None else arr.take(pa.array(rows))
    if len(sel) == 0:
        return np.empty((0, width), dtype=np.uint8)
    bufs = sel.buffers()
    start = int(np.frombuffer(bufs[1], dtype=np.int32)[sel.offset])
    data = np.frombuffer(bufs[2], dtype=np.uint8)
    return data[start : start + len(sel) * width].reshape(len(sel), width)
