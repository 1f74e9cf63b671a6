"""One candidate extractor for every identifier kind: tokens, separators, validation, spans.

Text is cut into *tokens*: maximal runs of ASCII letters and digits. A token is atomic: a digit
run inside an alphanumeric token (a hex hash, a UUID group, a part number) is never a
candidate on its own. Tokens joined by one separator character (space, ``-``, ``·``, full-width
space or hyphen) form *groups* such as ``155-9491-2123`` or ``6217 0037 4776 2987``; every run
of consecutive digit tokens of a group is a candidate, separators removed, so ``电话 12
13800138000`` still yields the phone. A plate candidate is a province character followed by
its tokens (``吉K 4MCWH``, ``豫Y·9WKEU``). Every candidate goes to the validators of the kinds
its shape allows; all valid candidates of a value are kept, not just the first.

Everything runs over the Arrow value buffer: token boundaries, groups and the normalised bytes
of each candidate are array operations, so the cost is a few passes over the text whatever the
number of candidates. Tokens and normalised bytes come from the native kernel in one pass when
it is built (:mod:`.native`), else from their numpy twins here (same arrays).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from carborder.scan.detectors import validators as v
from carborder.scan.detectors.arrowtools import as_string_array
from carborder.scan.detectors.native import kernel as _native

__all__ = [
    "FAST_WIDTHS",
    "KINDS",
    "Extraction",
    "Spans",
    "extract",
    "validate_tokens",
    "value_bytes",
]

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

#: Identifier kinds the extractor validates (``org_id`` is an organisation, never PI).
KINDS = (
    "phone",
    "id_number",
    "bank_card",
    "vin",
    "plate",
    "passport",
    "travel_permit",
    "org_id",
    "email",
)
#: Most tokens a digit group may join (``+86 138 0013 8000`` has four).
MAX_GROUP_TOKENS = 5
#: Longest identifier, in normalised characters (a 19-digit card).
MAX_LENGTH = 19

_DIGIT, _UPPER, _LOWER, _SEP = 1, 2, 4, 8
_CLASS = np.zeros(256, dtype=np.uint8)
_CLASS[ord("0") : ord("9") + 1] = _DIGIT
_CLASS[ord("A") : ord("Z") + 1] = _UPPER
_CLASS[ord("a") : ord("z") + 1] = _LOWER
_CLASS[[ord(" "), ord("-")]] = _SEP
# multi-byte separators (UTF-8): middle dot, katakana middle dot, ideographic space,
# full-width hyphen-minus, bullet
_SEP_SEQUENCES = (b"\xc2\xb7", b"\xe3\x83\xbb", b"\xe3\x80\x80", b"\xef\xbc\x8d", b"\xe2\x80\xa2")
_PROVINCES = v.PROVINCE_PLATE_CHARS.encode("utf-8")
# suffix characters of special plates (trailer, coach, police, HK/Macao, consulate)
_PLATE_SUFFIXES = tuple(c.encode("utf-8") for c in "挂学警港澳领")
_EMERGENCY = "应急".encode()


_NO_STRINGS = pa.array(
    [], pa.string()
)  # Arrow arrays are immutable: one serves every empty span set


@dataclass
class Spans:
    """Valid identifiers of one kind: which value, where (UTF-8 byte offsets) and what.

    ``values`` holds the normalised identifiers (separators removed, ``+86`` stripped), as
    a string array aligned with ``value``/``start``/``end``.
    """

    value: I64
    start: I64
    end: I64
    values: pa.Array
    #: whether each span covers its whole value (ignoring surrounding blanks)
    whole: Mask

    @classmethod
    def empty(cls) -> Spans:
        """No spans."""
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, _NO_STRINGS, np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return len(self.value)


@dataclass
class Extraction:
    """All valid identifiers in a string array, by kind."""

    n_values: int
    spans: dict[str, Spans] = field(default_factory=dict)

    def get(self, kind: str) -> Spans:
        """The spans of ``kind`` (empty when none)."""
        return self.spans.get(kind) or Spans.empty()


def value_bytes(values: pa.Array) -> tuple[I64, U8]:
    """Offsets (rebased to 0, int64) and the UTF-8 bytes of a string array's values.

    >>> offs, data = value_bytes(pa.array(["ab", None, "c"]))
    >>> offs.tolist(), data.tobytes()
    ([0, 2, 2, 3], b'abc')
    """
    values = as_string_array(values)
    n = len(values)
    bufs = values.buffers()
    if n == 0:
        return np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    raw = np.frombuffer(bufs[1], dtype=np.int32)[values.offset : values.offset + n + 1]
    offs: I64 = raw.astype(np.int64)
    base = int(offs[0])
    if bufs[2] is None:
        return offs - base, np.zeros(0, dtype=np.uint8)
    data: U8 = np.frombuffer(bufs[2], dtype=np.uint8)[base : int(offs[-1])]
    return offs - base, data


def _byte_classes(data: U8) -> U8:
    cls = _CLASS[data]
    if len(data) and (data >= 0xC2).any():
        for seq in _SEP_SEQUENCES:
            at = _find(data, seq)
            for k in range(len(seq)):
                cls[at + k] = _SEP
    return cls


def _find(data: U8, seq: bytes) -> I64:
    r"""Start positions of ``seq`` in ``data``.

    >>> _find(np.frombuffer("a·b·".encode(), dtype=np.uint8), "·".encode()).tolist()
    [1, 4]
    """
    n = len(seq)
    if len(data) < n:
        return np.zeros(0, dtype=np.int64)
    # one pass for the first byte, then the few positions it leaves for the others
    at = np.flatnonzero(data[: len(data) - n + 1] == seq[0]).astype(np.int64)
    for k in range(1, n):
        at = at[data[at + k] == seq[k]]
    return at


@dataclass
class _Tokens:
    start: I64  # byte positions in the buffer
    end: I64
    value: I64
    digits: I64  # number of digits in the token
    upper: I64  # number of upper-case letters
    #: buffer position of the token's digits when they form a single run (else -1)
    digit_run_at: I64
    #: where the token's characters are read from (see :class:`_Text`): the index of its
    #: first byte among the buffer's letters and digits (numpy), or that byte's position
    #: (native); either way ``rank + k`` skips the token's first k characters
    rank: I64


@dataclass
class _Text:
    """The value buffer and how to read a candidate's letters and digits from it."""

    data: U8
    #: positions of the buffer's letters and digits (numpy twin); None: the native kernel
    #: walks the bytes from a position instead
    alnum_pos: I64 | None

    def matrix(self, rank: I64, width: int, skip: int = 0) -> U8:
        """Normalised bytes (``width`` letters/digits after ``skip``) of each candidate."""
        if self.alnum_pos is None:
            assert _native is not None  # a native rank only exists with the kernel
            raw = _native.gather(self.data, np.ascontiguousarray(rank, np.int64), skip, width)
            return np.frombuffer(raw, dtype=np.uint8).reshape(len(rank), width)
        return _matrix(self.data, self.alnum_pos, rank + skip, width)


