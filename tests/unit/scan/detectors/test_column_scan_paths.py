"""The identifier column scan's shortcuts find exactly what the plain computation finds.

Each shortcut skips work that cannot change the result (a validator that needs a leading digit
on rows that start with a letter, a copy of values the column already holds); these
properties compare it with the plain computation on generated matrices and columns.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan.detectors import candidates as c
from carborder.scan.detectors import validators as v

# real identifiers of each fast width, upper and lower case, and near misses
_VALID = [
    "LSVAU218XN2183294",
    "lsvau218xn2183294",
    "1HGCM82633A004352",
    "11010519491231002X",
    "11010519491231002x",
    "91110000802100433B",
    "13800138000",
    "6222029057807361929",
    "4111111111111111",
    "E12345678",
    "C12345678",
    "H1234567801",
    "622202905780736192",
]
_ALPHABET = "0123456789ABCXLSVabcxz"


def _plain(mat: np.ndarray) -> list[tuple[str, list[int], list[str]]]:
    """Every validator of the width on every row (upper-cased where the kind reads so)."""
    out = []
    upper = v._UPPER[mat]
    for kind, w, fn in (*c._DIGIT_KINDS, *c._ALNUM_KINDS):
        if w != mat.shape[1]:
            continue
        m = upper if kind in c._UPPERCASED else mat
        rows = np.flatnonzero(fn(m))
        if len(rows):
            out.append((kind, rows.tolist(), [bytes(r).decode() for r in m[rows]]))
    return out


@st.composite
def _matrices(draw: st.DrawFn) -> np.ndarray:
    width = draw(st.sampled_from(sorted(c.FAST_WIDTHS)))
    same = [x for x in _VALID if len(x) == width]
    rows = draw(
        st.lists(
            st.one_of(
                st.text(alphabet=_ALPHABET, min_size=width, max_size=width),
                *([st.sampled_from(same)] if same else []),
            ),
            min_size=1,
            max_size=30,
        )
    )
    return np.frombuffer("".join(rows).encode(), dtype=np.uint8).reshape(len(rows), width)


@settings(max_examples=300, deadline=None)
@given(_matrices())
def test_validated_tokens_are_every_validator_on_every_row(mat: np.ndarray) -> None:
    got = [(k, r.tolist(), n.to_pylist()) for k, r, n in c.validate_tokens(mat)]
    assert got == _plain(mat)


_TEXT = st.lists(
    st.one_of(
        st.none(),
        st.text(alphabet="0123456789AXbz -·　京号，", max_size=40),
        st.sampled_from(["tel13800138000", "+86 138 0013 8000", "110105 19491231 002x", "a1"]),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_candidate_bytes_are_the_letter_by_letter_gather(
    values: list[str | None], native: bool
) -> None:
    offs, data = c.value_bytes(pa.array(values, pa.string()))
    tok, link, text = c.tokenize(offs, data, native=native)
    if not len(tok.start):
        return
    cands = c._candidates(tok, link)
    for width in range(1, 20):
        for skip in (0, 2):
            idx = np.flatnonzero(cands.length == width + skip)
            if len(idx):
                expect = text.matrix(cands.rank[idx], width, skip)
                assert np.array_equal(c._cand_matrix(cands, idx, text, width, skip), expect)
