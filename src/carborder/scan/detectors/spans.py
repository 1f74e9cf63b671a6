"""Where raw, valid identifiers sit inside text: spans for the export's de-identification and proof.

This is the adapter the export gateway reads identifiers through; its signatures are stable:

- :func:`iter_identifier_spans` — ``(start, end, kind)`` of every valid identifier of the given
  kinds in one string (code-point offsets, Python slicing: ``text[start:end]``);
- :func:`identifier_spans` — the same over an Arrow string array, as a table with one row per
  span: ``row`` (index into the array), ``start``, ``end``, ``kind`` and ``value`` (the
  identifier as its validator normalises it, e.g. a mobile number without separators);
- :func:`valid_identifiers` — which whole values are valid identifiers of one kind (for kinds
  that only exist as whole column values, such as names or account ids);
- :func:`span_kinds` / :func:`identifier_kinds` — the kinds each of those can find.

Candidates come from each identifier detector's ``candidate`` pattern and are kept only when
the detector's own validator accepts them (check digits, prefixes in use, dates), so a span is
what the scan would count as that identifier. Spans of different kinds may overlap (an e-mail
address made of a mobile number holds both); callers that rewrite text resolve overlaps.
Recognisable pseudonyms (:data:`carborder.deid.patterns.PSEUDONYM_PATTERN`) are never valid.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from carborder.deid.patterns import PSEUDONYM_PATTERN
from carborder.scan.detectors import registry
from carborder.scan.detectors.arrowtools import as_string_array
from carborder.scan.detectors.identifiers import IdentifierDetector

__all__ = [
    "SPAN_SCHEMA",
    "identifier_kinds",
    "identifier_spans",
    "iter_identifier_spans",
    "span_kinds",
    "valid_identifiers",
]

#: Schema of :func:`identifier_spans` (offsets in code points, ``end`` exclusive).
SPAN_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
    ]
)

Mask = npt.NDArray[np.bool_]


@functools.cache
def _detectors() -> tuple[IdentifierDetector, ...]:
    return tuple(
        cls() for cls in registry.for_modality("tabular") if issubclass(cls, IdentifierDetector)
    )


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def identifier_kinds() -> frozenset[str]:
    """Every identifier kind a detector validates (``phone``, ``vin``, ``name``, ``account``...)."""
    return frozenset(d.kind for d in _detectors())


def span_kinds() -> frozenset[str]:
    """Identifier kinds that can be found inside free text (their detector has a candidate)."""
    return frozenset(d.kind for d in _detectors() if d.candidate is not None)


def _finditer(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Spans of group ``v`` of every match, restarting right after the previous ``v``.

    Candidate patterns consume a boundary character on both sides; restarting after the group
    (not after the match) lets that character bound the next identifier too ("a,b").
    """
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        start, end = m.span("v")
        yield start, end
        pos = max(end, start + 1)


def identifier_spans(values: pa.Array | pa.ChunkedArray, kinds: Iterable[str]) -> pa.Table:
    """Every raw, valid identifier of ``kinds`` inside each value (one table row per span).

    Values are matched once per distinct value, and only values the candidate pattern (RE2)
    matches are searched span by span. Nulls have no spans. Kinds without a free-text
    candidate (see :func:`span_kinds`) find nothing here; use :func:`valid_identifiers`.

    >>> identifier_spans(pa.array(["call 13812345678 or 13912345678", None]), ["phone"]).to_pylist()[1]
    {'row': 0, 'start': 20, 'end': 31, 'kind': 'phone', 'value': '13912345678'}

    Returns:
        A table of :data:`SPAN_SCHEMA`, ordered by row, then start.
    """
    wanted = set(kinds)
    arr = as_string_array(values)
    detectors = [d for d in _detectors() if d.kind in wanted and d.candidate is not None]
    if not detectors or len(arr) == 0:
        return SPAN_SCHEMA.empty_table()
    found: list[tuple[int, int, int, str, str]] = []  # (distinct index, start, end, kind, value)
    hits: list[Mask] = []
    for det in detectors:
        assert det.candidate is not None
        m = pc.fill_null(pc.match_substring_regex(arr, det.candidate), False)
        hits.append(np.asarray(m.to_numpy(zero_copy_only=False), dtype=bool))
    any_hit = np.logical_or.reduce(hits)
    rows = np.flatnonzero(any_hit)
    if len(rows) == 0:
        return SPAN_SCHEMA.empty_table()
    enc = pc.dictionary_encode(arr.take(pa.array(rows)))
    distinct: list[str] = enc.dictionary.to_pylist()
    codes = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    for det, hit in zip(detectors, hits, strict=True):
        assert det.candidate is not None
        mine = np.unique(codes[hit[rows]])
        if len(mine) == 0:
            continue
        pattern = _compiled(det.candidate)
        cands: list[tuple[int, int, int, str]] = []
        for code in mine.tolist():
            text = distinct[code]
            cands.extend((code, s, e, text[s:e]) for s, e in _finditer(pattern, text))
        if not cands:
            continue
        valid, norm = det.validate(pa.array([c[3] for c in cands], type=pa.string()))
        norm_values = norm.to_pylist()
        for i in np.flatnonzero(valid).tolist():
            code, s, e, _raw = cands[i]
            found.append((code, s, e, det.kind, str(norm_values[i])))
    if not found:
        return SPAN_SCHEMA.empty_table()
    return _expand(found, codes, rows)


