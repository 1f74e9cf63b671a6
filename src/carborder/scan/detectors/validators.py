"""Check-digit and format validators for Chinese and vehicle identifiers, vectorised over bytes.

Each ``*_rows`` function takes an n×width uint8 matrix (see ``arrowtools.byte_matrix``) and
returns a boolean mask; the ``is_*`` wrappers validate one string and carry the examples.
Allocation and code tables (mobile number blocks, GB/T 2260 division codes, card issuer
ranges) come from cited data files through :mod:`carborder.scan.detectors.tables`.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import numpy.typing as npt

from carborder.scan.detectors import tables
from carborder.scan.detectors.native import kernel as _native

__all__ = [
    "MOBILE_PREFIXES",
    "PLATE_RE",
    "PROVINCE_CODES",
    "PROVINCE_PLATE_CHARS",
    "USCC_ALPHABET",
    "bank_card_rows",
    "is_bank_card",
    "is_email",
    "is_hk_macau_permit",
    "is_mobile",
    "is_passport",
    "is_plate",
    "is_resident_id",
    "is_uscc",
    "is_vin",
    "luhn_ok",
    "mobile_rows",
    "normalise_mobile",
    "resident_id_check_char",
    "resident_id_rows",
    "resident_id_shape_rows",
    "uscc_check_char",
    "uscc_rows",
    "vin_check_char",
    "vin_rows",
]

Mask = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]

# GB/T 2260 provincial-level prefixes (first two digits of a resident ID); 71 Taiwan,
# 81/82/83 the residence permits for Hong Kong, Macao and Taiwan residents.
PROVINCE_CODES = frozenset(
    (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50)
) | frozenset((51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83))

_REGION_WEIGHTS = 10 ** np.arange(5, -1, -1, dtype=np.int64)
_REGION_WEIGHTS32 = _REGION_WEIGHTS.astype(np.int32)
#: Earliest birth year read as a date of birth (older numbers are not issued to the living).
_MIN_BIRTH_YEAR = 1900
#: GB 11643-1999: citizen identity numbers are assigned at birth registration from then on.
_NUMBER_AT_BIRTH_SINCE = 1999

# GB 11643 check digit: weights 2^(17-i) mod 11, remainder indexes "10X98765432".
_ID_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_ID_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)

#: Mainland mobile 3-digit segments with at least one allocated block (for quick filters);
#: :func:`mobile_rows` checks the 5-digit blocks of ``cn_mobile_allocations.tsv``.
MOBILE_PREFIXES = frozenset(
    int(block) // 100 for block in np.flatnonzero(tables.mobile_prefix_table())
)

# ISO 3779 transliteration; I, O and Q never occur in a VIN.
_VIN_VALUE = np.full(256, -1, dtype=np.int64)
for _c, _v in zip("0123456789", range(10), strict=True):
    _VIN_VALUE[ord(_c)] = _v
for _c, _v in zip(
    "ABCDEFGHJKLMNPRSTUVWXYZ",
    [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
    strict=True,
):
    _VIN_VALUE[ord(_c)] = _v
_VIN_WEIGHTS = np.array([8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2], dtype=np.int64)
_VIN_CHECK = np.frombuffer(b"0123456789X", dtype=np.uint8)
_VIN_BAD_YEAR = np.zeros(256, dtype=bool)
_VIN_BAD_YEAR[[ord(c) for c in "IOQUZ0ioquz"]] = True
# Lower-case letters read as upper case; small lookup tables keep validation in int16/bool.
_UPPER = np.arange(256, dtype=np.uint8)
_UPPER[ord("a") : ord("z") + 1] -= 32
_VIN_VALUE[ord("a") : ord("z") + 1] = _VIN_VALUE[ord("A") : ord("Z") + 1]
_VIN_VALUE16 = _VIN_VALUE.astype(np.int16)
_VIN_WEIGHTS32 = _VIN_WEIGHTS.astype(np.int32)
_IS_DIGIT = np.zeros(256, dtype=bool)
_IS_DIGIT[ord("0") : ord("9") + 1] = True
_IS_LETTER = np.zeros(256, dtype=bool)
_IS_LETTER[ord("A") : ord("Z") + 1] = True
_IS_LETTER[ord("a") : ord("z") + 1] = True


def _vin_lut() -> npt.NDArray[np.uint32]:
    # One gather per byte does all of a VIN's per-position work: bits 0-10 sum the weighted
    # values (at most 17 * 10 * 9 < 2**11), bits 11-15 count letters, bits 16+ count rule
    # breaks (a character outside the alphabet, a bad year code, a letter in the serial).
    lut = np.zeros((17, 256), dtype=np.uint32)
    valid = _VIN_VALUE >= 0
    for i in range(17):
        lut[i] = np.where(valid, _VIN_WEIGHTS[i] * np.maximum(_VIN_VALUE, 0), 0)
        lut[i] += _IS_LETTER.astype(np.uint32) << 11
        bad = ~valid
        if i == 9:
            bad = bad | _VIN_BAD_YEAR
        if i >= 13:
            bad = bad | ~_IS_DIGIT
        lut[i] += bad.astype(np.uint32) << 16
    return lut.ravel()


_VIN_LUT17 = _vin_lut().reshape(17, 256)

PROVINCE_PLATE_CHARS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_P = f"[{PROVINCE_PLATE_CHARS}]"
_L = "[A-HJ-Z]"  # authority letter: never I; O is used by public-security vehicles
_LN = "[A-HJ-NP-Z0-9]"
# GA 36: standard 7-character plates (last position may be 挂 trailer, 学 coach, 警 police,
# 港/澳 cross-border, 领 consulate), 8-character new-energy plates (small: D/F-class letter
# then 5; large: 5 then D/F-class letter), emergency 应急, embassy 使, armed police WJ.
PLATE_RE = re.compile(
    rf"(?:{_P}{_L}{_LN}{{4}}[A-HJ-NP-Z0-9挂学警港澳领]"
    rf"|{_P}{_L}[DABCEFGHJK]{_LN}[0-9]{{4}}"
    rf"|{_P}{_L}[0-9]{{5}}[DABCEFGHJK]"
    rf"|{_P}{_L}{_LN}{{4}}应急"
    rf"|使[0-9]{{6}}|[0-9]{{3}}使[0-9]{{3}}"
    rf"|WJ{_P}?[0-9]{{4}}{_LN})"
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# Ordinary passports E + 8 digits or E + letter + 7 digits (2012+); older G + 8 digits.
_PASSPORT_RE = re.compile(r"(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8})")
# Exit-entry permit for Hong Kong and Macao (C + 8, or C + letter + 7) and the home-return
# permit (H/M + 8 digits, + 2 digits after 2013).
_PERMIT_RE = re.compile(r"(?:C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}|[HM][0-9]{8}(?:[0-9]{2})?)")


def _contiguous(mat: U8) -> U8:
    """A matrix the native kernel can read (C order, one byte per character)."""
    return np.ascontiguousarray(mat, dtype=np.uint8)


def _mask(raw: bytearray) -> Mask:
    """A native kernel's 0/1 bytes as a boolean mask (a view, no copy)."""
    return np.frombuffer(raw, dtype=bool)


