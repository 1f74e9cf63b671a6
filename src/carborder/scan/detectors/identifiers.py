"""Personal identifiers in tabular columns: Chinese IDs, mobiles, plates, VINs, cards, e-mail...

Each detector validates, not just matches: vectorised check digits over Arrow buffers for
whole identifier columns, and RE2 candidate extraction followed by the same validation for
free-text columns. Column names and comments move the confidence, never decide alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from carborder.model.facts import Evidence, Facts
from carborder.scan.detectors import validators as v
from carborder.scan.detectors.arrowtools import as_string_array, byte_matrix
from carborder.scan.detectors.base import BatchContext, Detector, Findings, column_hint
from carborder.scan.detectors.registry import register
from carborder.scan.sensitivity import sensitive_kind_of
from carborder.scan.sketch import DistinctCounter, hash64, hash64_cached

__all__ = [
    "MIN_CONFIDENCE",
    "AccountDetector",
    "BankCardDetector",
    "ChineseNameDetector",
    "EmailDetector",
    "IdentifierDetector",
    "IdentifierStats",
    "MobileDetector",
    "PassportDetector",
    "PlateDetector",
    "ResidentIdDetector",
    "TravelPermitDetector",
    "VinDetector",
    "redact_middle",
]

Mask = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]

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
        facts: Facts = {"pi.kinds": [self.kind]}
        ev: dict[str, list[Evidence]] = {"pi.kinds": evidence}
        if self.sensitive_kind:
            facts["pi.sensitive_kinds"] = [self.sensitive_kind]
            ev["pi.sensitive_kinds"] = evidence
        if self.counts_vehicles:
            facts["vehicle.count"] = self.distinct.estimate()
            ev["vehicle.count"] = evidence
        return facts, ev


class IdentifierDetector(Detector, abstract=True):
    """Shared column logic; subclasses set the ClassVars and :meth:`validate`."""

    modalities: ClassVar[frozenset[str]] = frozenset({"tabular"})
    version: ClassVar[str] = "1"
    #: PI kind from the fact vocabulary (``pi.kinds``).
    kind: ClassVar[str]
    #: Column-name words (en tokens, zh substrings) that raise confidence.
    hints: ClassVar[frozenset[str]]
    base_confidence: ClassVar[float]
    #: RE2 pattern with a named group ``v`` that finds candidates inside free text.
    candidate: ClassVar[str | None] = None
    #: Cheap per-value test every ``candidate`` match passes (see ``_PREFILTERS``): only the
    #: distinct free-text values passing it meet the regex.
    prefilter: ClassVar[str] = "maybe"
    #: Only report columns whose name or comment says so (weak formats such as names).
    needs_hint: ClassVar[bool] = False
    counts_vehicles: ClassVar[bool] = False
    #: Whether integer columns may hold this identifier (phones and cards stored as numbers).
    numeric_ok: ClassVar[bool] = False
    #: For format-only identifiers: the RE2 pattern a whole value must match (no check digit).
    full_match: ClassVar[str | None] = None
    #: Characters kept at the start and the end of a value in redacted evidence.
    keep: ClassVar[tuple[int, int]] = (3, 4)

    @property
    def sensitive_kind(self) -> str | None:
        """Sensitive-PI kind this identifier implies; the rulebook pack decides, not the code."""
        return sensitive_kind_of(self.kind)

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Return (valid mask, normalised values) for a string array, both length ``len(arr)``.

        The default checks :attr:`full_match`; identifiers with check digits override it.
        """
        if self.full_match is None:
            raise NotImplementedError
        arr = as_string_array(arr)
        return _regex_mask(arr, self.full_match), arr

    def redact(self, value: str) -> str:
        """Redact one value for evidence, keeping :attr:`keep` characters at each end."""
        return redact_middle(value, *self.keep)

    def new_stats(self) -> IdentifierStats:
        """Empty statistics for this detector."""
        return IdentifierStats(
            self.name, self.version, self.kind, self.sensitive_kind, self.counts_vehicles
        )

    def detect(self, batch: pa.RecordBatch, ctx: BatchContext) -> Findings:
        """Scan every eligible column of the batch."""
        stats = self.new_stats()
        out = Findings(stats={self.name: stats})
        sensitive: Mask | None = None
        for name, col in zip(batch.schema.names, batch.columns, strict=True):
            hit = self._column(name, col, ctx)
            if hit is None:
                continue
            mask = hit.mask
            n_valid = int(mask.sum())
            if n_valid == 0:
                continue
            if hit.codes is None:
                # values are aligned with the rows: the valid ones, in row order
                first = np.flatnonzero(mask[: 1 << 12])[:64]
                head = dict.fromkeys(hit.values.take(pa.array(first)).to_pylist())
                if len(first) < min(64, n_valid):
                    head = dict.fromkeys(hit.values.filter(pa.array(mask)).slice(0, 64).to_pylist())
                hashes = hash64_cached(hit.values, ctx.cache)[0][mask]
            else:
                # distinct values: each is hashed once, rows take their value's hash
                head = dict.fromkeys(hit.values.take(pa.array(hit.codes[:64])).to_pylist())
                hashes = hash64(hit.values)[hit.codes]
            examples = list(dict.fromkeys(self.redact(str(x)) for x in head))[:_MAX_EXAMPLES]
            if self.counts_vehicles:
                stats.distinct.update_hashes(hashes)
            stats.entries[(ctx.file, name)] = _Entry(n_valid, len(col), hit.confidence, examples)
            if hit.confidence >= MIN_CONFIDENCE:
                if self.kind not in out.row_keys:
                    aligned = np.zeros(len(col), dtype=np.uint64)
                    aligned[mask] = hashes
                    out.row_keys[self.kind] = (aligned, mask)
                if self.sensitive_kind:
                    sensitive = mask if sensitive is None else (sensitive | mask)
        if sensitive is not None:
            out.row_flags["sensitive"] = sensitive
        return out

    def _column(self, name: str, col: pa.Array, ctx: BatchContext) -> _Hit | None:
        if name.startswith("^"):
            return None
        typ = col.type
        if pa.types.is_dictionary(typ):
            col = col.cast(typ.value_type)
            typ = col.type
        hinted = column_hint(name, ctx.comments.get(name, ""), self.hints)
        if pa.types.is_integer(typ):
            if not (self.numeric_ok and hinted):
                return None
            col = col.cast(pa.string())
        elif not (pa.types.is_string(typ) or pa.types.is_large_string(typ)):
            return None
        if self.needs_hint and not hinted:
            return None
        col = as_string_array(col)
        negative = column_hint(name, ctx.comments.get(name, ""), _NEGATIVE_WORDS)
        conf = self.base_confidence + (0.1 if hinted else 0.0) - (0.3 if negative else 0.0)
        profile = _profile(name, col, ctx)
        sample = profile.sample
        share = 0.0
        if len(sample):
            smask, _ = self.validate(sample)
            share = float(smask.mean())
        if share >= STRUCTURED_SHARE or (hinted and not profile.text):
            mask, norm = self.validate(col)
            if share < STRUCTURED_SHARE:
                # labelled, but most sampled values fail validation: weaker evidence
                conf -= 0.2
            return _Hit(mask, norm, min(conf, 0.99))
        if self.candidate is None or not profile.text:
            return None
        pre = profile.prefilter(self.prefilter)
        entries = np.flatnonzero(pre)
        if len(entries) == 0:
            return None
        # Free text is matched per distinct value (status texts repeat), and only values
        # passing this kind's prefilter pay for RE2 extraction and validation; rows then
        # take their value's verdict.
        found = pc.extract_regex(profile.values.filter(pa.array(pre)), self.candidate).field("v")
        sub_mask, sub_norm = self.validate(found)
        if not sub_mask.any():
            return None
        # each dictionary entry's position among the validated values (-1: none), plus a
        # last slot, never valid, that null rows point at
        slot = np.full(len(profile.values) + 1, -1, dtype=np.int64)
        slot[entries[sub_mask]] = np.arange(int(sub_mask.sum()))
        row_slot = slot[profile.codes]
        mask = row_slot >= 0
        return _Hit(
            mask,
            sub_norm.filter(pa.array(sub_mask)),
            min(conf - 0.1, 0.99),
            row_slot[mask],
        )


