"""Personal identifiers in tabular columns: Chinese IDs, mobiles, plates, VINs, cards, e-mail...

Each detector validates, not just matches: one candidate extractor (:mod:`.candidates`) cuts
every string column into tokens and groups once per batch, the validators check digits,
allocation tables and code lists, and each detector reads its kind's valid candidates. Column
names and comments move the confidence and context words filter weak formats in free text;
neither ever decides alone.
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from carborder.model.facts import Evidence, Facts
from carborder.scan.detectors import tables
from carborder.scan.detectors.arrowtools import (
    as_string_array,
    distinct_codes,
    rows_matrix,
    width_rows,
)
from carborder.scan.detectors.base import BatchContext, Detector, Findings, column_hint
from carborder.scan.detectors.candidates import (
    FAST_WIDTHS,
    Extraction,
    Spans,
    extract,
    validate_tokens,
    value_bytes,
)
from carborder.scan.detectors.registry import register
from carborder.scan.sensitivity import sensitive_kind_of
from carborder.scan.sketch import DistinctCounter, hash64, hash64_cached
from carborder.scan.threads import process_pool

__all__ = [
    "MIN_CONFIDENCE",
    "PSEUDONYM_PATTERN",
    "AccountDetector",
    "BankCardDetector",
    "ChineseNameDetector",
    "EmailDetector",
    "IdentifierDetector",
    "IdentifierStats",
    "MobileDetector",
    "OrgIdDetector",
    "OrgIdStats",
    "PassportDetector",
    "PlateDetector",
    "ResidentIdDetector",
    "TravelPermitDetector",
    "VinDetector",
    "redact_middle",
]

Mask = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

#: The export gateway's recognisable pseudonyms (``ps_`` + letters a-p, see
#: ``carborder.deid.patterns``): no validator may accept one, so a re-scan of exported data
#: never counts a pseudonym as a raw identifier.
PSEUDONYM_PATTERN = "ps_[a-p]{16,64}"

#: Confidence at or above which a finding becomes a fact.
MIN_CONFIDENCE = 0.6
#: Share of sampled values that must validate for a column to count as an identifier column.
STRUCTURED_SHARE = 0.3
_SAMPLE = 512
_TEXT_MEAN_BYTES = 24
_MAX_EXAMPLES = 3

# Words that mark a column as something other than personal data (order numbers, serials).
_NEGATIVE_WORDS = frozenset(
    ["order", "serial", "seq", "sequence", "trade", "txn", "sku", "订单", "流水", "序列", "批次"]
)


def redact_middle(value: str, keep_head: int = 3, keep_tail: int = 4) -> str:
    """Mask the middle of a value, keeping a short head and tail.

    >>> redact_middle("13812345678")
    '138****5678'
    >>> redact_middle("ab")
    '**'
    """
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    return value[:keep_head] + "*" * (len(value) - keep_head - keep_tail) + value[-keep_tail:]


@dataclass
class _Entry:
    matches: int = 0
    rows: int = 0
    confidence: float = 0.0
    examples: list[str] = field(default_factory=list)

    def merge(self, other: _Entry) -> _Entry:
        ex = list(dict.fromkeys(self.examples + other.examples))[:_MAX_EXAMPLES]
        return _Entry(
            self.matches + other.matches,
            self.rows + other.rows,
            max(self.confidence, other.confidence),
            ex,
        )


@dataclass
class IdentifierStats:
    """Mergeable per-detector statistics: matches per (file, column) and distinct values."""

    detector: str
    version: str
    kind: str
    sensitive_kind: str | None = None
    counts_vehicles: bool = False
    entries: dict[tuple[str, str], _Entry] = field(default_factory=dict)
    distinct: DistinctCounter = field(default_factory=DistinctCounter)

    def merge(self, other: Self) -> Self:
        """Combine two statistics of the same detector."""
        entries = dict(self.entries)
        for k, e in other.entries.items():
            entries[k] = entries[k].merge(e) if k in entries else e
        return type(self)(
            self.detector,
            self.version,
            self.kind,
            self.sensitive_kind,
            self.counts_vehicles,
            entries,
            self.distinct.merge(other.distinct),
        )

    def details(self) -> dict[str, Any]:
        """Distinct vehicles per identifier kind (the fact takes the largest)."""
        if not self.counts_vehicles or not self.entries:
            return {}
        return {f"vehicles.distinct_{self.kind}": self.distinct.estimate()}

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """``pi.kinds`` (and sensitive kinds, vehicle count) when confident enough."""
        confident = {
            k: e for k, e in self.entries.items() if e.confidence >= MIN_CONFIDENCE and e.matches
        }
        if not confident:
            return {}, {}
        evidence = [
            Evidence(
                file=f,
                column=c,
                detector=self.detector,
                detector_version=self.version,
                matches=e.matches,
                rows=e.rows,
                examples=e.examples,
                confidence=round(e.confidence, 3),
            )
            for (f, c), e in sorted(confident.items())
        ]
        # Kinds only: the pack's dated mapping turns them into sensitive categories for the
        # decision's own date (a category stored here would outlive a drop of the column).
        facts: Facts = {"pi.kinds": [self.kind]}
        ev: dict[str, list[Evidence]] = {"pi.kinds": evidence}
        if self.counts_vehicles:
            facts["vehicle.count"] = self.distinct.estimate()
            ev["vehicle.count"] = evidence
        return facts, ev


class IdentifierDetector(Detector, abstract=True):
    """Shared column logic; subclasses set the ClassVars (kind, hints, confidence...).

    Every string column is cut into candidates once per batch (:mod:`.candidates`, shared by
    all identifier detectors through the batch cache); a detector then reads its kind's
    valid candidates and decides, from the values first and the column's name second, whether
    the column holds its kind, and how confidently.
    """

    modalities: ClassVar[frozenset[str]] = frozenset({"tabular"})
    version: ClassVar[str] = "2"
    #: every identifier detector reads the same column scans, made once per batch
    batch_group: ClassVar[str | None] = "identifiers"
    #: PI kind from the fact vocabulary (``pi.kinds``).
    kind: ClassVar[str]
    #: Kind key in the candidate extractor (defaults to :attr:`kind`).
    extract_kind: ClassVar[str | None] = None
    #: Column-name words (en tokens, zh substrings) that raise confidence.
    hints: ClassVar[frozenset[str]]
    base_confidence: ClassVar[float]
    #: Whether free text is searched for this kind.
    in_text: ClassVar[bool] = True
    #: Free-text words one of which must precede a candidate (weak formats: a card number is
    #: a Luhn-valid digit run, a passport a letter and eight digits). Context filters valid
    #: candidates; it never makes a finding of its own.
    context: ClassVar[frozenset[str]] = frozenset()
    #: Share of sampled values that must be whole valid identifiers for an unlabelled column.
    column_share: ClassVar[float] = STRUCTURED_SHARE
    #: Only report columns whose name or comment says so (weak formats such as accounts).
    needs_hint: ClassVar[bool] = False
    counts_vehicles: ClassVar[bool] = False
    #: Whether integer columns may hold this identifier (phones and cards stored as numbers).
    numeric_ok: ClassVar[bool] = False
    #: For format-only identifiers outside the extractor: the RE2 pattern a value must match.
    full_match: ClassVar[str | None] = None
    #: Characters kept at the start and the end of a value in redacted evidence.
    keep: ClassVar[tuple[int, int]] = (3, 4)
    #: Whether whole values that look like text (non-ASCII) may match :attr:`full_match`.
    whole_text: ClassVar[bool] = False

    @property
    def sensitive_kind(self) -> str | None:
        """A sensitive-PI category this kind has on some date; the pack decides, not the code.

        It marks the rows whose people count as sensitive individuals (the stricter count).
        """
        return sensitive_kind_of(self.kind)

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Return (valid mask, normalised values) for values that are one whole identifier."""
        arr = as_string_array(arr)
        if self.full_match is not None:
            return _regex_mask(arr, self.full_match), arr
        got = extract(arr, frozenset({self._key}))
        spans = got.get(self._key)
        mask = np.zeros(len(arr), dtype=bool)
        sel = spans.whole
        mask[spans.value[sel]] = True
        out = pa.array([None] * len(arr), pa.string()).to_pylist()
        for i, val in zip(
            spans.value[sel].tolist(), spans.values.filter(pa.array(sel)).to_pylist(), strict=True
        ):
            out[i] = val
        return mask, pa.array(out, pa.string())

    @property
    def _key(self) -> str:
        return self.extract_kind or self.kind

    def redact(self, value: str) -> str:
        """Redact one value for evidence, keeping :attr:`keep` characters at each end."""
        return redact_middle(value, *self.keep)

    def new_stats(self) -> IdentifierStats:
        """Empty statistics for this detector."""
        return IdentifierStats(
            self.name, self.version, self.kind, self.sensitive_kind, self.counts_vehicles
        )

    def start(self, batch: pa.RecordBatch, ctx: BatchContext) -> None:
        """Begin the batch's column scans (shared by every identifier detector)."""
        _start(batch, ctx)

    def detect(self, batch: pa.RecordBatch, ctx: BatchContext) -> Findings:
        """Scan every eligible column of the batch."""
        stats = self.new_stats()
        out = Findings(stats={self.name: stats})
        sensitive: Mask | None = None
        _prepare(batch, ctx)
        for name, col in zip(batch.schema.names, batch.columns, strict=True):
            hit = self._column(name, col, ctx)
            if hit is None:
                continue
            found = hit.found
            n_valid = len(found.rows)
            if n_valid == 0:
                continue
            examples = self._examples(found.head(64))
            every = not hit.text and n_valid == len(col)
            # every row valid: the hashes are aligned as they are; a column that is its own
            # values (a VIN column) is hashed once for this and the track key
            if every:
                hashes, extra = hash64_cached(found.values(), ctx.cache)[0], None
            else:
                hashes, extra = found.hashes()
            if self.counts_vehicles:
                stats.distinct.update_hashes(hashes)
                if extra is not None:
                    stats.distinct.update_hashes(extra)
            stats.entries[(ctx.file, name)] = _Entry(n_valid, len(col), hit.confidence, examples)
            if hit.confidence < MIN_CONFIDENCE:
                continue
            if hit.text:
                # identifiers in free text are people of their own: never linked to the row's
                # other identifiers (two phones in one note may be two people)
                more = extra if extra is not None else np.zeros(0, dtype=np.uint64)
                out.loose_keys.setdefault(self.kind, []).append((hashes, found.mask, more))
            elif self.kind not in out.row_keys:
                if every:
                    aligned = hashes
                else:
                    aligned = np.zeros(len(col), dtype=np.uint64)
                    aligned[found.rows] = hashes
                out.row_keys[self.kind] = (aligned, found.mask)
            if self.sensitive_kind:
                sensitive = found.mask if sensitive is None else (sensitive | found.mask)
        if sensitive is not None:
            out.row_flags["sensitive"] = sensitive
        return out

    def _examples(self, head: list[Any]) -> list[str]:
        """The first distinct redacted values of ``head``, redacting no more than needed.

        >>> VinDetector()._examples(["LSVAU218XN2183294", "LSVAU218XN2183294", None])
        ['LSV**********3294', '****']
        """
        out: dict[str, None] = {}
        for x in dict.fromkeys(head):
            out[self.redact(str(x))] = None
            if len(out) == _MAX_EXAMPLES:
                break
        return list(out)

    def _column(self, name: str, col: pa.Array, ctx: BatchContext) -> _Hit | None:
        if name.startswith("^"):
            return None
        typ = col.type
        if pa.types.is_dictionary(typ):
            col = col.cast(typ.value_type)
            typ = col.type
        comment = ctx.comments.get(name, "")
        hinted = column_hint(name, comment, self.hints)
        if self.needs_hint and not hinted:
            return None
        if pa.types.is_integer(typ):
            if not self.numeric_ok:
                return None
            col = col.cast(pa.string()) if hinted else _integer_as_text(name, col, ctx)
            if col is None:
                return None
        elif not (pa.types.is_string(typ) or pa.types.is_large_string(typ)):
            return None
        col = as_string_array(col)
        negative = column_hint(name, comment, _NEGATIVE_WORDS)
        conf = self.base_confidence + (0.1 if hinted else 0.0) - (0.3 if negative else 0.0)
        if self.full_match is not None:
            return self._full_match_column(col, conf, hinted, name, ctx)
        return self._extracted(name, col, ctx, conf, hinted)

    def _extracted(
        self, name: str, col: pa.Array, ctx: BatchContext, conf: float, hinted: bool
    ) -> _Hit | None:
        """Verdict from the shared candidate extraction of the column."""
        scan = _column_scan(name, col, ctx)
        found = scan.rows(self._key)
        if found is None:
            return None
        if scan.text:
            if not self.in_text:
                return None
            if self.context and not hinted:
                found = scan.with_context(self._key, self.context)
            if not len(found.rows):
                return None
            return _Hit(found, min(conf - 0.1, 0.99), text=True)
        if found.share >= self.column_share and self._plausible(col, scan, found.mask):
            return _Hit(found, min(conf, 0.99))
        if hinted and len(found.rows):
            # labelled, but most sampled values fail validation: weaker evidence
            return _Hit(found, min(conf - 0.2, 0.99))
        return None

    def _plausible(self, col: pa.Array, scan: _ColumnScan, mask: Mask) -> bool:
        """Extra column-level test for unlabelled columns (names override it)."""
        return True

    def _full_match_column(
        self, col: pa.Array, conf: float, hinted: bool, name: str, ctx: BatchContext
    ) -> _Hit | None:
        prof = _profile(name, col, ctx)
        if prof.text and not self.whole_text:
            return None
        share = float(self.validate(prof.sample)[0].mean()) if len(prof.sample) else 0.0
        if not hinted and share < self.column_share:
            # the sample already rules the column out: no need to validate every row
            return None
        mask, norm = self.validate(col)
        if not mask.any():
            return None
        if share < STRUCTURED_SHARE:
            conf -= 0.2
        rows = np.flatnonzero(mask).astype(np.int64)
        return _Hit(_KindRows(mask, rows, norm.filter(pa.array(mask))), min(conf, 0.99))


