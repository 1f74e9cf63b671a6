"""Personal identifiers in free-text fields of vehicle messages, through the scan's extractor."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from carborder.scan.detectors.candidates import extract

__all__ = ["identifiers_in_text", "pi_in_text"]

# extractor kinds that are personal identifiers, under their pi.kinds names
_KINDS = {
    "phone": "phone",
    "id_number": "id_number",
    "vin": "vin",
    "plate": "plate",
    "email": "email",
    "bank_card": "bank_card",
    "passport": "passport",
    "travel_permit": "passport",
}


def identifiers_in_text(text: str) -> dict[str, list[str]]:
    """Validated identifiers in ``text`` by ``pi.kinds`` name, normalised.

    >>> identifiers_in_text("vin=LSVAU218XN2183294 tel 138-1234-5678")
    {'phone': ['13812345678'], 'vin': ['LSVAU218XN2183294']}
    """
    got = extract(pa.array([text], pa.string()), frozenset(_KINDS))
    out: dict[str, list[str]] = {}
    for key, spans in sorted(got.spans.items()):
        out.setdefault(_KINDS[key], []).extend(str(v) for v in spans.values.to_pylist())
    return out


def pi_in_text(text: str) -> Counter[str]:
    """Count validated identifiers in ``text`` by ``pi.kinds`` name.

    >>> sorted(pi_in_text("vin=LSVAU218XN2183294 tel 13812345678").items())
    [('phone', 1), ('vin', 1)]
    """
    return Counter({k: len(v) for k, v in identifiers_in_text(text).items()})