@dataclass
class _Hit:
    """One column's verdict: valid rows, their (normalised) values and the confidence.

    ``values`` is aligned with the rows when ``codes`` is None; otherwise it holds distinct
    values and ``codes`` gives, for each valid row in order, its value's position.
    """

    mask: Mask
    values: pa.Array
    confidence: float
    codes: npt.NDArray[np.int64] | None = None


@dataclass
class _Profile:
    """What every identifier detector needs to know about one column of one batch."""

    sample: pa.Array
    text: bool
    #: dictionary code per row (``len(values)`` for null) and the distinct values (text only)
    codes: npt.NDArray[np.int64]
    values: pa.Array
    _passed: dict[str, Mask] = field(default_factory=dict)

    def prefilter(self, name: str) -> Mask:
        """Which distinct values pass the named prefilter (computed once per column)."""
        got = self._passed.get(name)
        if got is None:
            got = self._passed[name] = _PREFILTERS[name](self.values)
        return got


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
        enc = pc.dictionary_encode(col)
        values = enc.dictionary
        codes = np.asarray(
            pc.fill_null(enc.indices, len(values)).to_numpy(zero_copy_only=False), dtype=np.int64
        )
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


def _regex_values(pattern: str) -> Callable[[pa.Array], Mask]:
    def run(values: pa.Array) -> Mask:
        hit = pc.fill_null(pc.match_substring_regex(values, pattern), False)
        return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)

    return run


