"""String-column helpers of the identifier scan compute what Arrow's own kernels compute.

The native distinct-value kernel numbers values exactly as Arrow's dictionary_encode does.

``arrowtools.distinct_codes`` feeds every free-text column scan (extraction runs once per
distinct value, rows read their value's spans through the codes): the codes and the distinct
values, in order of first occurrence, must be the twin's on any input, including nulls,
sliced arrays, empty strings, NUL bytes, GBK-decoded text and many distinct values (the
kernel's table grows while it fills). The rows of one byte width (the structured column
scan's fast path) are those Arrow's binary_length gives that width, and the sample rows the
first non-blank ones; a candidate check with its shortcuts finds what the plain one finds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan.detectors import candidates as c
from carborder.scan.detectors import native
from carborder.scan.detectors.arrowtools import (
    as_string_array,
    distinct_codes,
    rows_matrix,
    width_rows,
)
from carborder.scan.detectors.identifiers import _head_non_null_rows

needs_kernel = pytest.mark.skipif(
    native.kernel is None, reason="native kernel not built or disabled (CARBORDER_NO_NATIVE)"
)

# few letters: values repeat; NUL and padding-like tails: equal hashes of the padded words
# must never make two values one
_short = st.text(alphabet="ab\x00 京é", max_size=12)
_texts = st.one_of(
    _short,
    st.sampled_from(["", "battery SOC nominal, no fault", "车辆状态正常 status ok", "a", "a\x00"]),
    st.binary(max_size=24).map(lambda b: b.decode("gbk", "replace")),
    st.text(max_size=40),
)
_columns = st.lists(st.one_of(st.none(), _texts), max_size=60)


def _both(arr: pa.Array) -> tuple[Any, Any]:
    got_codes, got_values = distinct_codes(arr)
    want_codes, want_values = distinct_codes(arr, native=False)
    return (got_codes.tolist(), got_values.to_pylist()), (
        want_codes.tolist(),
        want_values.to_pylist(),
    )


@needs_kernel
@settings(max_examples=400)
@given(_columns, st.integers(0, 9), st.integers(0, 9), st.booleans())
def test_codes_are_dictionary_encodes(
    texts: list[str | None], head: int, tail: int, large: bool
) -> None:
    arr = pa.array(texts, pa.large_string() if large else pa.string())
    arr = arr.slice(min(head, len(arr)), max(len(arr) - head - tail, 0))
    got, want = _both(as_string_array(arr))
    assert got == want


@needs_kernel
@settings(max_examples=30, deadline=None)
@given(st.integers(0, 40_000), st.integers(1, 60_000), st.randoms())
def test_many_distinct_values_are_dictionary_encodes(n: int, spread: int, rnd: Any) -> None:
    # thousands of distinct values: the kernel's table is rebuilt larger several times
    keys = [rnd.randrange(spread) for _ in range(n)]
    texts = [None if k % 11 == 0 else f"note {k} 京" * (k % 3) for k in keys]
    got, want = _both(pa.array(texts, pa.string()).slice(n // 7))
    assert got == want


@needs_kernel
@pytest.mark.parametrize("length", [1, 3, 4, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 47, 48, 49, 70])
def test_values_one_byte_apart_are_distinct(length: int) -> None:
    # the kernel hashes a value by words, overlapping at its end: a byte anywhere (a word read
    # twice, the middle of a long value) must still tell two values apart, and equal ones meet
    base = "a" * length
    texts = [base[:p] + "b" + base[p + 1 :] for p in range(length)]
    arr = pa.array([*texts, base, None, *reversed(texts), base], pa.string())
    got, want = _both(arr)
    assert got == want
    assert len(got[1]) == length + 1


def test_values_carry_no_validity_bitmap() -> None:
    # what dictionary_encode gives: a dictionary of values, none of them null
    codes, values = distinct_codes(pa.array([None, "x", None, "y", "x"]).slice(1))
    assert codes.dtype == np.int64 and codes.tolist() == [0, 2, 1, 0]
    assert values.null_count == 0 and values.to_pylist() == ["x", "y"]
    if native.kernel is not None:
        assert values.buffers()[0] is None


@pytest.mark.parametrize(
    "arr",
    [
        pa.array([], pa.string()),
        pa.array([None, None], pa.string()),
        pa.array(["", "", None], pa.string()),
        pa.array([b"\xb1\xa8\xbe\xaf", None, b"\xb1\xa8\xbe\xaf"], pa.binary()),  # GBK bytes
        pa.array(["a", "b", "a"], pa.large_string()),
    ],
)
def test_edge_columns_are_dictionary_encodes(arr: pa.Array) -> None:
    got, want = _both(arr)
    assert got == want


@needs_kernel
def test_kernel_refuses_offsets_outside_the_data() -> None:
    assert native.kernel is not None
    offs = np.array([0, 5], dtype=np.int32)
    with pytest.raises(ValueError, match="outside"):
        native.kernel.distinct(offs, b"abc", None, 0)
    with pytest.raises(ValueError, match="bitmap"):
        native.kernel.distinct(offs, b"abcde", b"", 3)


# ------------------------------------------------------------------ rows of one width
@settings(max_examples=300)
@given(_columns, st.integers(0, 9), st.integers(0, 9), st.integers(-1, 12), st.booleans())
def test_width_rows_are_the_byte_lengths(
    texts: list[str | None], head: int, tail: int, width: int, large: bool
) -> None:
    # slices starting at any bit of the validity bitmap; the oracle is Arrow's binary_length
    arr = pa.array(texts, pa.large_string() if large else pa.string())
    arr = arr.slice(min(head, len(arr)), max(len(arr) - head - tail, 0))
    lengths = pc.fill_null(pc.binary_length(arr), -1).to_numpy(zero_copy_only=False)
    same, other = width_rows(arr, width)
    assert same.dtype == np.int64 and other.dtype == np.int64
    assert same.tolist() == np.flatnonzero((lengths == width) & (lengths >= 0)).tolist()
    assert other.tolist() == np.flatnonzero((lengths >= 0) & (lengths != width)).tolist()
    if len(same):
        mat = rows_matrix(arr, same, width)
        assert [bytes(r) for r in mat] == [
            texts_at.encode() for texts_at in arr.take(same).to_pylist()
        ]
    if len(same) == len(arr) and len(arr):
        assert rows_matrix(arr, None, width).tobytes() == "".join(arr.to_pylist()).encode()


# ------------------------------------------------------------------ tokens, 16 bytes at a time
# letters and digits in long and short runs, separators, multi-byte text, bytes from 0x80
_TOKEN_BYTES = st.sampled_from(
    [b"a", b"Z", b"7", b"x9", b"0123456789", b"ABCDEFGHJK0123456789abc", b" ", b"-", b"@", b"[",
     b"`", b"{", b"/", b":", "·".encode(), "　".encode(), "京".encode(), b"\x80", b"\xff", b"\x00"]
)  # fmt: skip


@needs_kernel
@settings(max_examples=400)
@given(
    st.lists(st.lists(_TOKEN_BYTES, max_size=12).map(b"".join), max_size=12),
    st.integers(0, 20),
    st.integers(0, 20),
)
def test_tokens16_are_the_byte_by_byte_tokens(values: list[bytes], head: int, tail: int) -> None:
    # offsets that start inside the buffer and end before it does (bytes around the values
    # are letters, which must not join a token), and buffers ending inside a 16-byte block
    assert native.kernel is not None
    data = np.frombuffer(b"q" * head + b"".join(values) + b"Q" * tail, dtype=np.uint8)
    offs = np.cumsum([head, *(len(v) for v in values)]).astype(np.int64)
    seps = c._SEP_SEQUENCES
    got = native.kernel.tokens16(offs, data, seps)
    want = native.kernel.tokens(offs, data, seps)
    assert [bytes(g) for g in got] == [bytes(w) for w in want]


@needs_kernel
@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="aZ09 -·京x", max_size=40)), max_size=20))
def test_tokenize_reads_tokens16(texts: list[str | None]) -> None:
    # what the extractor runs is the kernel's fast tokens, equal to the numpy twin's
    offs, data = c.value_bytes(pa.array(texts, pa.string()))
    tok, link, _text = c.tokenize(offs, data, native=True)
    tok0, link0, _text0 = c.tokenize(offs, data, native=False)
    for a, b in zip(
        (tok.start, tok.end, tok.value, tok.digits, tok.upper, tok.digit_run_at, link),
        (tok0.start, tok0.end, tok0.value, tok0.digits, tok0.upper, tok0.digit_run_at, link0),
        strict=True,
    ):
        assert a.tolist() == b.tolist()


@settings(max_examples=200)
@given(_columns, st.integers(0, 9), st.integers(1, 8))
def test_head_rows_are_the_first_non_blank_rows(texts: list[str | None], head: int, n: int) -> None:
    # the identifier scan's sample rows: the first n rows holding a non-empty value
    arr = pa.array(texts, pa.string()).slice(min(head, len(texts)))
    blank = pc.fill_null(pc.equal(pc.binary_length(arr), 0), True)
    want = np.flatnonzero(~blank.to_numpy(zero_copy_only=False))[:n]
    assert _head_non_null_rows(arr, n).tolist() == want.tolist()


# ------------------------------------------------------------------ candidate checks
def _plain_check(cand: Any, shape: np.ndarray, width: int, text: Any, fn: Any, kind: str) -> Any:
    """_check without its shortcuts: every matrix upper-cased where the kind reads so, and
    the valid rows always copied out."""
    idx = np.flatnonzero(shape)
    if len(idx) == 0:
        return None
    mat = c._cand_matrix(cand, idx, text, width, 0)
    if kind in c._UPPERCASED:
        mat = c.v._UPPER[mat]
    ok = fn(mat)
    if not ok.any():
        return None
    return idx[ok].tolist(), [bytes(r).decode() for r in mat[ok]]


# valid identifiers in lower and upper case (the upper-casing shortcut must not change them)
_IDENTS = st.sampled_from(
    ["11010519491231002x", "11010519491231002X", "lsvau218xn2183294", "LSVAU218XN2183294",
     "91110000802100433b", "13800138000", "6222029057807361929", "E12345678", "H1234567801"]
)  # fmt: skip


@settings(max_examples=200)
@given(
    st.lists(
        st.lists(
            st.one_of(_IDENTS, st.text(alphabet="0123456789xXlsvLSVAGE 京-", max_size=20)),
            max_size=4,
        ).map(" ".join),
        max_size=20,
    ),
    st.booleans(),
)
def test_candidate_checks_are_the_plain_computation(texts: list[str], native_tokens: bool) -> None:
    offs, data = c.value_bytes(pa.array(texts, pa.string()))
    if len(data) == 0:
        return
    tok, link, text = c.tokenize(offs, data, native=native_tokens)
    if not len(tok.start):
        return
    cand = c._candidates(tok, link)
    for kind, width, fn in (*c._DIGIT_KINDS, *c._ALNUM_KINDS):
        shape = cand.length == width
        found: dict[str, Any] = {}
        c._check(cand, shape, width, 0, text, fn, kind, found)
        got = found.get(kind)
        want = _plain_check(cand, shape, width, text, fn, kind)
        if want is None:
            assert got is None
        else:
            assert got is not None
            assert np.concatenate(got.value).tolist() == cand.value[want[0]].tolist()
            assert got.mats[0].to_pylist() == want[1]