def _digits(mat: U8) -> tuple[npt.NDArray[np.int64], Mask]:
    d = mat.astype(np.int64) - 48
    ok: Mask = np.asarray(((d >= 0) & (d <= 9)).all(axis=1), dtype=bool)
    return d, ok


def resident_id_shape_rows(mat: U8, *, today: date | None = None) -> Mask:
    """Rows that have a resident ID's region and birth date, whatever their check digit.

    >>> m = np.frombuffer(b"110105194912310021", dtype=np.uint8).reshape(1, 18)
    >>> resident_id_shape_rows(m).tolist(), resident_id_rows(m).tolist()
    ([True], [False])
    """
    return resident_id_rows(mat, today=today, check=False)


def resident_id_rows(mat: U8, *, today: date | None = None, check: bool = True) -> Mask:
    """Validate 18-byte rows as GB 11643 resident IDs: digits, check digit, region, birth date.

    The region must be a GB/T 2260 code that was issued (``gbt2260_codes.tsv``).

    >>> m = np.frombuffer(b"11010519491231002X11010519491231002Y", dtype=np.uint8).reshape(2, 18)
    >>> resident_id_rows(m).tolist()
    [True, False]
    >>> is_resident_id("11019919491231002X")  # county 110199 never existed
    False
    """
    if _native is not None and len(mat) and mat.shape[1] == 18:
        codes = tables.region_codes()
        today = today or date.today()
        return _mask(
            _native.resident_id(
                _contiguous(mat),
                codes.first,
                codes.last,
                _ID_WEIGHTS,
                _ID_CHECK.tobytes(),
                _DAYS,
                (today.year * 100 + today.month) * 100 + today.day,
                _NUMBER_AT_BIRTH_SINCE,
                _MIN_BIRTH_YEAR,
                check,
            )
        )
    return _resident_id_rows(mat, today=today, check=check)