def _value_bytes(values: pa.Array) -> tuple[npt.NDArray[np.int32], U8]:
    """Offsets (rebased to 0) and the UTF-8 bytes of a string array's values."""
    n = len(values)
    bufs = values.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int32)[values.offset : values.offset + n + 1]
    base = int(offs[0])
    if bufs[2] is None or n == 0:
        return offs - base, np.zeros(0, dtype=np.uint8)
    return offs - base, np.frombuffer(bufs[2], dtype=np.uint8)[base : int(offs[-1])]


def _class_run(byte_class: Callable[[U8], Mask], width: int) -> Callable[[pa.Array], Mask]:
    """Values holding ``width`` consecutive bytes of a class, tested in numpy.

    The test runs over the whole value buffer at once with log2(width) shifted ANDs; a run
    may straddle two values (a harmless false positive), but one inside a value is never
    missed.

    >>> _class_run(_is_digit, 3)(pa.array(["a123", "12", "x3x", "", "9876"])).tolist()
    [True, False, False, False, True]
    """

    def run(values: pa.Array) -> Mask:
        offs, data = _value_bytes(values)
        r = byte_class(data)
        span = 1
        while span * 2 <= width and len(r) > span:
            r = r[:-span] & r[span:]
            span *= 2
        if span < width:
            rest = width - span
            r = r[:-rest] & r[rest:] if len(r) > rest else r[:0]
        # any window start per value: an OR over each value's span (padded, so that spans
        # of values past the last window start stay in bounds; empty spans are masked)
        padded = np.zeros(len(r) + 1, dtype=bool)
        padded[: len(r)] = r
        starts = np.minimum(offs, len(r))
        hit = np.logical_or.reduceat(padded, starts[:-1]) if len(offs) > 1 else padded[:0]
        return np.asarray(hit & (starts[1:] > starts[:-1]), dtype=bool)

    return run


def _is_digit(data: U8) -> Mask:
    return np.asarray((data - np.uint8(48)) < 10, dtype=bool)


def _is_vin_char(data: U8) -> Mask:
    # [A-HJ-NPR-Z0-9]: comparisons run at memory speed where a table lookup would not
    upper = (data - np.uint8(65)) < 26
    upper &= (data != ord("I")) & (data != ord("O")) & (data != ord("Q"))
    return np.asarray(upper | _is_digit(data), dtype=bool)


def _is_at(data: U8) -> Mask:
    return np.asarray(data == ord("@"), dtype=bool)


# Free-text values worth a closer look: a long digit run, an @, a plate's province and
# letter, or a 17-character code (every candidate pattern implies one of these).
_MAYBE = rf"[0-9]{{11}}|@|[{v.PROVINCE_PLATE_CHARS}使][A-Z0-9]|[A-HJ-NPR-Z0-9]{{17}}"
#: Named prefilters: each is implied by the candidate patterns that use it.
_PREFILTERS: dict[str, Callable[[pa.Array], Mask]] = {
    "maybe": _regex_values(_MAYBE),
    "digits11": _class_run(_is_digit, 11),
    "digits16": _class_run(_is_digit, 16),
    "digits17": _class_run(_is_digit, 17),
    "vin17": _class_run(_is_vin_char, 17),
    "at": _class_run(_is_at, 1),
}


