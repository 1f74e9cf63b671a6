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


_IDS = st.sampled_from(
    [
        *_VALID,
        "tel13800138000",
        "+86 138 0013 8000",
        "0086-138-0013-8000",
        "6217 0037 4776 2987",
        "110105 19491231 002x",
        "京A12345",
        "粤B12345D",
        "吉K 4MCWH",
        "豫Y·9WKEU",
        "粤Z1234港",
        "京A1234应急",
        "No6222029057807361929",
        "A1380013800B",
    ]
)
_NOTES = st.lists(
    st.one_of(
        st.none(),
        st.lists(
            st.one_of(_IDS, st.text(alphabet="0123456789AXbz -·　京号，", max_size=12)),
            max_size=5,
        ).map("".join),
    ),
    max_size=25,
)


def _dump(ex: c.Extraction) -> dict[str, tuple[list[object], ...]]:
    return {
        kind: (
            s.value.tolist(),
            s.start.tolist(),
            s.end.tolist(),
            s.values.to_pylist(),
            s.whole.tolist(),
        )
        for kind, s in sorted(ex.spans.items())
    }


@settings(max_examples=300, deadline=None)
@given(_NOTES)
def test_candidates_of_unchecked_lengths_change_nothing(values: list[str | None]) -> None:
    arr = pa.array(values, pa.string())
    got = _dump(c.extract(arr))
    checked = c._CHECKED
    c._CHECKED = np.ones_like(checked)  # every token and group a candidate, as before
    try:
        expect = _dump(c.extract(arr))
    finally:
        c._CHECKED = checked
    assert got == expect


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40), st.integers(1, 20)), max_size=30))
def test_spans_in_order_are_kept_as_the_sort_keeps_them(
    spans: list[tuple[int, int, int]],
) -> None:
    # buffer positions: a value's spans lie after every earlier value's
    value = np.array([v for v, _s, _n in spans], dtype=np.int64)
    start = np.array([v * 100 + s for v, s, _n in spans], dtype=np.int64)
    end = start + np.array([n for _v, _s, n in spans], dtype=np.int64)
    for order in (np.arange(len(spans)), np.lexsort((start, value))):
        v, s, e = value[order], start[order], end[order]
        by_sort = np.lexsort((-e, s, v))
        reach = np.maximum.accumulate(e[by_sort]) if len(spans) else e
        keep = np.ones(len(spans), dtype=bool)
        keep[1:] = s[by_sort][1:] >= reach[:-1]
        assert c._outermost(v, s, e).tolist() == by_sort[keep].tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40), st.integers(1, 20)), max_size=12),
    st.booleans(),
)
def test_spans_kept_where_they_are_are_found_without_the_sort(
    spans: list[tuple[int, int, int]], in_order: bool
) -> None:
    # the shortcut says "every span kept, in place" exactly when the sort would keep them so
    value = np.array([v for v, _s, _n in spans], dtype=np.int64)
    start = np.array([v * 100 + s for v, s, _n in spans], dtype=np.int64)
    end = start + np.array([n for _v, _s, n in spans], dtype=np.int64)
    if in_order:
        order = np.lexsort((start, value))
        value, start, end = value[order], start[order], end[order]
    kept = c._outermost(value, start, end)
    in_place = len(kept) == len(value) and kept.tolist() == list(range(len(value)))
    assert c._disjoint_in_order(value, start, end) == in_place


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([x for x in _VALID if len(x) == 17] + ["LSVAU218XN2183295"]),
    st.lists(st.sampled_from(_VALID), min_size=1, max_size=40),
)
def test_a_column_of_one_width_is_scanned_as_a_mixed_one(first: str, more: list[str]) -> None:
    from carborder.scan.detectors import identifiers as ids
    from carborder.scan.detectors.base import BatchContext

    same = [first] + [x for x in more if len(x) == len(first)]
    uniform = pa.array(same, pa.string())
    mixed = pa.array([*same, "x"], pa.string())  # one row of another width
    got = ids._column_scan("c", uniform, BatchContext(file="f"))
    ref = ids._column_scan("c", mixed, BatchContext(file="f"))
    assert not got.text and not ref.text
    for kind in c.KINDS:
        a, b = got.rows(kind), ref.rows(kind)
        assert (a is None) == (b is None)
        if a is not None and b is not None:
            assert a.mask.tolist() == b.mask[: len(same)].tolist()
            assert a.values().to_pylist() == b.values().to_pylist()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([x for x in _VALID if len(x) == 17]), min_size=1, max_size=30),
    st.sampled_from([None, "LSVAU218XN2183295", "x"]),
)
def test_a_column_of_its_own_values_is_hashed_as_its_values(
    vins: list[str], odd: str | None
) -> None:
    from carborder.scan.detectors import identifiers as ids
    from carborder.scan.detectors.base import BatchContext
    from carborder.scan.sketch import hash64, hash64_cached

    col = pa.array([*vins, *([] if odd is None else [odd])], pa.string())
    batch = pa.record_batch([col], names=["vin"])
    ctx = BatchContext(file="f")
    found = ids.VinDetector().detect(batch, ctx)
    hashes, ok = found.row_keys["vin"]
    valid = [x.upper() != "LSVAU218XN2183295" and len(x) == 17 for x in col.to_pylist() if x]
    assert ok.tolist() == valid
    # the hashes of the valid values (upper case), aligned with the rows, zero elsewhere
    want = np.zeros(len(col), dtype=np.uint64)
    norm = [x.upper() for x, k in zip(col.to_pylist(), valid, strict=True) if k]
    want[ok] = hash64(pa.array(norm, pa.string()))
    assert hashes.tolist() == want.tolist()
    if all(valid) and all(x.isupper() for x in vins):
        # the column's own hashes, cached for it: another detector hashing it finds them
        assert hash64_cached(col, ctx.cache)[0] is hashes


