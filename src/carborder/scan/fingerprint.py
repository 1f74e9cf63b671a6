"""A digest of the scanner's own code and data: what makes two scans of the same bytes alike.

The export gateway reuses a stored scan of byte-identical inputs only when the same scanner
made it. The package version alone does not say that (it stays the same across many changes
of detectors, validators and allocation tables), so the key carries this digest: any change
to the scan package's code or data makes earlier stored scans stale, and they are scanned
again rather than trusted (fail closed).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__all__ = ["scanner_fingerprint"]

#: What the scan's facts depend on. Network weights are covered by the digests their
#: ``weights.json`` records; a compiled kernel by its C source (the loader refuses a build
#: of other source).
_SUFFIXES = frozenset({".py", ".c", ".h", ".tsv", ".json", ".txt", ".geojson", ".yaml"})


def scanner_fingerprint(root: Path | None = None) -> str:
    """SHA-256 over the scan package's source and data files (names and bytes), in hex."""
    return _fingerprint(root or Path(__file__).parent)


@lru_cache(maxsize=4)
def _fingerprint(root: Path) -> str:
    h = hashlib.sha256()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.suffix in _SUFFIXES and p.is_file() and "__pycache__" not in p.parts
    )
    for p in files:
        name = p.relative_to(root).as_posix().encode()
        data = p.read_bytes()
        # lengths first, so no two different trees hash the same stream
        h.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()
