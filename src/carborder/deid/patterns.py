"""Identifier patterns used to mask free text, kept in one place (RE2 syntax, for pyarrow).

Each pattern has two groups: a left boundary (kept) and the identifier (replaced). RE2 has
no look-around, so longer identifiers are masked first (the dict order is the masking order).
Over-masking is the safe side: these patterns match candidates without check digits.
"""

from __future__ import annotations

__all__ = ["TEXT_PATTERNS"]

_B = r"(^|[^0-9A-Za-z])"

#: PI kind → RE2 pattern (group 1 boundary, group 2 identifier), in masking order.
TEXT_PATTERNS: dict[str, str] = {
    # GB 11643 resident ID: 6-digit area, birth date, 3-digit sequence, check character.
    "id_number": _B + r"([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])",
    # Bank cards: 16-19 digits (Luhn is not checked: over-masking is safe).
    "bank_card": _B + r"([3-6][0-9]{15,18})",
    # ISO 3779 VIN: 17 characters, never I, O or Q.
    "vin": _B + r"([A-HJ-NPR-Z0-9]{17})",
    # Mainland mobile numbers, optional +86.
    "phone": _B + r"((?:\+?86[- ]?)?1[3-9][0-9]{9})",
    # Mainland plates incl. 8-character new-energy plates.
    "plate": r"()([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]?)",
    "email": r"()([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})",
}