def _resident_id_rows(mat: U8, *, today: date | None = None, check: bool = True) -> Mask:
    """The numpy twin of :func:`resident_id_rows` (the native kernel must agree with it)."""
    if len(mat) == 0:
        return np.zeros(0, dtype=bool)
    digits = _IS_DIGIT[mat[:, :17]].all(axis=1)
    if not digits.all():
        # validate the rows that can be IDs only (the rest are false)
        out = np.zeros(len(mat), dtype=bool)
        rows = np.flatnonzero(digits)
        if len(rows):
            out[rows] = _resident_id_rows(mat[rows], today=today, check=check)
        return out
    d, ok = _digits(mat[:, :17])
    last = mat[:, 17].copy()
    last[last == ord("x")] = ord("X")
    if check:
        expected = _ID_CHECK[(np.clip(d, 0, 9) @ _ID_WEIGHTS) % 11]
        ok &= last == expected
    else:
        ok &= ((last >= ord("0")) & (last <= ord("9"))) | (last == ord("X"))
    dc = np.clip(d, 0, 9)
    region = dc[:, :6] @ _REGION_WEIGHTS
    codes = tables.region_codes()
    year = d[:, 6] * 1000 + d[:, 7] * 100 + d[:, 8] * 10 + d[:, 9]
    # the county code must have been issued and not abolished before the holder's birth;
    # since GB 11643-1999 the number is assigned at birth registration, so for births from
    # then on the county must also have existed in the birth year (earlier numbers carry
    # the county of first issuance, 1984 or later, which may be younger than the holder)
    first = codes.first[region]
    ok &= (first > 0) & (year <= codes.last[region])
    ok &= (year < _NUMBER_AT_BIRTH_SINCE) | (year >= first)
    month = d[:, 10] * 10 + d[:, 11]
    day = d[:, 12] * 10 + d[:, 13]
    today = today or date.today()
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    dim = _DAYS[np.clip(month, 0, 12)] - ((month == 2) & ~leap)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= dim) & (year >= _MIN_BIRTH_YEAR)
    ok &= (year * 100 + month) * 100 + day <= (today.year * 100 + today.month) * 100 + today.day
    return ok