def tokenize(offs: I64, data: U8, *, native: bool = True) -> tuple[_Tokens, Mask, _Text]:
    """Tokens of the values, whether each is linked to the next, and how to read them.

    ``native=False`` runs the numpy twin even when the kernel is built (tests compare both:
    every field but ``rank``, whose meaning differs, must be equal).
    """
    if native and _native is not None:
        # tokens16: tokens() passing over bytes that are no letter or digit 16 at a time
        got = _native.tokens16(offs, data, _SEP_SEQUENCES)
        ts, te, tv, td, tu, tr = (np.frombuffer(b, dtype=np.int64) for b in got[:6])
        tok = _Tokens(ts, te, tv, td, tu, tr, ts)
        return tok, np.frombuffer(got[6], dtype=bool), _Text(data, None)
    cls = _byte_classes(data)
    alnum = (cls & (_DIGIT | _UPPER | _LOWER)) != 0
    alnum_pos = np.flatnonzero(alnum).astype(np.int64)
    tok = _tokens(offs, data, cls, alnum, alnum_pos)
    link = _links(tok, data, cls) if len(tok.start) else np.zeros(0, dtype=bool)
    return tok, link, _Text(data, alnum_pos)


def _tokens(offs: I64, data: U8, cls: U8, alnum: Mask, alnum_pos: I64) -> _Tokens:
    """Maximal letter/digit runs of each value, counted over the letters and digits only.

    Tokens are consecutive in ``alnum_pos`` (the positions of letters and digits): a token
    starts where that array jumps or a value starts, so boundaries, ranks and per-token
    counts all come from arrays the length of the letters and digits, not of the text.
    """
    m = len(alnum_pos)
    if m == 0:
        z = np.zeros(0, dtype=np.int64)
        return _Tokens(z, z, z, z, z, z, z)
    brk = np.empty(m, dtype=bool)
    brk[0] = True
    np.not_equal(alnum_pos[1:], alnum_pos[:-1] + 1, out=brk[1:])
    # a value that starts right after a letter or digit of the previous value splits a run
    starts = offs[:-1][(offs[:-1] < offs[1:]) & (offs[:-1] > 0)]
    if len(starts):
        glued = starts[alnum[starts] & alnum[starts - 1]]
        if len(glued):
            brk[np.searchsorted(alnum_pos, glued)] = True
    rank = np.flatnonzero(brk).astype(np.int64)
    rend = np.empty(len(rank), dtype=np.int64)
    rend[:-1] = rank[1:]
    rend[-1] = m
    ts = alnum_pos[rank]
    te = alnum_pos[rend - 1] + 1
    tv = np.searchsorted(offs, ts, side="right").astype(np.int64) - 1
    c = cls[alnum_pos]
    is_digit = (c & _DIGIT) != 0
    # int32 running counts (a batch's text is under 2 GiB: Arrow's offsets are int32), summed
    # from int32 arrays: half the memory traffic of int64 and no bool-to-int cast per element
    cd = _running_count(is_digit)
    cu = _running_count((c & _UPPER) != 0)
    # starts of digit runs inside tokens; a token with exactly one has its digits together
    run_start = is_digit.copy()
    run_start[1:] &= ~is_digit[:-1]
    run_start[rank] = is_digit[rank]
    starts_at = np.flatnonzero(run_start).astype(np.int64)
    cr = _running_count(run_start)
    runs = cr[rend] - cr[rank]
    at = (
        alnum_pos[starts_at[np.minimum(cr[rank], max(len(starts_at) - 1, 0))]]
        if len(starts_at)
        else ts
    )
    at = np.where(runs == 1, at, -1)
    digits = (cd[rend] - cd[rank]).astype(np.int64)
    upper = (cu[rend] - cu[rank]).astype(np.int64)
    return _Tokens(ts, te, tv, digits, upper, at.astype(np.int64), rank)