@dataclass
class _KindRows:
    """One kind's identifiers in one column, row by row: the rows holding one and their first.

    The identifiers are ``pool`` itself (one per row, in row order) or, with ``pick``, the
    pool's entries ``pick`` names: free text keeps the spans of its distinct values and each
    row points at its value's first, so nothing is copied per row and each identifier is
    hashed once however many rows repeat it.
    """

    mask: Mask
    #: the rows ``mask`` marks, ascending
    rows: I64
    pool: pa.Array
    #: whole-value share of the column's sample (structured columns)
    share: float = 0.0
    pick: I64 | None = None
    #: further identifiers of the kind in the same rows (a note with two VINs), as indices
    #: into ``pool``
    extra: I64 | None = None

    def values(self) -> pa.Array:
        """Each row's first identifier, in row order."""
        return self.pool if self.pick is None else _take(self.pool, self.pick)

    def head(self, n: int) -> list[Any]:
        """The first ``n`` rows' identifiers.

        >>> pool = pa.array(["a", "b"])
        >>> _KindRows(np.ones(2, bool), np.arange(2), pool, pick=np.array([1, 1])).head(1)
        ['b']
        """
        head = self.pool if self.pick is None else self.pool.take(pa.array(self.pick[:n]))
        out: list[Any] = head.slice(0, n).to_pylist()
        return out

    def hashes(self) -> tuple[U64, U64 | None]:
        """:func:`hash64` of each row's identifier, and of the further ones (None: none).

        >>> pool, two = pa.array(["a", "b"]), np.ones(2, bool)
        >>> k = _KindRows(two, np.arange(2), pool, pick=np.array([1, 1]), extra=np.array([0]))
        >>> rows, extra = k.hashes()
        >>> rows.tolist() == hash64(pa.array(["b", "b"])).tolist()
        True
        >>> extra is not None and extra.tolist() == hash64(pool)[:1].tolist()
        True
        """
        pool = hash64(self.pool)
        rows = pool if self.pick is None else pool[self.pick]
        extra = pool[self.extra] if self.extra is not None and len(self.extra) else None
        return rows, extra