def _fixed(arr: pa.Array, width: int, rows: Any) -> Mask:
    idx, mat = byte_matrix(arr, width)
    mask = np.zeros(len(arr), dtype=bool)
    if len(idx):
        mask[idx[rows(mat)]] = True
    return mask


def _regex_mask(arr: pa.Array, pattern: str) -> Mask:
    m = pc.match_substring_regex(arr, f"^(?:{pattern})$")
    return np.asarray(pc.fill_null(m, False).to_numpy(zero_copy_only=False), dtype=bool)


@register
class ResidentIdDetector(IdentifierDetector):
    """18-digit resident identity numbers (GB 11643): check digit, region and birth date."""

    name: ClassVar[str] = "cn.resident_id"
    kind: ClassVar[str] = "id_number"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "pi.sensitive_kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["id", "idcard", "id_card", "identity", "sfz", "身份证", "证件号", "身份证号"]
    )
    base_confidence: ClassVar[float] = 0.9
    prefilter: ClassVar[str] = "digits17"
    candidate: ClassVar[str | None] = (
        r"(?:^|[^0-9])(?P<v>[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
        r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?:[^0-9]|$)"
    )

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Check-digit, region and birth-date validation."""
        arr = as_string_array(arr)
        return _fixed(arr, 18, v.resident_id_rows), arr


@register
class MobileDetector(IdentifierDetector):
    """Mainland mobile numbers with a prefix in use, optionally with +86 and separators."""

    name: ClassVar[str] = "cn.mobile"
    kind: ClassVar[str] = "phone"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["phone", "mobile", "tel", "cell", "msisdn", "手机", "电话", "联系方式", "手机号"]
    )
    base_confidence: ClassVar[float] = 0.8
    prefilter: ClassVar[str] = "digits11"
    candidate: ClassVar[str | None] = (
        r"(?:^|[^0-9])(?:\+?86[- ]?)?(?P<v>1[3-9][0-9]{9})(?:[^0-9]|$)"
    )
    numeric_ok: ClassVar[bool] = True

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Normalise separators and +86, then check length and prefix."""
        arr = as_string_array(arr)
        lens = pc.binary_length(arr)
        if pc.any(pc.and_(pc.greater(lens, 11), pc.less_equal(lens, 18))).as_py():
            arr = pc.replace_substring_regex(arr, r"[\s\-()]", "")
            arr = pc.replace_substring_regex(arr, r"^(?:\+86|0086|86)(1[0-9]{10})$", r"\1")
        return _fixed(arr, 11, v.mobile_rows), arr


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
    prefilter: ClassVar[str] = "vin17"
    candidate: ClassVar[str | None] = (
        r"(?:^|[^A-Za-z0-9])(?P<v>[A-HJ-NPR-Z0-9]{17})(?:[^A-Za-z0-9]|$)"
    )
    counts_vehicles: ClassVar[bool] = True

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Alphabet, check digit, model-year code and numeric serial."""
        arr = as_string_array(arr)
        return _fixed(arr, 17, v.vin_rows), arr


@register
class PlateDetector(IdentifierDetector):
    """Chinese licence plates: standard, new-energy, trailer, coach, police, HK/Macao, embassy."""

    name: ClassVar[str] = "cn.plate"
    kind: ClassVar[str] = "plate"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "vehicle.count"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["plate", "license", "licence", "车牌", "号牌", "车牌号"]
    )
    base_confidence: ClassVar[float] = 0.8
    candidate: ClassVar[str | None] = f"(?P<v>{v.PLATE_RE.pattern})(?:[^A-Za-z0-9]|$)"
    counts_vehicles: ClassVar[bool] = True
    #: The GA 36 plate forms; evidence keeps the issuing authority and the last two characters.
    full_match: ClassVar[str | None] = v.PLATE_RE.pattern
    keep: ClassVar[tuple[int, int]] = (2, 2)


@register
class BankCardDetector(IdentifierDetector):
    """Payment card numbers: 16-19 digits, Luhn, UnionPay/Visa/Mastercard/JCB ranges."""

    name: ClassVar[str] = "bank_card"
    kind: ClassVar[str] = "bank_card"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "pi.sensitive_kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["bank", "bankcard", "bank_card", "card_no", "cardno", "pan", "银行卡", "卡号", "银行账号"]
    )
    base_confidence: ClassVar[float] = 0.8
    prefilter: ClassVar[str] = "digits16"
    candidate: ClassVar[str | None] = r"(?:^|[^0-9])(?P<v>[2-689][0-9]{15,18})(?:[^0-9Xx]|$)"
    numeric_ok: ClassVar[bool] = True

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Luhn and IIN per length."""
        arr = as_string_array(arr)
        mask = np.zeros(len(arr), dtype=bool)
        lens = pc.binary_length(arr)
        present = set(
            pc.unique(
                lens.filter(pc.and_(pc.greater_equal(lens, 16), pc.less_equal(lens, 19)))
            ).to_pylist()
        )
        for width in sorted(w for w in present if w is not None):
            mask |= _fixed(arr, int(width), v.bank_card_rows)
        # An 18-digit resident ID (even with a mistyped check digit) passes Luhn one time in
        # ten; with a real region and birth date it is an ID, not a card.
        if mask.any():
            mask &= ~_fixed(arr, 18, v.resident_id_shape_rows)
        return mask, arr

    #: PCI-style evidence: first six and last four.
    keep: ClassVar[tuple[int, int]] = (6, 4)