def _running_count(flags: Mask) -> npt.NDArray[np.int32]:
    """``out[i]`` = how many of ``flags[:i]`` are set (length ``len(flags) + 1``).

    >>> _running_count(np.array([True, False, True])).tolist()
    [0, 1, 1, 2]
    """
    out = np.zeros(len(flags) + 1, dtype=np.int32)
    np.cumsum(flags.astype(np.int32), out=out[1:])
    return out


def _links(tok: _Tokens, data: U8, cls: U8) -> Mask:
    """Whether token k and k+1 are joined by exactly one separator character."""
    if len(tok.start) < 2:
        return np.zeros(0, dtype=bool)
    gap_s = tok.end[:-1]
    gap_n = tok.start[1:] - gap_s
    same = tok.value[1:] == tok.value[:-1]
    ok = same & (gap_n >= 1) & (gap_n <= 3)
    idx = np.flatnonzero(ok)
    if len(idx) == 0:
        return np.asarray(ok, dtype=bool)
    g = gap_s[idx]
    n = gap_n[idx]
    sep = np.ones(len(idx), dtype=bool)
    for k in range(3):
        pos = np.minimum(g + k, len(data) - 1)
        sep &= (k >= n) | ((cls[pos] & _SEP) != 0)
    lead = data[g]
    single = (n == 1) | ((n == 2) & (lead >= 0xC0) & (lead < 0xE0)) | ((n == 3) & (lead >= 0xE0))
    ok[idx] = sep & single
    return np.asarray(ok, dtype=bool)


@dataclass
class _Cands:
    """Candidate spans: buffer byte range, value, normalised length and first alnum rank."""

    start: I64
    end: I64
    value: I64
    length: I64
    rank: I64
    digits: I64
    upper: I64
    single: Mask  # one token (not a group)
    #: candidates ``groups[0]`` to ``groups[1]`` join tokens across separators; every other
    #: candidate's characters sit back to back in the buffer from ``start``
    groups: tuple[int, int] = (0, 0)


def _candidates(tok: _Tokens, link: Mask) -> _Cands:
    """Every token, and every run of 2+ linked digit tokens (the last may end in X).

    Only candidates of a length some validator reads are kept (:data:`_CHECKED`): words,
    plate bodies and short numbers are tokens, never candidates of any kind.
    """
    n = len(tok.start)
    length = tok.end - tok.start
    is_digits = tok.digits == length
    # resident IDs written 6-8-4 end in a token like "002X"
    x_last = (tok.digits == length - 1) & (tok.upper + tok.digits == length)
    one = np.flatnonzero(_CHECKED[np.minimum(length, MAX_LENGTH + 1)])
    ranks = [tok.rank[one]]
    starts, ends, vals, lens, digs, ups = (
        [tok.start[one]],
        [tok.end[one]],
        [tok.value[one]],
        [length[one]],
        [tok.digits[one]],
        [tok.upper[one]],
    )
    singles = [np.ones(len(one), dtype=bool)]
    grouped = len(one)
    run = np.zeros(0, dtype=bool)
    total = length.copy()
    for j in range(1, MAX_GROUP_TOKENS):
        m = n - j  # windows [k, k+j] for k < m
        if m <= 0:
            break
        step = is_digits[j - 1 : j - 1 + m] & link[j - 1 : j - 1 + m]
        run = step if j == 1 else run[:m] & step
        total = total[:m] + length[j : j + m]
        if not run.any():
            break
        sel = run & (is_digits[j : j + m] | x_last[j : j + m]) & (total <= MAX_LENGTH)
        sel &= _CHECKED[np.minimum(total, MAX_LENGTH + 1)]
        idx = np.flatnonzero(sel)
        if len(idx) == 0:
            continue
        starts.append(tok.start[idx])
        ranks.append(tok.rank[idx])
        ends.append(tok.end[idx + j])
        vals.append(tok.value[idx])
        lens.append(total[idx])
        ups.append(tok.upper[idx + j])
        digs.append(total[idx] - tok.upper[idx + j])
        singles.append(np.zeros(len(idx), dtype=bool))
        grouped += len(idx)
    # a number glued after a word ("tel13800138000", "No6222..."): a token of two or more
    # letters then only digits yields its digits as a candidate too. A digit run with letters
    # after it, or after a single letter (part numbers A1380013800B, hashes), stays inside
    # its token.
    prefix = tok.digit_run_at - tok.start
    split = (tok.digit_run_at >= 0) & (prefix >= 2) & (tok.digit_run_at + tok.digits == tok.end)
    split &= _CHECKED[np.minimum(tok.digits, MAX_LENGTH + 1)]
    if split.any():
        k = np.flatnonzero(split)
        starts.append(tok.digit_run_at[k])
        ranks.append(tok.rank[k] + prefix[k])
        ends.append(tok.digit_run_at[k] + tok.digits[k])
        vals.append(tok.value[k])
        lens.append(tok.digits[k])
        digs.append(tok.digits[k])
        ups.append(np.zeros(len(k), dtype=np.int64))
        singles.append(np.zeros(len(k), dtype=bool))
    start = np.concatenate(starts)
    return _Cands(
        start,
        np.concatenate(ends),
        np.concatenate(vals),
        np.concatenate(lens),
        np.concatenate(ranks),
        np.concatenate(digs),
        np.concatenate(ups),
        np.concatenate(singles),
        (len(one), grouped),
    )