def _expand(
    found: list[tuple[int, int, int, str, str]],
    codes: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
) -> pa.Table:
    """Spans of distinct values → spans of the rows holding them, by row then start."""
    found = sorted(set(found))
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    out_rows: list[npt.NDArray[np.int64]] = []
    cols: dict[str, list[object]] = {"start": [], "end": [], "kind": [], "value": []}
    for code, s, e, kind, value in found:
        lo, hi = np.searchsorted(sorted_codes, [code, code + 1])
        at = rows[order[lo:hi]]
        out_rows.append(at)
        n = len(at)
        cols["start"].extend([s] * n)
        cols["end"].extend([e] * n)
        cols["kind"].extend([kind] * n)
        cols["value"].extend([value] * n)
    table = pa.table(
        {
            "row": pa.array(np.concatenate(out_rows), type=pa.int64()),
            "start": pa.array(cols["start"], type=pa.int64()),
            "end": pa.array(cols["end"], type=pa.int64()),
            "kind": pa.array(cols["kind"], type=pa.string()),
            "value": pa.array(cols["value"], type=pa.string()),
        },
        schema=SPAN_SCHEMA,
    )
    return table.sort_by([("row", "ascending"), ("start", "ascending"), ("end", "descending")])


def iter_identifier_spans(text: str, kinds: Iterable[str]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of every raw, valid identifier of ``kinds`` in ``text``.

    >>> list(iter_identifier_spans("回访电话19903940052，VIN LVSJ07EA0SE245713", ["phone", "vin"]))
    [(4, 15, 'phone'), (20, 37, 'vin')]
    >>> list(iter_identifier_spans("订单 12345678901", ["phone"]))
    []
    """
    table = identifier_spans(pa.array([text], type=pa.string()), kinds)
    for s, e, k in zip(
        table.column("start").to_pylist(),
        table.column("end").to_pylist(),
        table.column("kind").to_pylist(),
        strict=True,
    ):
        yield int(s), int(e), str(k)


def valid_identifiers(values: pa.Array | pa.ChunkedArray, kind: str) -> Mask:
    """Which whole values are valid identifiers of ``kind`` (any detector of that kind).

    Validation alone: the column-name hints a scan needs before it reports names or account
    ids are the caller's business. Recognisable pseudonyms are never valid.

    >>> valid_identifiers(pa.array(["13812345678", "12345678901", None]), "phone").tolist()
    [True, False, False]
    """
    arr = as_string_array(values)
    mask = np.zeros(len(arr), dtype=bool)
    for det in _detectors():
        if det.kind == kind:
            valid, _norm = det.validate(arr)
            mask |= np.asarray(valid, dtype=bool)
    if mask.any():
        pseudo = pc.fill_null(pc.match_substring_regex(arr, f"^(?:{PSEUDONYM_PATTERN})$"), False)
        mask &= ~np.asarray(pseudo.to_numpy(zero_copy_only=False), dtype=bool)
    return mask