@register
class EmailDetector(IdentifierDetector):
    """E-mail addresses (syntax)."""

    name: ClassVar[str] = "email"
    kind: ClassVar[str] = "email"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(["email", "mail", "邮箱", "电子邮件"])
    base_confidence: ClassVar[float] = 0.85
    prefilter: ClassVar[str] = "at"
    candidate: ClassVar[str | None] = (
        r"(?P<v>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})"
    )

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """Syntax check."""
        arr = as_string_array(arr)
        return _regex_mask(
            arr, r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
        ), arr

    def redact(self, value: str) -> str:
        """Keep the first character and the domain."""
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"


@register
class PassportDetector(IdentifierDetector):
    """PRC ordinary passport numbers, in columns that say they hold passports."""

    name: ClassVar[str] = "cn.passport"
    kind: ClassVar[str] = "passport"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "pi.sensitive_kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(["passport", "护照", "护照号"])
    base_confidence: ClassVar[float] = 0.6
    needs_hint: ClassVar[bool] = True
    #: E/G-series formats; evidence keeps the series letter and last four.
    full_match: ClassVar[str | None] = r"E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}"
    keep: ClassVar[tuple[int, int]] = (1, 4)


@register
class TravelPermitDetector(IdentifierDetector):
    """Exit-entry permits for Hong Kong/Macao and home-return permits, in labelled columns."""

    name: ClassVar[str] = "cn.travel_permit"
    kind: ClassVar[str] = "passport"
    emits: ClassVar[frozenset[str]] = frozenset({"pi.kinds", "pi.sensitive_kinds"})
    hints: ClassVar[frozenset[str]] = frozenset(
        ["permit", "hkmo", "通行证", "回乡证", "港澳", "往来港澳"]
    )
    base_confidence: ClassVar[float] = 0.6
    needs_hint: ClassVar[bool] = True
    #: C-series and H/M-series formats; evidence keeps the series letter and last four.
    full_match: ClassVar[str | None] = r"C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}|[HM][0-9]{8}(?:[0-9]{2})?"
    keep: ClassVar[tuple[int, int]] = (1, 4)


# The most frequent single-character surnames (they cover the large majority of people) and
# common two-character ones; a value must start with one of them.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
)
_COMPOUND = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文"]


@register
class ChineseNameDetector(IdentifierDetector):
    """Chinese personal names, only in columns whose name or comment says they hold names."""

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
    needs_hint: ClassVar[bool] = True

    def validate(self, arr: pa.Array) -> tuple[Mask, pa.Array]:
        """2-4 Han characters (a middle dot allowed) starting with a known surname."""
        arr = as_string_array(arr)
        shape = _regex_mask(
            arr, r"[\x{4e00}-\x{9fff}]{2,4}|[\x{4e00}-\x{9fff}]{1,6}·[\x{4e00}-\x{9fff}]{1,8}"
        )
        first = pc.utf8_slice_codeunits(arr, 0, 1)
        first2 = pc.utf8_slice_codeunits(arr, 0, 2)
        sur = pc.or_(
            pc.is_in(first, value_set=pa.array(list(_SURNAMES))),
            pc.is_in(first2, value_set=pa.array(_COMPOUND)),
        )
        sur_mask = np.asarray(pc.fill_null(sur, False).to_numpy(zero_copy_only=False), dtype=bool)
        return shape & sur_mask, arr

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