def _matrix(data: U8, alnum_pos: I64, rank: I64, width: int) -> U8:
    """Normalised bytes of candidates with ``width`` alnum characters starting at ``rank``.

    Most candidates are written without separators: their characters sit back to back, and
    one gather of byte windows replaces an index matrix eight times their size.
    """
    if len(rank) == 0 or width == 0:
        return np.asarray(data[alnum_pos[rank[:, None] + np.arange(width)]], dtype=np.uint8)
    first = alnum_pos[rank]
    whole = alnum_pos[rank + (width - 1)] - first == width - 1
    windows = np.lib.stride_tricks.sliding_window_view(data, width)
    if whole.all():
        return np.asarray(windows[first], dtype=np.uint8)
    out = np.empty((len(rank), width), dtype=np.uint8)
    out[whole] = windows[first[whole]]
    split = ~whole
    out[split] = data[alnum_pos[rank[split][:, None] + np.arange(width)]]
    return out


def _strings(mat: U8) -> pa.Array:
    """Rows of a byte matrix as a string array (the matrix's memory, not a copy).

    >>> _strings(np.frombuffer(b"abcd", np.uint8).reshape(2, 2)).to_pylist()
    ['ab', 'cd']
    """
    n, w = mat.shape if mat.ndim == 2 else (0, 0)
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int32)
    body = np.ascontiguousarray(mat, dtype=np.uint8).reshape(-1)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(body)])


@dataclass
class _Found:
    value: list[I64] = field(default_factory=list)
    start: list[I64] = field(default_factory=list)
    end: list[I64] = field(default_factory=list)
    mats: list[pa.Array] = field(default_factory=list)

    def add(self, c: _Cands, sel: I64, values: pa.Array) -> None:
        """Candidates ``sel`` (ascending indices) with their normalised ``values``."""
        self.value.append(c.value[sel])
        self.start.append(c.start[sel])
        self.end.append(c.end[sel])
        self.mats.append(values)


_ValidatorFn = Callable[[U8], Mask]
# kind, normalised length, shape test, validator
_DIGIT_KINDS: tuple[tuple[str, int, _ValidatorFn], ...] = (
    ("phone", 11, v.mobile_rows),
    ("id_number", 18, v.resident_id_rows),
    *(("bank_card", w, v.bank_card_rows) for w in range(13, 20)),
)


def _passport_rows(mat: U8) -> Mask:
    # E + 8 digits, E + letter (no I/O) + 7 digits, G + 8 digits (ordinary passports)
    return _series_rows(mat, b"EG", b"E")


def _permit_rows(mat: U8) -> Mask:
    # C + 8 digits or C + letter + 7 (HK/Macao exit-entry permit); H/M + 8 (+2) home-return
    return _series_rows(mat, b"CHM", b"C")


def _series_rows(mat: U8, series: bytes, lettered: bytes) -> Mask:
    if len(mat) == 0 or mat.shape[1] not in (9, 11):
        return np.zeros(len(mat), dtype=bool)
    head = mat[:, 0]
    ok = np.isin(head, np.frombuffer(series, dtype=np.uint8))
    digits = (mat[:, 2:] >= 48) & (mat[:, 2:] <= 57)
    second_digit = (mat[:, 1] >= 48) & (mat[:, 1] <= 57)
    second_letter = (
        (mat[:, 1] >= 65) & (mat[:, 1] <= 90) & (mat[:, 1] != ord("I")) & (mat[:, 1] != ord("O"))
    )
    lettered_ok = np.isin(head, np.frombuffer(lettered, dtype=np.uint8)) & second_letter
    if mat.shape[1] == 11:
        # only home-return permits carry 10 digits
        ok &= np.isin(head, np.frombuffer(b"HM", dtype=np.uint8)) & second_digit
    else:
        ok &= second_digit | lettered_ok
    return np.asarray(ok & digits.all(axis=1), dtype=bool)


_ALNUM_KINDS: tuple[tuple[str, int, _ValidatorFn], ...] = (
    ("vin", 17, v.vin_rows),
    ("org_id", 18, v.uscc_rows),
    ("passport", 9, _passport_rows),
    ("travel_permit", 9, _permit_rows),
    ("travel_permit", 11, _permit_rows),
)