@dataclass
class _Hit:
    """One column's verdict: its identifiers of the kind, row by row, and the confidence."""

    found: _KindRows
    confidence: float
    text: bool = False


def _integer_as_text(name: str, col: pa.Array, ctx: BatchContext) -> pa.Array | None:
    """An integer column as text when its values are long enough to be identifiers."""
    key = f"intcol:{name}"
    ident = (len(col), col.offset, tuple(b.address if b else 0 for b in col.buffers()))
    got = ctx.cache.get(key)
    if isinstance(got, tuple) and got[0] == ident:
        return got[1]
    out: pa.Array | None = None
    sample = _head_non_null(col, _SAMPLE)
    if len(sample):
        lo = pc.min(sample).as_py()
        # phones (11 digits) and cards (13-19): shorter integers are counts, codes, times
        if lo is not None and abs(int(lo)) >= 10**10:
            out = col.cast(pa.string())
    ctx.cache[key] = (ident, out, col)
    return out


@dataclass
class _ColumnScan:
    """Every valid identifier of every kind in one column of one batch.

    Text columns are extracted per distinct value (``codes`` map rows to values); other
    columns per row, with a fast path for values that are one clean token of the column's
    usual width (validated straight from Arrow's buffer, no tokenising needed).
    """

    n_rows: int
    text: bool
    extraction: Extraction
    #: text: dictionary code per row (``len(values)`` for null); else row index of each
    #: extracted value
    codes: npt.NDArray[np.int64]
    values: pa.Array
    sample_rows: npt.NDArray[np.int64]
    fast: dict[str, tuple[npt.NDArray[np.int64], pa.Array]] = field(default_factory=dict)
    #: text: rows whose value holds a span, with their codes (:meth:`_spanned`, found once)
    spanned: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None

    def rows(self, kind: str) -> _KindRows | None:
        """The column's identifiers of ``kind``, row by row (None: the column has none)."""
        spans = self.extraction.get(kind)
        fast = self.fast.get(kind)
        if not len(spans) and fast is None:
            return None
        if self.text:
            return self._text_rows(spans)
        rows: list[npt.NDArray[np.int64]] = []
        vals: list[pa.Array] = []
        whole_rows: list[npt.NDArray[np.int64]] = []
        if fast is not None:
            rows.append(fast[0])
            vals.append(fast[1])
            whole_rows.append(fast[0])
        if len(spans):
            first = _first_per_value(spans.value)
            r = self.codes[spans.value[first]]
            rows.append(r)
            vals.append(_take(spans.values, first))
            whole_rows.append(r[spans.whole[first]])
        pick: I64 | None = None
        if len(rows) > 1:
            # both sources: rows in order, each picking its value from the two side by side
            row = np.concatenate(rows)
            pick = np.argsort(row, kind="stable").astype(np.int64, copy=False)
            row, values = row[pick], pa.concat_arrays(vals)
        else:  # one source: its rows are in order already
            row, values = rows[0], vals[0]
        # rows are distinct (each source lists a row once, the sources are disjoint): as
        # many as the column has are all of them (a column of valid identifiers)
        mask = _row_mask(self.n_rows, row)
        whole = _row_mask(
            self.n_rows, whole_rows[0] if len(whole_rows) == 1 else np.concatenate(whole_rows)
        )
        share = float(whole[self.sample_rows].mean()) if len(self.sample_rows) else 0.0
        return _KindRows(mask, row.astype(np.int64, copy=False), values, share, pick)

    def _text_rows(self, spans: Spans) -> _KindRows:
        first = _first_per_value(spans.value)
        # each value's first span (-1: none), read for the rows that hold any span
        slot = np.full(len(self.values) + 1, -1, dtype=np.int64)
        slot[spans.value[first]] = first
        rows, codes = self._spanned()
        row_slot = slot[codes]
        hit = row_slot >= 0
        mask = np.zeros(self.n_rows, dtype=bool)
        mask[rows] = hit
        extra = None
        if len(first) < len(spans):
            rest = np.ones(len(spans), dtype=bool)
            rest[first] = False
            extra = np.flatnonzero(rest).astype(np.int64)
        whole = np.zeros(len(self.values) + 1, dtype=bool)
        whole[spans.value[spans.whole]] = True
        share = float(whole[self.codes[self.sample_rows]].mean()) if len(self.sample_rows) else 0.0
        # each hit row's identifier is its value's first span (the spans are not copied)
        return _KindRows(mask, rows[hit], spans.values, share, row_slot[hit], extra)

    def _spanned(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Rows of a text column whose value holds a span of any kind, and their codes.

        Found once per column: most rows of free text hold none (status lines repeated over
        and over, nulls), and each kind then looks only at these rows.
        """
        if self.spanned is None:
            some = np.zeros(len(self.values) + 1, dtype=bool)
            for spans in self.extraction.spans.values():
                some[spans.value] = True
            rows = np.flatnonzero(some[self.codes])
            self.spanned = (rows, self.codes[rows])
        return self.spanned

    def with_context(self, kind: str, words: frozenset[str]) -> _KindRows:
        """Text rows of ``kind`` keeping only identifiers preceded by a context word."""
        spans = self.extraction.get(kind)
        keep = _near_context(self.values, spans, words)
        sub = Spans(
            spans.value[keep],
            spans.start[keep],
            spans.end[keep],
            spans.values.filter(pa.array(keep)),
            spans.whole[keep],
        )
        if not len(sub):
            return _KindRows(np.zeros(self.n_rows, dtype=bool), np.zeros(0, np.int64), sub.values)
        return self._text_rows(sub)


def _take(values: pa.Array, idx: npt.NDArray[np.int64]) -> pa.Array:
    """``values.take(idx)``; ``values`` themselves when ``idx`` lists each once, in order.

    Identifiers in text rarely repeat: each row's first span is then the next span, and a
    comparison with the positions is cheaper than a copy of every value.

    >>> v = pa.array(["a", "b"])
    >>> _take(v, np.array([0, 1])) is v, _take(v, np.array([1, 1])).to_pylist()
    (True, ['b', 'b'])
    """
    if len(idx) == len(values) and bool((idx == np.arange(len(idx))).all()):
        return values
    return values.take(pa.array(idx))


def _row_mask(n: int, rows: npt.NDArray[np.int64]) -> Mask:
    """The mask of ``rows`` (distinct indices below ``n``): all set when there are ``n``.

    >>> _row_mask(3, np.array([2, 0])).tolist(), _row_mask(2, np.array([1, 0])).tolist()
    ([True, False, True], [True, True])
    """
    if len(rows) == n:
        return np.ones(n, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return mask


def _first_per_value(value: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Index of the first span of each value (spans are sorted by value)."""
    if len(value) == 0:
        return value
    keep = np.ones(len(value), dtype=bool)
    keep[1:] = value[1:] != value[:-1]
    return np.flatnonzero(keep).astype(np.int64)


_CONTEXT_BYTES = 40


def _near_context(values: pa.Array, spans: Spans, words: frozenset[str]) -> Mask:
    """Which spans have one of ``words`` in the text just before them (case-insensitive)."""
    if not len(spans):
        return np.zeros(0, dtype=bool)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words)), re.IGNORECASE)
    offs, data = value_bytes(values)
    keep = np.zeros(len(spans), dtype=bool)
    raw = data.tobytes()
    for i, (val, start) in enumerate(zip(spans.value.tolist(), spans.start.tolist(), strict=True)):
        begin = int(offs[val])
        window = raw[max(begin, begin + start - _CONTEXT_BYTES) : begin + start]
        keep[i] = pattern.search(window.decode("utf-8", "ignore")) is not None
    return keep


