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

Spans come from the scan's one candidate extractor (:mod:`.candidates`: tokens, separators,
every candidate of a value) and its validators, so a span is what the scan counts as that
identifier. De-identification is the safe side, so spans do not need the context words the
scan asks before it reports a Luhn-valid number in free text as a card: every valid
candidate is a span. Spans of different kinds may overlap; callers that rewrite text resolve
overlaps. Recognisable pseudonyms (``ps_`` + letters a-p) are never valid.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from carborder.scan.detectors import registry
from carborder.scan.detectors.arrowtools import as_string_array
from carborder.scan.detectors.candidates import extract, value_bytes
from carborder.scan.detectors.identifiers import PSEUDONYM_PATTERN, IdentifierDetector

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
I64 = npt.NDArray[np.int64]


@functools.cache
def _detectors() -> tuple[IdentifierDetector, ...]:
    return tuple(
        cls() for cls in registry.for_modality("tabular") if issubclass(cls, IdentifierDetector)
    )


def identifier_kinds() -> frozenset[str]:
    """Every personal-identifier kind a detector validates (``phone``, ``vin``, ``name``...)."""
    return frozenset(d.kind for d in _detectors() if d.kind != "org_id")


def span_kinds() -> frozenset[str]:
    """Identifier kinds that can be found inside free text."""
    return frozenset(
        d.kind for d in _detectors() if d.in_text and d.full_match is None and d.kind != "org_id"
    )


def _extract_keys(kinds: set[str]) -> dict[str, str]:
    """Extractor kind → reported kind, for the requested personal-identifier kinds."""
    out: dict[str, str] = {}
    for d in _detectors():
        if d.kind in kinds and d.in_text and d.full_match is None and d.kind != "org_id":
            out[d.extract_kind or d.kind] = d.kind
    return out


def _char_offsets(offs: I64, data: npt.NDArray[np.uint8], value: I64, byte_off: I64) -> I64:
    """UTF-8 byte offsets within values → code-point offsets."""
    lead = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum((data & 0xC0) != 0x80, out=lead[1:])
    base = offs[value]
    return np.asarray(lead[base + byte_off] - lead[base], dtype=np.int64)


def identifier_spans(values: pa.Array | pa.ChunkedArray, kinds: Iterable[str]) -> pa.Table:
    """Every raw, valid identifier of ``kinds`` inside each value (one table row per span).

    Values are extracted once per distinct value. Nulls have no spans. Kinds that are only
    whole values (see :func:`span_kinds`) find nothing here; use :func:`valid_identifiers`.

    >>> identifier_spans(pa.array(["call 13812345678 or 139-1234-5678", None]), ["phone"]).to_pylist()[1]
    {'row': 0, 'start': 20, 'end': 33, 'kind': 'phone', 'value': '13912345678'}

    Returns:
        A table of :data:`SPAN_SCHEMA`, ordered by row, then start.
    """
    keys = _extract_keys(set(kinds))
    arr = as_string_array(values)
    if not keys or len(arr) == 0 or arr.null_count == len(arr):
        return SPAN_SCHEMA.empty_table()
    enc = pc.dictionary_encode(arr)
    distinct = enc.dictionary
    codes = np.asarray(
        pc.fill_null(enc.indices, len(distinct)).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    ex = extract(distinct, frozenset(keys))
    offs, data = value_bytes(distinct)
    parts: list[tuple[I64, I64, I64, list[str], pa.Array]] = []
    for key, kind in keys.items():
        spans = ex.get(key)
        if not len(spans):
            continue
        start = _char_offsets(offs, data, spans.value, spans.start)
        end = _char_offsets(offs, data, spans.value, spans.end)
        parts.append((spans.value, start, end, [kind] * len(spans), spans.values))
    if not parts:
        return SPAN_SCHEMA.empty_table()
    value = np.concatenate([p[0] for p in parts])
    start = np.concatenate([p[1] for p in parts])
    end = np.concatenate([p[2] for p in parts])
    kind_col = pa.array([k for p in parts for k in p[3]], pa.string())
    norm = pa.concat_arrays([p[4] for p in parts])
    # spans of distinct values → spans of every row holding that value
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    lo = np.searchsorted(sorted_codes, value, side="left")
    hi = np.searchsorted(sorted_codes, value, side="right")
    counts = hi - lo
    span_of = np.repeat(np.arange(len(value)), counts)
    within = np.arange(len(span_of)) - np.repeat(np.cumsum(counts) - counts, counts)
    rows = order[lo[span_of] + within]
    take = pa.array(span_of)
    table = pa.table(
        {
            "row": pa.array(rows.astype(np.int64), pa.int64()),
            "start": pa.array(start[span_of], pa.int64()),
            "end": pa.array(end[span_of], pa.int64()),
            "kind": kind_col.take(take),
            "value": norm.take(take),
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


_PSEUDONYM = re.compile(f"^(?:{PSEUDONYM_PATTERN})$")


def valid_identifiers(values: pa.Array | pa.ChunkedArray, kind: str) -> Mask:
    """Which whole values are valid identifiers of ``kind`` (any detector of that kind).

    Validation alone: the column-name hints a scan needs before it reports names or account
    ids are the caller's business. Recognisable pseudonyms are never valid.

    >>> valid_identifiers(pa.array(["13812345678", "12345678901", None, "138-1234-5678"]), "phone").tolist()
    [True, False, False, True]
    """
    arr = as_string_array(values)
    mask = np.zeros(len(arr), dtype=bool)
    for det in _detectors():
        if det.kind == kind:
            valid, _norm = det.validate(arr)
            mask |= np.asarray(valid, dtype=bool)
    if mask.any():
        pseudo = pc.fill_null(pc.match_substring_regex(arr, _PSEUDONYM.pattern), False)
        mask &= ~np.asarray(pseudo.to_numpy(zero_copy_only=False), dtype=bool)
    return mask