#: Widths of whole-token identifiers (validated straight from a fixed-width byte matrix).
FAST_WIDTHS = frozenset(w for _k, w, _f in (*_DIGIT_KINDS, *_ALNUM_KINDS))
#: Phones written with a +86 / 0086 country prefix: (digits, prefix length, prefix).
_PREFIXED_PHONES = ((13, 2, b"86"), (15, 4, b"0086"))
#: Candidate lengths some validator reads (index: length, capped at ``MAX_LENGTH + 1``).
_CHECKED = np.zeros(MAX_LENGTH + 2, dtype=bool)
_CHECKED[[*FAST_WIDTHS, *(w for w, _s, _h in _PREFIXED_PHONES)]] = True
_UPPERCASED = frozenset({"vin", "org_id", "id_number"})
#: Kinds whose first character is always a digit, or always a letter.
_DIGIT_LED = frozenset({k for k, _w, _f in _DIGIT_KINDS} | {"org_id"})
_LETTER_LED = frozenset({"passport", "travel_permit"})


def validate_tokens(mat: U8) -> list[tuple[str, I64, pa.Array]]:
    """Validate rows that are each one clean token, for every kind of their width.

    Returns (kind, valid row indices, normalised values) per kind with at least one hit.

    >>> [(k, r.tolist()) for k, r, _ in validate_tokens(np.frombuffer(b"13800138000", np.uint8).reshape(1, 11))]
    [('phone', [0])]
    """
    out: list[tuple[str, I64, pa.Array]] = []
    if mat.ndim != 2 or len(mat) == 0:
        return out
    width = mat.shape[1]
    specs = [(k, fn) for k, w, fn in (*_DIGIT_KINDS, *_ALNUM_KINDS) if w == width]
    if not specs:
        return out
    # every digit kind (and a USCC) starts with a digit, passports and permits with a letter:
    # a matrix whose rows all start with a letter (a VIN column) or all with a digit (a phone
    # column) skips the validators that would reject every row
    led = v._IS_DIGIT[mat[:, 0]]
    n_digit_led = int(np.count_nonzero(led))
    # lower-case letters read as upper case; without any (no byte from "a" up: the maximum,
    # one fast pass), the matrix is its own upper case
    upper = v._UPPER[mat] if any(k in _UPPERCASED for k, _f in specs) and mat.max() >= 97 else mat
    for kind, fn in specs:
        if (kind in _DIGIT_LED and not n_digit_led) or (
            kind in _LETTER_LED and n_digit_led == len(mat)
        ):
            continue
        m = upper if kind in _UPPERCASED else mat
        ok = fn(m)
        rows = np.flatnonzero(ok)
        if not len(rows):
            continue
        # every row valid: the matrix itself holds the values (no copy of them)
        out.append((kind, rows, _strings(m if len(rows) == len(m) else m[rows])))
    return out


def _whole(
    offs: I64, data: U8, value: I64, start: I64, end: I64
) -> Mask:  # span covers the value but for blanks
    vs, ve = offs[value], offs[value + 1]
    lead = start - vs
    trail = ve - end
    ok = (lead <= 3) & (trail <= 3)
    # only spans with at most three bytes around them are looked at (free text has few)
    idx = np.flatnonzero(ok & ((lead > 0) | (trail > 0)))
    if len(idx) == 0:
        return ok
    sub = np.ones(len(idx), dtype=bool)
    for pos, n in ((vs[idx], lead[idx]), (end[idx], trail[idx])):
        for k in range(3):
            p = np.minimum(pos + k, max(len(data) - 1, 0))
            sub &= (k >= n) | (data[p] == 32) | (data[p] == 9)
    ok[idx] = sub
    return ok


def extract(values: pa.Array, kinds: frozenset[str] | None = None) -> Extraction:
    """Every valid identifier in ``values`` (a string array), by kind.

    >>> ex = extract(pa.array(["身份证220621199804122975，银行卡6222029057807361929",
    ...                        "电话 155-9491-2123 或 187 7517 9154", "吉K 4MCWH", None]))
    >>> ex.get("bank_card").values.to_pylist(), ex.get("id_number").value.tolist()
    (['6222029057807361929'], [0])
    >>> ex.get("phone").values.to_pylist(), ex.get("plate").values.to_pylist()
    (['15594912123', '18775179154'], ['吉K4MCWH'])
    >>> extract(pa.array(["hash 3F13800138000A2B", "uuid 550e8400-e29b-41d4-a716-446655440000"])).spans
    {}
    """
    kinds = frozenset(KINDS) if kinds is None else kinds
    values = as_string_array(values)
    offs, data = value_bytes(values)
    out = Extraction(len(values))
    if len(data) == 0:
        return out
    found: dict[str, _Found] = {}
    tok, link, text = tokenize(offs, data)
    if len(tok.start):
        cands = _candidates(tok, link)
        _validate_digits(cands, text, kinds, found)
        _validate_alnum(cands, text, kinds, found)
        if "plate" in kinds:
            _plates(tok, link, text, offs, found)
    if "email" in kinds and (data == ord("@")).any():
        _emails(values, offs, found)
    for kind, f in found.items():
        one = len(f.value) == 1  # one pass found them all: its arrays as they are
        value = f.value[0] if one else np.concatenate(f.value)
        start = f.start[0] if one else np.concatenate(f.start)
        end = f.end[0] if one else np.concatenate(f.end)
        norm = f.mats[0] if one else pa.concat_arrays(f.mats)
        if not _disjoint_in_order(value, start, end):
            # spans of several passes (or nested ones): put in order, drop the inner ones
            order = _outermost(value, start, end)
            value, start, end, norm = value[order], start[order], end[order], norm.take(order)
        out.spans[kind] = Spans(
            value,
            start - offs[value],
            end - offs[value],
            norm,
            _whole(offs, data, value, start, end),
        )
    return out