def _threads() -> ThreadPoolExecutor | None:
    """Two threads for column scans when Arrow may use two cores (a pool worker gets one)."""
    if pa.cpu_count() < 2:
        return None
    return process_pool("carborder-columns", 2)


def _start(batch: pa.RecordBatch, ctx: BatchContext) -> list[Future[_ColumnScan]]:
    """Begin scanning the batch's string columns side by side, once per batch.

    numpy and Arrow release the GIL in their loops, so two columns are cut and validated at
    once on two cores. Each column's scan is the one a detector would compute (same function,
    same cache key): only when it runs changes, never what it finds.
    """
    jobs: list[Future[_ColumnScan]] | None = ctx.cache.get("idscan:jobs")
    if jobs is not None:
        return jobs
    jobs = ctx.cache["idscan:jobs"] = []
    cols = [
        (name, col)
        for name, col in zip(batch.schema.names, batch.columns, strict=True)
        if not name.startswith("^") and pa.types.is_string(col.type) and len(col)
    ]
    pool = _threads() if len(cols) > 1 else None
    if pool is None:
        return jobs
    tables.region_codes(), tables.card_ranges(), tables.mobile_prefix_table()  # loaded once
    # the largest column first: the others share the second thread meanwhile
    cols.sort(key=lambda nc: -nc[1].nbytes)
    jobs.extend(pool.submit(_column_scan, name, col, ctx) for name, col in cols)
    ctx.started.extend(jobs)
    return jobs