def resident_id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits.

    >>> resident_id_check_char("11010519491231002")
    'X'
    """
    s = sum(int(c) * int(w) for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11
    return "10X98765432"[s]


def _row(value: str, width: int) -> U8 | None:
    raw = value.encode("utf-8", "replace")
    if len(raw) != width:
        return None
    return np.frombuffer(raw, dtype=np.uint8).reshape(1, width)


def is_resident_id(value: str) -> bool:
    """Validate one resident ID.

    >>> is_resident_id("11010519491231002X"), is_resident_id("110105194912310021")
    (True, False)
    >>> is_resident_id("110105194902300021")  # 30 February
    False
    """
    m = _row(value, 18)
    return m is not None and bool(resident_id_rows(m)[0])


def normalise_mobile(value: str) -> str:
    """Strip separators and a +86 / 0086 / 86 country prefix.

    >>> normalise_mobile("+86 138-0013-8000")
    '13800138000'
    """
    v = re.sub(r"[\s\-()]", "", value)
    for p in ("+86", "0086", "86"):
        if v.startswith(p) and len(v) == 11 + len(p):
            return v[len(p) :]
    return v


def mobile_rows(mat: U8) -> Mask:
    """Validate 11-byte rows as mainland mobile numbers in an allocated block.

    >>> mobile_rows(np.frombuffer(b"1380013800022663758339", dtype=np.uint8).reshape(2, 11)).tolist()
    [True, False]
    """
    if _native is not None and len(mat) and mat.shape[1] >= 5:
        return _mask(_native.mobile(_contiguous(mat), mat.shape[1], tables.mobile_prefix_table()))
    return _mobile_rows(mat)


def _mobile_rows(mat: U8) -> Mask:
    """The numpy twin of :func:`mobile_rows`."""
    if len(mat) == 0:
        return np.zeros(0, dtype=bool)
    ok = _IS_DIGIT[mat].all(axis=1)
    # only the 5-digit block is read as numbers (non-digit rows are clipped, then rejected)
    d = np.clip(mat[:, :5].astype(np.int32) - 48, 0, 9)
    block = d @ _REGION_WEIGHTS32[1:]
    return np.asarray(ok & tables.mobile_prefix_table()[block], dtype=bool)


def is_mobile(value: str) -> bool:
    """Validate one mainland mobile number (separators and +86 allowed).

    >>> is_mobile("+8613800138000"), is_mobile("15412345678"), is_mobile("1380013800")
    (True, False, False)
    >>> is_mobile("99999999999"), is_mobile("20261127103"), is_mobile("16101234567")
    (False, False, True)
    """
    m = _row(normalise_mobile(value), 11)
    return m is not None and bool(mobile_rows(m)[0])


def vin_rows(mat: U8) -> Mask:
    """Validate 17-byte rows as VINs: alphabet, check digit at position 9, year code, serial.

    China (GB 16735) makes the position-9 check digit mandatory; positions 14-17 are digits
    and a real VIN has letters, which rejects 17-digit order numbers.

    >>> vin_rows(np.frombuffer(b"LSVAU218XN2183294LSVAU2180N2183294", dtype=np.uint8).reshape(2, 17)).tolist()
    [True, False]
    """
    if _native is not None and len(mat) and mat.shape[1] == 17:
        return _mask(_native.vin(_contiguous(mat), 17, _VIN_LUT17, _VIN_CHECK.tobytes()))
    return _vin_rows(mat)


def _vin_rows(mat: U8) -> Mask:
    """The numpy twin of :func:`vin_rows`."""
    if len(mat) == 0:
        return np.zeros(0, dtype=bool)
    # one table lookup per position, summed column by column (no n×17 index matrix)
    acc = _VIN_LUT17[0][mat[:, 0]]
    for i in range(1, 17):
        acc += _VIN_LUT17[i][mat[:, i]]
    expected = _VIN_CHECK[(acc & 0x7FF) % 11]
    ok = (acc >> 16) == 0
    ok &= ((acc >> 11) & 0x1F) >= 2
    ok &= _UPPER[mat[:, 8]] == expected
    return np.asarray(ok, dtype=bool)


def vin_check_char(vin: str) -> str:
    """Return the check character a 17-character VIN must carry at position 9.

    >>> vin_check_char("LSVAU2180N2183294")
    'X'
    """
    vals = [int(_VIN_VALUE[ord(c)]) for c in vin.upper()]
    return "0123456789X"[sum(v * int(w) for v, w in zip(vals, _VIN_WEIGHTS, strict=True)) % 11]


def is_vin(value: str) -> bool:
    """Validate one VIN.

    >>> is_vin("LSVAU218XN2183294"), is_vin("LSVAU2180N2183294"), is_vin("12345678901234567")
    (True, False, False)
    """
    m = _row(value, 17)
    return m is not None and bool(vin_rows(m)[0])


def _luhn_rows(d: npt.NDArray[np.int32] | npt.NDArray[np.int64]) -> Mask:
    rev = d[:, ::-1].copy()
    doubled = rev[:, 1::2] * 2
    rev[:, 1::2] = doubled - 9 * (doubled > 9)
    return np.asarray(rev.sum(axis=1) % 10 == 0, dtype=bool)


def bank_card_rows(mat: U8) -> Mask:
    """Validate rows of digits as payment cards: issuer range for the length, and Luhn.

    Ranges and lengths come from ``payment_card_iins.tsv`` (UnionPay, Visa, Mastercard,
    American Express, JCB, Discover, Diners); an 18-digit number with a resident ID's
    region and birth date, or a valid USCC, is not a card.

    >>> bank_card_rows(np.frombuffer(b"62220212345678920", dtype=np.uint8).reshape(1, 17)).tolist()
    [False]
    >>> is_bank_card("6222029057807361929"), is_bank_card("4111111111111111")
    (True, True)
    """
    if len(mat) == 0:
        return np.zeros(0, dtype=bool)
    width = mat.shape[1]
    table = tables.card_ranges().by_length.get(width)
    out = np.zeros(len(mat), dtype=bool)
    if table is None:
        return out
    if _native is not None:
        rows = np.flatnonzero(_mask(_native.card(_contiguous(mat), width, table)))
        return _not_id_or_org(mat, rows, out)
    # cheapest test first, on fewer rows each step: digits, issuer range, Luhn, not an ID
    # the first character rules most non-cards out (VINs, codes) before all are looked at
    rows = np.flatnonzero(_IS_DIGIT[mat[:, 0]])
    if not len(rows):
        return out
    sub = mat if len(rows) == len(mat) else mat[rows]
    rows = rows[_IS_DIGIT[sub[:, 1:]].all(axis=1)]
    if not len(rows):
        return out
    d = mat[rows].astype(np.int32) - 48
    keep = table[d[:, :6] @ _REGION_WEIGHTS32]
    rows, d = rows[keep], d[keep]
    rows = rows[_luhn_rows(d)]
    return _not_id_or_org(mat, rows, out)


def _not_id_or_org(mat: U8, rows: npt.NDArray[np.int64], out: Mask) -> Mask:
    """Set ``out`` at ``rows``, except 18-digit numbers that read as a resident ID or a USCC."""
    if mat.shape[1] == 18 and len(rows):
        sub = mat[rows]
        rows = rows[~resident_id_shape_rows(sub) & ~uscc_rows(sub)]
    out[rows] = True
    return out


# GB 32100-2015: 31-character alphabet (no I, O, Z, S, V) and weights 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = np.full(256, -1, dtype=np.int64)
for _i, _c in enumerate(USCC_ALPHABET):
    _USCC_VALUE[ord(_c)] = _i
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_USCC_CHECK = np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)


def uscc_rows(mat: U8) -> Mask:
    """Validate 18-byte rows as unified social credit codes (GB 32100-2015).

    The first eight characters are digits (registration authority, organisation type and a
    GB/T 2260 division code that was issued), then nine characters of the 31-letter alphabet
    and the mod-31 check character. A USCC identifies an organisation, not a person.

    >>> uscc_rows(np.frombuffer(b"91110000802100433B91110000802100433C", dtype=np.uint8).reshape(2, 18)).tolist()
    [True, False]
    """
    if _native is not None and len(mat) and mat.shape[1] == 18:
        return _mask(
            _native.uscc(
                _contiguous(mat),
                _USCC_VALUE,
                _USCC_WEIGHTS,
                USCC_ALPHABET.encode(),
                tables.region_codes().first,
            )
        )
    return _uscc_rows(mat)


def _uscc_rows(mat: U8) -> Mask:
    """The numpy twin of :func:`uscc_rows`."""
    if len(mat) == 0:
        return np.zeros(0, dtype=bool)
    vals = _USCC_VALUE[mat]
    d, ok = _digits(mat[:, :8])
    ok &= (vals[:, 8:] >= 0).all(axis=1)
    expected = _USCC_CHECK[(31 - (np.maximum(vals[:, :17], 0) @ _USCC_WEIGHTS) % 31) % 31]
    ok &= mat[:, 17] == expected
    region = np.clip(d[:, 2:8], 0, 9) @ _REGION_WEIGHTS
    ok &= tables.region_codes().first[region] > 0
    return np.asarray(ok, dtype=bool)


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters.

    >>> uscc_check_char("91110000802100433")
    'B'
    """
    total = sum(
        USCC_ALPHABET.index(c) * int(w) for c, w in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_uscc(value: str) -> bool:
    """Validate one unified social credit code.

    >>> is_uscc("91110000802100433B"), is_uscc("91110000802100433X")
    (True, False)
    """
    m = _row(value.upper(), 18)
    return m is not None and bool(uscc_rows(m)[0])


def luhn_ok(number: str) -> bool:
    """Return True when the digits pass the Luhn check.

    >>> luhn_ok("6222021234567890123"), luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
    (False, True, False)
    """
    total = 0
    for i, c in enumerate(reversed(number)):
        n = int(c)
        if i % 2 == 1:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return total % 10 == 0


def is_bank_card(value: str) -> bool:
    """Validate one card number (spaces allowed).

    >>> is_bank_card("4111 1111 1111 1111"), is_bank_card("1234567812345670")
    (True, False)
    """
    v = value.replace(" ", "").replace("-", "")
    if not (13 <= len(v) <= 19) or not v.isascii():
        return False
    return bool(bank_card_rows(np.frombuffer(v.encode(), dtype=np.uint8).reshape(1, len(v)))[0])


def is_plate(value: str) -> bool:
    """Validate one Chinese licence plate (GA 36 forms).

    >>> [is_plate(p) for p in ["京A12345", "沪AD12345", "粤B12345D", "粤Z1234港", "京A1234I"]]
    [True, True, True, True, False]
    """
    return PLATE_RE.fullmatch(value.replace("·", "").replace(" ", "")) is not None


def is_email(value: str) -> bool:
    """Validate one e-mail address (syntax only).

    >>> is_email("li.lei@example.com.cn"), is_email("li.lei@localhost")
    (True, False)
    """
    return _EMAIL_RE.fullmatch(value) is not None


def is_passport(value: str) -> bool:
    """Validate one PRC ordinary passport number.

    >>> is_passport("E12345678"), is_passport("EA1234567"), is_passport("X12345678")
    (True, True, False)
    """
    return _PASSPORT_RE.fullmatch(value) is not None


def is_hk_macau_permit(value: str) -> bool:
    """Validate one exit-entry permit for HK/Macao or home-return permit number.

    >>> is_hk_macau_permit("C12345678"), is_hk_macau_permit("H1234567801"), is_hk_macau_permit("C1234")
    (True, True, False)
    """
    return _PERMIT_RE.fullmatch(value) is not None
