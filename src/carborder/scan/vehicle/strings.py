"""Find personal identifiers (VIN, mobile, resident ID, plate) in free text fields."""

from __future__ import annotations

import re
from collections import Counter

from carborder.scan.detectors.validators import is_mobile, is_plate, is_resident_id, is_vin

__all__ = ["pi_in_text"]

_VIN_RE = re.compile(r"(?<![A-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Z0-9])")
_ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
_PLATE_RE = re.compile(r"[\u4e00-\u9fff][A-Z][·\- ]?[A-Z0-9]{5,6}")


def pi_in_text(text: str) -> Counter[str]:
    """Count validated identifiers in ``text`` by ``pi.kinds`` name.

    >>> sorted(pi_in_text("vin=LSVAU218XN2183294 tel 13812345678").items())
    [('phone', 1), ('vin', 1)]
    """
    found: Counter[str] = Counter()
    for m in _VIN_RE.finditer(text.upper()):
        if is_vin(m.group()):
            found["vin"] += 1
    for m in _ID_RE.finditer(text):
        if is_resident_id(m.group()):
            found["id_number"] += 1
    for m in _MOBILE_RE.finditer(text):
        if is_mobile(m.group()):
            found["phone"] += 1
    for m in _PLATE_RE.finditer(text):
        if is_plate(m.group()):
            found["plate"] += 1
    return found