def _prepare(batch: pa.RecordBatch, ctx: BatchContext) -> None:
    """The batch's column scans, begun now unless :meth:`IdentifierDetector.start` did."""
    for job in _start(batch, ctx):
        job.result()


def _column_scan(name: str, col: pa.Array, ctx: BatchContext) -> _ColumnScan:
    key = f"idscan:{name}"
    ident = (len(col), col.offset, tuple(b.address if b else 0 for b in col.buffers()))
    got = ctx.cache.get(key)
    if isinstance(got, tuple) and got[0] == ident:
        return got[1]  # type: ignore[no-any-return]
    prof = _profile(name, col, ctx)
    sample_rows = _head_non_null_rows(col, _SAMPLE)
    if prof.text:
        scan = _ColumnScan(
            len(col), True, extract(prof.values), prof.codes, prof.values, sample_rows
        )
    else:
        scan = _structured_scan(col, prof.sample, sample_rows)
    ctx.cache[key] = (ident, scan, col)
    return scan


def _structured_scan(
    col: pa.Array, sample: pa.Array, sample_rows: npt.NDArray[np.int64]
) -> _ColumnScan:
    width = -1
    if len(sample):
        slen = np.asarray(pc.binary_length(sample).to_numpy(zero_copy_only=False), dtype=np.int64)
        width = int(np.bincount(slen).argmax())
        same = sample.filter(pa.array(slen == width))
        if (
            width not in FAST_WIDTHS
            or not pc.all(pc.match_substring_regex(same, r"^[0-9A-Za-z]+$")).as_py()
        ):
            width = -1
    # width -1: no value has it, every non-null row is one of the rest
    usual, rest = width_rows(col, width)
    fast: dict[str, tuple[npt.NDArray[np.int64], pa.Array]] = {}
    if width > 0:
        # every row of the usual width (no null): the matrix's rows are the column's
        idx = None if len(usual) == len(col) else usual
        mat = rows_matrix(col, idx, width)
        for kind, rows, norm in validate_tokens(mat):
            if idx is None and len(rows) == len(col) and _same_bytes(norm, col):
                # every row valid and normalised in place: the column is its own values (its
                # buffers, so hashes other detectors cached for the column serve them too)
                norm = col
            fast[kind] = (rows if idx is None else idx[rows], norm)
        # a clean token of the usual width that no validator accepts is still a token:
        # nothing else to find in it
    sub = col.take(pa.array(rest)) if len(rest) < len(col) else col
    ex = extract_per_distinct(sub, sample=sample) if len(rest) else Extraction(0)
    return _ColumnScan(len(col), False, ex, rest.astype(np.int64), sub, sample_rows, fast)


