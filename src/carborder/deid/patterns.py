"""Identifier patterns used to mask free text, and the shapes of what replaces identifiers.

Each text pattern has two groups: a left boundary (kept) and the identifier (replaced). RE2 has
no look-around, so longer identifiers are masked first (the dict order is the masking order).
Over-masking is the safe side: these patterns match candidates without check digits.

What replaces an identifier must never pass for one, so the re-scan proof can tell a
de-identified value from a raw one:

- a **pseudonym** is ``ps_`` followed by 16-64 letters ``a``-``p`` (the HMAC's hex digits
  written as letters): no digit, no upper case, no ``@`` and no Chinese character, so no
  identifier validator (mobile, resident ID, card, VIN, plate, e-mail, passport, name) can
  accept it, and a digit run next to it stays bounded;
- a **mask** is the kind in upper case between brackets: ``[PHONE]``, ``[ID_NUMBER]``.
"""

from __future__ import annotations

import re

__all__ = [
    "PSEUDONYM_ALPHABET",
    "PSEUDONYM_PATTERN",
    "PSEUDONYM_PREFIX",
    "TEXT_PATTERNS",
    "is_pseudonym",
    "mask_token",
]

_B = r"(^|[^0-9A-Za-z])"

#: PI kind → RE2 pattern (group 1 boundary, group 2 identifier), in masking order.
TEXT_PATTERNS: dict[str, str] = {
    # GB 11643 resident ID: 6-digit area, birth date, 3-digit sequence, check character.
    "id_number": _B + r"([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])",
    # Bank cards: 16-19 digits (Luhn is not checked: over-masking is safe).
    "bank_card": _B + r"([2-9][0-9]{15,18})",
    # ISO 3779 VIN: 17 characters, never I, O or Q.
    "vin": _B + r"([A-HJ-NPR-Z0-9]{17})",
    # Mainland mobile numbers, optional +86.
    "phone": _B + r"((?:\+?86[- ]?)?1[3-9][0-9]{9})",
    # Mainland plates incl. 8-character new-energy plates.
    "plate": r"()([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]?)",
    "email": r"()([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})",
}

#: Every pseudonym starts with this.
PSEUDONYM_PREFIX = "ps_"
#: The letters hex digits 0-f are written as (``0`` → ``a`` ... ``f`` → ``p``).
PSEUDONYM_ALPHABET = "abcdefghijklmnop"
#: A whole pseudonym (RE2 and Python ``re`` syntax).
PSEUDONYM_PATTERN = PSEUDONYM_PREFIX + "[a-p]{16,64}"
_PSEUDONYM = re.compile(PSEUDONYM_PATTERN)


def is_pseudonym(value: str) -> bool:
    """Whether a whole value has the pseudonym shape.

    >>> is_pseudonym("ps_" + "abcdefghijklmnop"), is_pseudonym("13812345678")
    (True, False)
    """
    return _PSEUDONYM.fullmatch(value) is not None


def mask_token(kind: str) -> str:
    """What a masked identifier of ``kind`` becomes.

    >>> mask_token("id_number")
    '[ID_NUMBER]'
    """
    return f"[{kind.upper()}]"