def _outermost(value: I64, start: I64, end: I64) -> I64:
    """Indices of spans in (value, start) order, dropping spans inside an earlier longer one.

    ``+86 138 0013 8000`` is one phone, not two (with and without its country code).

    >>> _outermost(np.array([0, 0, 1]), np.array([0, 4, 20]), np.array([17, 17, 23])).tolist()
    [0, 2]
    """
    ascending = _ascending(value, start)
    order = np.arange(len(value)) if ascending else np.lexsort((-end, start, value))
    s, e = start[order], end[order]
    # buffer positions grow with the value index, so one running maximum serves all values
    reach = np.maximum.accumulate(e)
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = s[1:] >= reach[:-1]
    return np.asarray(order[keep], dtype=np.int64)


def _disjoint_in_order(value: I64, start: I64, end: I64) -> bool:
    """Whether :func:`_outermost` would keep every span where it is (the usual case).

    Spans in (value, start) order, each starting at or after every earlier one's end: the
    order, the running maximum and the kept spans of :func:`_outermost` without its copies.

    >>> _disjoint_in_order(np.array([0, 0, 1]), np.array([0, 4, 20]), np.array([3, 17, 23]))
    True
    >>> _disjoint_in_order(np.array([0, 0]), np.array([0, 4]), np.array([17, 17]))
    False
    """
    if len(value) < 2:
        return True
    if not _ascending(value, start):
        return False
    return bool((start[1:] >= np.maximum.accumulate(end[:-1])).all())


def _ascending(value: I64, start: I64) -> bool:
    """Whether spans are already in (value, start) order without ties (one kind's plates).

    >>> _ascending(np.array([0, 0, 1]), np.array([0, 4, 20])), _ascending(np.array([0, 0]), np.array([4, 4]))
    (True, False)
    """
    return bool((start[1:] > start[:-1]).all() and (value[1:] >= value[:-1]).all())


def _validate_digits(
    c: _Cands, text: _Text, kinds: frozenset[str], found: dict[str, _Found]
) -> None:
    digitsonly = c.digits == c.length
    for kind, width, fn in _DIGIT_KINDS:
        if kind not in kinds:
            continue
        if kind == "id_number":
            shape = (c.length == 18) & ((c.digits == 18) | ((c.digits == 17) & (c.upper <= 1)))
        else:
            shape = digitsonly & (c.length == width)
        _check(c, shape, width, 0, text, fn, kind, found)
    if "phone" in kinds:
        # +86 / 0086 country prefix glued to or grouped with the number
        for width, skip, head in _PREFIXED_PHONES:
            shape = digitsonly & (c.length == width)
            if shape.any():
                m = _cand_matrix(c, np.flatnonzero(shape), text, skip)
                good = (m == np.frombuffer(head, dtype=np.uint8)).all(axis=1)
                shape[np.flatnonzero(shape)[~good]] = False
            _check(c, shape, 11, skip, text, v.mobile_rows, "phone", found)


def _validate_alnum(
    c: _Cands, text: _Text, kinds: frozenset[str], found: dict[str, _Found]
) -> None:
    for kind, width, fn in _ALNUM_KINDS:
        if kind not in kinds:
            continue
        shape = c.single & (c.length == width)
        if kind == "org_id":
            shape &= c.digits >= 8
        elif kind == "vin":
            shape &= c.length - c.digits >= 2  # a VIN has letters (vin_rows asks for two)
        else:
            shape &= c.upper >= 1  # passports and permits start with an upper-case letter
        _check(c, shape, width, 0, text, fn, kind, found)


def _check(
    c: _Cands,
    shape: Mask,
    width: int,
    skip: int,
    text: _Text,
    fn: _ValidatorFn,
    kind: str,
    found: dict[str, _Found],
) -> None:
    idx = np.flatnonzero(shape)
    if len(idx) == 0:
        return
    mat = _cand_matrix(c, idx, text, width, skip)
    # lower-case x / vin letters read as upper case; without any (no byte from "a" up: the
    # maximum, one fast pass), the matrix is its own upper case
    if kind in _UPPERCASED and len(mat) and mat.max() >= 97:
        mat = v._UPPER[mat]
    ok = fn(mat)
    n_ok = int(np.count_nonzero(ok))
    if not n_ok:
        return
    # every candidate valid: the matrix itself holds the values (no copy of them)
    found.setdefault(kind, _Found()).add(c, idx[ok], _strings(mat if n_ok == len(mat) else mat[ok]))