def _same_bytes(norm: pa.Array, col: pa.Array) -> bool:
    """Whether ``norm`` is ``col``'s very bytes, both holding values of one width only.

    Values of one width laid out back to back from the same address over the same length
    are equal value for value, with no comparison (the caller knows the widths are one).

    >>> col = pa.array(["ab", "cd"])
    >>> _same_bytes(col.slice(0), col), _same_bytes(pa.array(["ab", "cd"]), col)
    (True, False)
    """
    if norm.null_count or col.null_count or len(norm) != len(col) or not len(col):
        return False
    nb, cb = norm.buffers(), col.buffers()
    if nb[2] is None or cb[2] is None:
        return False
    no = np.frombuffer(nb[1], dtype=np.int32)[norm.offset : norm.offset + len(norm) + 1]
    co = np.frombuffer(cb[1], dtype=np.int32)[col.offset : col.offset + len(col) + 1]
    # norm's offsets are 0, w, 2w...: equal spans from equal starts are equal values
    return bool(
        nb[2].address + int(no[0]) == cb[2].address + int(co[0])
        and int(no[-1]) - int(no[0]) == int(co[-1]) - int(co[0])
    )


#: Values from which a structured column is extracted once per distinct value, if they repeat.
_DISTINCT_FROM = 4096
#: Share of distinct values in a column's sample above which it is extracted row by row.
_UNIQUE_SHARE = 0.9


def extract_per_distinct(
    values: pa.Array, *, min_rows: int = _DISTINCT_FROM, sample: pa.Array | None = None
) -> Extraction:
    """``extract(values)``, computed once per distinct value when at least half repeat.

    Structured columns of short codes (trip ids, status words) repeat a few values over many
    rows; extraction per value finds the same spans for every copy, so they are found once
    and handed to each row holding the value (spans stay in row, then position order).
    Both ways find the same spans: when a ``sample`` of the column's values hardly repeats
    (plates, phones), the hash table that would count the distinct values is not built.
    """
    if len(values) < min_rows:
        return extract(values)
    if sample is not None and len(sample) and len(pc.unique(sample)) > _UNIQUE_SHARE * len(sample):
        return extract(values)
    enc = pc.dictionary_encode(values)
    distinct = enc.dictionary
    if 2 * len(distinct) > len(values):
        return extract(values)
    codes = np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    once = extract(distinct)
    out = Extraction(len(values))
    by_value = np.argsort(codes, kind="stable")
    sorted_codes = codes[by_value]
    for kind, spans in once.spans.items():
        lo = np.searchsorted(sorted_codes, spans.value, side="left")
        counts = np.searchsorted(sorted_codes, spans.value, side="right") - lo
        span_of = np.repeat(np.arange(len(spans)), counts)
        within = np.arange(len(span_of)) - np.repeat(np.cumsum(counts) - counts, counts)
        rows = by_value[lo[span_of] + within]
        # a row's spans all come from its one value, already in position order
        order = np.lexsort((span_of, rows))
        pick = span_of[order]
        out.spans[kind] = Spans(
            rows[order].astype(np.int64),
            spans.start[pick],
            spans.end[pick],
            spans.values.take(pa.array(pick)),
            spans.whole[pick],
        )
    return out


def _head_non_null_rows(col: pa.Array, n: int) -> npt.NDArray[np.int64]:
    """The first ``n`` rows with a non-blank value (empty CSV cells are not values).

    Only the head of the column is looked at, growing while too few values are found.

    >>> _head_non_null_rows(pa.array([None, "a", "", "b", "c"]), 2).tolist()
    [1, 3]
    """
    span = min(len(col), n * 8)
    while True:
        # the rows of the head that are neither null nor of width 0 (from the offsets)
        rows = width_rows(col.slice(0, span), 0)[1]
        if len(rows) >= n or span >= len(col):
            return rows[:n].astype(np.int64)
        span = min(len(col), span * 8)


@dataclass
class _Profile:
    """What every identifier detector needs to know about one column of one batch."""

    sample: pa.Array
    text: bool
    #: dictionary code per row (``len(values)`` for null) and the distinct values (text only)
    codes: npt.NDArray[np.int64]
    values: pa.Array


def _profile(name: str, col: pa.Array, ctx: BatchContext) -> _Profile:
    key = f"profile:{name}"
    ident = (len(col), col.offset, tuple(b.address if b else 0 for b in col.buffers()))
    got = ctx.cache.get(key)
    if isinstance(got, tuple) and got[0] == ident:
        return got[1]  # type: ignore[no-any-return]
    sample = _head_non_null(col, _SAMPLE)
    mean_len = pc.mean(pc.binary_length(sample)).as_py() if len(sample) else 0
    text = bool(
        len(sample)
        and (
            (mean_len or 0) > _TEXT_MEAN_BYTES
            or pc.any(pc.match_substring_regex(sample, r"\s|[^\x00-\x7f]{3}")).as_py()
        )
    )
    codes = np.empty(0, dtype=np.int64)
    values = col.slice(0, 0)
    if text:
        # distinct values once (a hash table: tens of ns a row); detectors work on those
        codes, values = distinct_codes(col)
    got = _Profile(sample, text, codes, values)
    ctx.cache[key] = (ident, got, col)  # col kept alive: its buffer addresses are the key
    return got