# free text: values repeat over rows, hold several identifiers of a kind or none
_NOTES = [
    "车辆状态正常 status ok",
    "请联系司机13909669637，谢谢",
    "电话 13800138000 或 139-1234-5678",
    "VIN LSVAU218XN2183294 / 1HGCM82633A004352",
    "事故车辆 云D11039 已拖走",
    "卡号 6222029057807361929 card 4111111111111111",
    "身份证 11010519491231002X",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(_NOTES)), min_size=1, max_size=40))
def test_text_rows_pick_and_hash_what_each_row_holds(notes: list[str | None]) -> None:
    # a text column's rows point at their value's spans instead of copies: what a row reads
    # and its hash must be those of the copies (and further identifiers those of the rest)
    from carborder.scan.detectors import identifiers as ids
    from carborder.scan.detectors.base import BatchContext
    from carborder.scan.sketch import hash64

    notes = [_NOTES[0], *notes]  # the first value makes it a text column
    col = pa.array([n if n is None else n + " " * 30 for n in notes], pa.string())
    scan = ids._column_scan("note", col, BatchContext(file="f"))
    assert scan.text
    for kind in c.KINDS:
        for found in (scan.rows(kind), scan.with_context(kind, frozenset(["卡号", "card"]))):
            if found is None:
                continue
            assert found.rows.tolist() == np.flatnonzero(found.mask).tolist()
            values = found.values()
            assert len(values) == len(found.rows)
            assert found.head(3) == values.slice(0, 3).to_pylist()
            hashes, extra = found.hashes()
            assert hashes.tolist() == hash64(values).tolist()
            if found.extra is None or not len(found.extra):
                assert extra is None
            else:
                assert extra is not None
                want = hash64(found.pool.take(pa.array(found.extra)))
                assert extra.tolist() == want.tolist()
            # each row's identifier is the first of its value's spans
            for row, value in zip(found.rows.tolist(), values.to_pylist(), strict=True):
                assert value in (notes[row] or "").replace("-", "").replace(" ", "")