def _cand_matrix(c: _Cands, idx: I64, text: _Text, width: int, skip: int = 0) -> U8:
    """Normalised bytes of candidates ``idx`` (``width`` letters/digits after ``skip``).

    A candidate that is not a group is written without separators: its bytes are one slice
    of the buffer, taken as a window; only groups are read letter by letter.
    """
    g0, g1 = c.groups
    joined = (idx >= g0) & (idx < g1)
    n_joined = int(np.count_nonzero(joined))
    if n_joined == len(idx):
        return text.matrix(c.rank[idx], width, skip)
    if n_joined == 0:
        return windows(text.data, c.start[idx] + skip, width)
    out = np.empty((len(idx), width), dtype=np.uint8)
    out[~joined] = windows(text.data, c.start[idx[~joined]] + skip, width)
    out[joined] = text.matrix(c.rank[idx[joined]], width, skip)
    return out


def windows(data: U8, at: I64, width: int, *, native: bool = True) -> U8:
    """The ``width`` bytes of ``data`` from each position of ``at``, as a matrix.

    The native kernel copies each window whole; the twin (``native=False``, or no kernel)
    indexes numpy's sliding windows, a walk of the index machinery per row.

    >>> windows(np.frombuffer(b"abcdef", np.uint8), np.array([4, 0]), 2).tobytes()
    b'efab'
    """
    if native and _native is not None:
        raw = _native.windows(data, np.ascontiguousarray(at, dtype=np.int64), width)
        return np.frombuffer(raw, dtype=np.uint8).reshape(len(at), width)
    view = np.lib.stride_tricks.sliding_window_view(data, width)
    return np.asarray(view[at], dtype=np.uint8)


_PLATE_LETTER = np.zeros(256, dtype=bool)
_PLATE_LETTER[[ord(c) for c in "ABCDEFGHJKLMNPQRSTUVWXYZ"]] = True
# the issuing-authority letter (second character) may also be O (public-security vehicles)
_AUTHORITY_LETTER = _PLATE_LETTER.copy()
_AUTHORITY_LETTER[ord("O")] = True
_PLATE_DIGIT = np.zeros(256, dtype=bool)
_PLATE_DIGIT[ord("0") : ord("9") + 1] = True
_PLATE_LN = _PLATE_LETTER | _PLATE_DIGIT
_NEV_LETTER = np.zeros(256, dtype=bool)
_NEV_LETTER[[ord(c) for c in "ABCDEFGHJK"]] = True


def _plate_body(body: U8, suffixed: Mask) -> Mask:
    """GA 36 plate forms on the characters after the province (upper case only).

    6 characters: letter + 5 letters/digits (standard); 7: new-energy (letter, D-class letter,
    letter/digit, 4 digits; or letter, 5 digits, D-class letter); 5 + a suffix character
    (挂学警港澳领, 应急).
    """
    w = body.shape[1]
    ok = _AUTHORITY_LETTER[body[:, 0]]
    if w == 5:
        return np.asarray(ok & _PLATE_LN[body[:, 1:]].all(axis=1) & suffixed, dtype=bool)
    if w == 6:
        return np.asarray(ok & _PLATE_LN[body[:, 1:]].all(axis=1) & ~suffixed, dtype=bool)
    small = _NEV_LETTER[body[:, 1]] & _PLATE_LN[body[:, 2]] & _PLATE_DIGIT[body[:, 3:]].all(axis=1)
    large = _PLATE_DIGIT[body[:, 1:6]].all(axis=1) & _NEV_LETTER[body[:, 6]]
    return np.asarray(ok & (small | large) & ~suffixed, dtype=bool)


def _plates(
    tok: _Tokens,
    link: Mask,
    text: _Text,
    offs: I64,
    found: dict[str, _Found],
) -> None:
    """Province character + letter + 4-6 characters, optionally split by one separator."""
    data = text.data
    if text.alnum_pos is None and _native is not None:
        got = _native.plates(
            offs,
            data,
            tok.start,
            tok.end,
            tok.value,
            link,
            _PROVINCES,
            (_EMERGENCY, *_PLATE_SUFFIXES),
            _AUTHORITY_LETTER,
            _PLATE_LN,
            _PLATE_DIGIT,
            _NEV_LETTER,
        )
        value, start, end = (np.frombuffer(b, dtype=np.int64) for b in got[:3])
        if len(value):
            f = found.setdefault("plate", _Found())
            f.value.append(value)
            f.start.append(start)
            f.end.append(end)
            f.mats.append(
                pa.Array.from_buffers(
                    pa.string(), len(value), [None, pa.py_buffer(got[3]), pa.py_buffer(got[4])]
                )
            )
        return
    n = len(tok.start)
    length = tok.end - tok.start
    # the province character, right before the token or one space before it
    spaced = (tok.start >= 4) & (data[np.maximum(tok.start - 1, 0)] == 32)
    pstart = np.where(spaced, tok.start - 4, tok.start - 3)
    prov = (pstart >= offs[tok.value]) & _province_at(data, np.maximum(pstart, 0))
    last = np.arange(n)
    pair = np.zeros(n, dtype=bool)
    if n > 1:
        pair[:-1] = prov[:-1] & (length[:-1] == 1) & link & np.isin(length[1:], (4, 5, 6))
        last = np.where(pair, np.minimum(last + 1, n - 1), last)
    width = np.where(pair, 1 + length[last], length)
    cand = (prov & (length >= 5) & (length <= 7) & ~pair) | pair
    for w in (5, 6, 7):
        k = np.flatnonzero(cand & (width == w))
        if len(k) == 0:
            continue
        # only genuine upper-case letters count: lower-case text is not a plate
        body_raw = text.matrix(tok.rank[k], w)
        body = v._UPPER[body_raw]
        upper_ok = (body == body_raw).all(axis=1)
        end = tok.end[last[k]]
        vend = offs[tok.value[k] + 1]
        suffix_len = _suffix_len(data, end, vend)
        ok = _plate_body(body, suffix_len > 0) & upper_ok
        if not ok.any():
            continue
        k, end, suffix_len, body = k[ok], end[ok], suffix_len[ok], body[ok]
        f = found.setdefault("plate", _Found())
        f.value.append(tok.value[k])
        f.start.append(pstart[k])
        f.end.append(end + suffix_len)
        f.mats.append(_plate_texts(data, pstart[k], body, end, suffix_len))