def _head_non_null(col: pa.Array, n: int) -> pa.Array:
    """The first ``n`` non-null values, looking no further into the column than needed.

    >>> _head_non_null(pa.array([None, "a", None, "b", "c"]), 2).to_pylist()
    ['a', 'b']
    """
    if not col.null_count:
        return col.slice(0, n)
    span = n * 8
    while True:
        head = col.slice(0, span).drop_null()
        if len(head) >= n or span >= len(col):
            return head.slice(0, n)
        span *= 8


def _regex_mask(arr: pa.Array, pattern: str) -> Mask:
    m = pc.match_substring_regex(arr, f"^(?:{pattern})$")
    return np.asarray(pc.fill_null(m, False).to_numpy(zero_copy_only=False), dtype=bool)


@register
class ResidentIdDetector(IdentifierDetector):
    """18-character resident identity numbers (GB 11643): check digit, GB/T 2260 county, birth."""

    name: ClassVar[str] = "cn.resident_id"
    kind: ClassVar[str] = "id_number"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["id", "idcard", "id_card", "identity", "sfz", "身份证", "证件号", "身份证号"]
    )
    base_confidence: ClassVar[float] = 0.9
    numeric_ok: ClassVar[bool] = True


@register
class MobileDetector(IdentifierDetector):
    """Mainland mobile numbers in an allocated block, with +86 and separators allowed."""

    name: ClassVar[str] = "cn.mobile"
    kind: ClassVar[str] = "phone"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["phone", "mobile", "tel", "cell", "msisdn", "手机", "电话", "联系方式", "手机号"]
    )
    base_confidence: ClassVar[float] = 0.8
    numeric_ok: ClassVar[bool] = True


@register
class VinDetector(IdentifierDetector):
    """Vehicle identification numbers (ISO 3779 / GB 16735) with the position-9 check digit."""

    name: ClassVar[str] = "vin"
    kind: ClassVar[str] = "vin"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "vehicle.count"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["vin", "chassis", "frame", "车架号", "车辆识别", "识别代号", "vin码"]
    )
    base_confidence: ClassVar[float] = 0.9
    counts_vehicles: ClassVar[bool] = True


@register
class PlateDetector(IdentifierDetector):
    """Chinese licence plates: standard, new-energy, trailer, coach, police, HK/Macao, emergency."""

    name: ClassVar[str] = "cn.plate"
    kind: ClassVar[str] = "plate"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "vehicle.count"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["plate", "license", "licence", "车牌", "号牌", "车牌号"]
    )
    base_confidence: ClassVar[float] = 0.8
    counts_vehicles: ClassVar[bool] = True
    #: Evidence keeps the issuing authority and the last two characters.
    keep: ClassVar[tuple[int, int]] = (2, 2)


_CARD_CONTEXT = frozenset(
    [
        "卡",
        "银行",
        "账号",
        "帐号",
        "账户",
        "帐户",
        "银联",
        "尾号",
        "card",
        "bank",
        "visa",
        "mastercard",
        "unionpay",
        "account",
        "acct",
        "pan",
    ]
)


@register
class BankCardDetector(IdentifierDetector):
    """Payment card numbers: issuer range and length (cited table), Luhn; context in free text.

    A Luhn-valid digit run in an issuer range is one in ten random numbers of that shape, so
    in free text it counts only after a card word (卡号, 银行卡, card...); an unlabelled column
    must be mostly card numbers.
    """

    name: ClassVar[str] = "bank_card"
    kind: ClassVar[str] = "bank_card"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["bank", "bankcard", "bank_card", "card_no", "cardno", "pan", "银行卡", "卡号", "银行账号"]
    )
    base_confidence: ClassVar[float] = 0.8
    context: ClassVar[frozenset[str]] = _CARD_CONTEXT
    column_share: ClassVar[float] = 0.5
    numeric_ok: ClassVar[bool] = True
    #: PCI-style evidence: first six and last four.
    keep: ClassVar[tuple[int, int]] = (6, 4)


@register
class OrgIdDetector(IdentifierDetector):
    """Unified social credit codes (GB 32100): organisations, reported as such and never as PI."""

    name: ClassVar[str] = "cn.uscc"
    kind: ClassVar[str] = "org_id"
    emits: ClassVar[frozenset[str]] = frozenset({"org.identifier_kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["uscc", "credit_code", "tax_id", "统一社会信用代码", "信用代码", "税号", "纳税人识别号"]
    )
    base_confidence: ClassVar[float] = 0.9
    keep: ClassVar[tuple[int, int]] = (8, 2)

    @property
    def sensitive_kind(self) -> str | None:
        """Organisation identifiers are never personal information."""
        return None

    def new_stats(self) -> IdentifierStats:
        """Statistics reporting ``org.identifier_kinds: [uscc]``."""
        return OrgIdStats(self.name, self.version, self.kind)

    def detect(self, batch: pa.RecordBatch, ctx: BatchContext) -> Findings:
        """Like every identifier, but nothing feeds the people count."""
        out = super().detect(batch, ctx)
        out.row_keys.clear()
        out.loose_keys.clear()
        out.row_flags.clear()
        return out


@dataclass
class OrgIdStats(IdentifierStats):
    """Organisation identifiers: ``org.identifier_kinds``, never ``pi.kinds``."""

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """``org.identifier_kinds: [uscc]`` when confident."""
        facts, ev = super().facts()
        if not facts:
            return {}, {}
        return {"org.identifier_kinds": ["uscc"]}, {"org.identifier_kinds": ev["pi.kinds"]}


@register
class EmailDetector(IdentifierDetector):
    """E-mail addresses (syntax)."""

    name: ClassVar[str] = "email"
    kind: ClassVar[str] = "email"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(["email", "mail", "邮箱", "电子邮件"])
    base_confidence: ClassVar[float] = 0.85

    def redact(self, value: str) -> str:
        """Keep the first character and the domain."""
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"


@register
class PassportDetector(IdentifierDetector):
    """PRC ordinary passport numbers: labelled or all-passport columns, or after 护照 in text."""

    name: ClassVar[str] = "cn.passport"
    kind: ClassVar[str] = "passport"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(["passport", "护照", "护照号"])
    base_confidence: ClassVar[float] = 0.7
    context: ClassVar[frozenset[str]] = frozenset(["护照", "passport", "证件"])
    #: E/G-series formats are letter + 8 digits: an unlabelled column must be nearly all of them.
    column_share: ClassVar[float] = 0.8
    #: Evidence keeps the series letter and last four.
    keep: ClassVar[tuple[int, int]] = (1, 4)


@register
class TravelPermitDetector(IdentifierDetector):
    """Exit-entry permits for Hong Kong/Macao and home-return permits."""

    name: ClassVar[str] = "cn.travel_permit"
    kind: ClassVar[str] = "passport"
    extract_kind: ClassVar[str | None] = "travel_permit"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["permit", "hkmo", "通行证", "回乡证", "港澳", "往来港澳"]
    )
    base_confidence: ClassVar[float] = 0.7
    context: ClassVar[frozenset[str]] = frozenset(["通行证", "回乡证", "港澳", "permit"])
    column_share: ClassVar[float] = 0.8
    keep: ClassVar[tuple[int, int]] = (1, 4)


#: Share of distinct sampled values an unlabelled name column must have (names rarely repeat;
#: status words and city names do).
_NAME_DISTINCT_SHARE = 0.5


@register
class ChineseNameDetector(IdentifierDetector):
    """Chinese personal names: 2-4 Han characters (or a ·-joined name) after a known surname.

    The surname list (``surnames.tsv``: 《百家姓》 incl. compound surnames, plus modern
    surnames) is data. An unlabelled column counts when nearly all its values are names and
    they are diverse; free text is not searched (that needs a named-entity model).
    """

    name: ClassVar[str] = "cn.name"
    kind: ClassVar[str] = "name"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        [
            "name",
            "fullname",
            "customer",
            "owner",
            "driver",
            "姓名",
            "名字",
            "联系人",
            "客户名",
            "车主",
        ]
    )
    base_confidence: ClassVar[float] = 0.7
    in_text: ClassVar[bool] = False
    whole_text: ClassVar[bool] = True
    column_share: ClassVar[float] = 0.9
    full_match: ClassVar[str | None] = (
        r"[\x{4e00}-\x{9fff}]{2,4}|[\x{4e00}-\x{9fff}]{1,6}·[\x{4e00}-\x{9fff}]{1,8}"
    )

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """2-4 Han characters (a middle dot allowed) starting with a known surname."""
        arr = as_string_array(arr)
        assert self.full_match is not None
        shape = _regex_mask(arr, self.full_match)
        if not shape.any():
            # nothing shaped like a name (a column of codes or numbers): no surname to look up
            return shape, arr
        single, compound = tables.surnames()
        first = pc.utf8_slice_codeunits(arr, 0, 1)
        first2 = pc.utf8_slice_codeunits(arr, 0, 2)
        sur = pc.or_(
            pc.is_in(first, value_set=pa.array(sorted(single))),
            pc.is_in(first2, value_set=pa.array(sorted(compound))),
        )
        sur_mask = np.asarray(pc.fill_null(sur, False).to_numpy(zero_copy_only=False), dtype=bool)
        return shape & sur_mask, arr

    def _full_match_column(
        self, col: pa.Array, conf: float, hinted: bool, name: str, ctx: BatchContext
    ) -> _Hit | None:
        if not hinted:
            # the column's sample, as the profile every detector reads holds it
            sample = _profile(name, col, ctx).sample
            if len(sample) < 8:
                return None
            distinct = len(pc.unique(sample)) / len(sample)
            if distinct < _NAME_DISTINCT_SHARE:
                return None
            conf -= 0.1
        return super()._full_match_column(col, conf, hinted, name, ctx)

    def redact(self, value: str) -> str:
        """Keep the surname."""
        return value[:1] + "*" * (len(value) - 1)


@register
class AccountDetector(IdentifierDetector):
    """User / customer / driver account ids, only in columns labelled as such."""

    name: ClassVar[str] = "account"
    kind: ClassVar[str] = "account"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        [
            "uid",
            "userid",
            "user_id",
            "account",
            "member",
            "customer_id",
            "driver_id",
            "用户id",
            "用户",
            "账号",
            "账户",
            "会员",
            "客户编号",
        ]
    )
    base_confidence: ClassVar[float] = 0.6
    needs_hint: ClassVar[bool] = True
    numeric_ok: ClassVar[bool] = True
    #: Short tokens without whitespace.
    full_match: ClassVar[str | None] = r"[^\s]{1,64}"

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Short tokens without whitespace that are not the gateway's pseudonyms."""
        mask, norm = super().validate(arr)
        pseudo = _regex_mask(as_string_array(arr), PSEUDONYM_PATTERN)
        return mask & ~pseudo, norm