def _plate_texts(data: U8, pstart: I64, body: U8, end: I64, suffix_len: I64) -> pa.Array:
    """Province character + normalised body + special suffix of each plate, as strings.

    Built as one byte matrix and a ragged selection (no Python work per plate). The bytes are
    valid UTF-8: a province character checked in the table, ASCII, a suffix from the table.

    >>> d = np.frombuffer("京a12345学".encode(), np.uint8)
    >>> b = np.frombuffer(b"A12345", np.uint8)[None, :]
    >>> _plate_texts(d, np.array([0]), b, np.array([9]), np.array([3])).to_pylist()
    ['京A12345学']
    """
    m, w = body.shape
    head = data[pstart[:, None] + np.arange(3)]
    wide = int(suffix_len.max(initial=0))
    pad = np.concatenate([data, np.zeros(wide, dtype=np.uint8)])
    tail = pad[end[:, None] + np.arange(wide)]
    mat = np.concatenate([head, body.astype(np.uint8), tail], axis=1)
    lens = 3 + w + suffix_len
    flat = mat[np.arange(3 + w + wide)[None, :] < lens[:, None]] if wide else mat.ravel()
    offsets = np.zeros(m + 1, dtype=np.int32)
    np.cumsum(lens, out=offsets[1:])
    return pa.Array.from_buffers(
        pa.string(), m, [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(flat.tobytes())]
    )


def _suffix_len(data: U8, end: I64, vend: I64) -> I64:
    """Bytes of a special-plate suffix (挂学警港澳领 or 应急) right after ``end``, else 0."""
    out = np.zeros(len(end), dtype=np.int64)
    # every suffix is a three-byte character: only plates followed by a lead byte of one
    # (0xE0-0xEF) with room for it in their value can carry one
    lead = data[np.minimum(end, max(len(data) - 1, 0))] if len(data) else end.astype(np.uint8)
    k = np.flatnonzero((end + 3 <= vend) & (lead >= 0xE0) & (lead < 0xF0))
    if len(k) == 0:
        return out
    pad = np.concatenate([data, np.zeros(6, dtype=np.uint8)])
    e, ve = end[k], vend[k]
    head = pad[e[:, None] + np.arange(6)]
    got = np.zeros(len(k), dtype=np.int64)
    for seq in (_EMERGENCY, *_PLATE_SUFFIXES):
        n = len(seq)
        hit = (head[:, :n] == np.frombuffer(seq, dtype=np.uint8)).all(axis=1) & (e + n <= ve)
        got = np.where((got == 0) & hit, n, got)
    out[k] = got
    return out


def _province_at(data: U8, pos: I64) -> Mask:
    pad = np.concatenate([data, np.zeros(3, dtype=np.uint8)])
    head = pad[pos[:, None] + np.arange(3)]
    code = (head[:, 0].astype(np.int64) << 16) | (head[:, 1].astype(np.int64) << 8) | head[:, 2]
    return np.isin(code, _PROVINCE_CODES)


_PROVINCE_CODES = np.array(
    [
        (b[0] << 16) | (b[1] << 8) | b[2]
        for b in (c.encode("utf-8") for c in v.PROVINCE_PLATE_CHARS)
    ],
    dtype=np.int64,
)


def _emails(values: pa.Array, offs: I64, found: dict[str, _Found]) -> None:
    import pyarrow.compute as pc

    has = np.asarray(
        pc.fill_null(pc.match_substring(values, "@"), False).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    f = _Found()
    vals: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    for i in np.flatnonzero(has):
        raw = values[int(i)].as_py().encode("utf-8")
        for m in _EMAIL_BYTES.finditer(raw):
            vals.append(int(i))
            starts.append(int(offs[i]) + m.start())
            ends.append(int(offs[i]) + m.end())
            texts.append(m.group().decode("ascii"))
    if vals:
        f.value.append(np.array(vals, dtype=np.int64))
        f.start.append(np.array(starts, dtype=np.int64))
        f.end.append(np.array(ends, dtype=np.int64))
        f.mats.append(pa.array(texts, pa.string()))
        found["email"] = f


_EMAIL_BYTES = __import__("re").compile(
    rb"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9\-])"
)
