"""Distinct-individual sets: exact while small, HyperLogLog always; mergeable, serialisable."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import datasketches

__all__ = ["EXACT_LIMIT", "LG_K", "DistinctSketch", "identity_digest"]

#: HLL precision: 2^14 registers, about 0.8 % relative standard error.
LG_K = 14
#: Keep exact 16-byte digests until the set grows past this many members.
EXACT_LIMIT = 1 << 14
_DIGEST = 16


def identity_digest(value: str) -> bytes:
    """Return the 16-byte digest that represents one individual in a sketch.

    >>> len(identity_digest("LSVAU2180N2183294"))
    16
    """
    return hashlib.sha256(b"carborder-identity\n" + value.encode("utf-8")).digest()[:_DIGEST]


class DistinctSketch:
    """A distinct count of individuals: exact set of digests while small, plus an HLL sketch.

    Adding the same individual twice, or merging a sketch into itself, changes nothing, so
    re-running an export never double-counts.

    >>> a = DistinctSketch(); a.add_digests(identity_digest(v) for v in ["x", "y"])
    >>> b = DistinctSketch(); b.add_digests([identity_digest("y"), identity_digest("z")])
    >>> a.merge(b); a.estimate
    3
    >>> DistinctSketch.from_blobs(*a.to_blobs()).estimate
    3
    """

    def __init__(self) -> None:
        self._exact: set[bytes] | None = set()
        self._hll = datasketches.hll_sketch(LG_K, datasketches.tgt_hll_type.HLL_8)

    @property
    def exact(self) -> bool:
        """True while the count is exact."""
        return self._exact is not None

    @property
    def estimate(self) -> int:
        """Distinct individuals: exact while small, then the HLL estimate (rounded up)."""
        if self._exact is not None:
            return len(self._exact)
        # Always read the composite estimator (a union of the sketch with itself): a fresh
        # sketch would answer with its HIP estimator and a merged one with the composite one,
        # so re-exporting the same people could move the count slightly.
        union = datasketches.hll_union(LG_K)
        union.update(self._hll)
        union.update(self._hll)
        return int(-(-union.get_estimate() // 1))

    def add_digests(self, digests: Iterable[bytes]) -> None:
        """Add individuals by their :func:`identity_digest`."""
        for d in digests:
            self._hll.update(int.from_bytes(d[:8], "big", signed=True))
            if self._exact is not None:
                self._exact.add(d)
        self._spill()

    def merge(self, other: DistinctSketch) -> None:
        """Union ``other`` into this sketch."""
        union = datasketches.hll_union(LG_K)
        union.update(self._hll)
        union.update(other._hll)
        self._hll = union.get_result(datasketches.tgt_hll_type.HLL_8)
        if self._exact is not None and other._exact is not None:
            self._exact |= other._exact
        else:
            self._exact = None
        self._spill()

    def _spill(self) -> None:
        if self._exact is not None and len(self._exact) > EXACT_LIMIT:
            self._exact = None

    def to_blobs(self) -> tuple[bytes | None, bytes]:
        """Serialise as (sorted exact digests or None, compact HLL bytes)."""
        exact = b"".join(sorted(self._exact)) if self._exact is not None else None
        return exact, bytes(self._hll.serialize_compact())

    @classmethod
    def from_blobs(cls, exact: bytes | None, hll: bytes) -> DistinctSketch:
        """Rebuild a sketch from :meth:`to_blobs` output."""
        sk = cls()
        sk._hll = datasketches.hll_sketch.deserialize(hll)
        if exact is None:
            sk._exact = None
        else:
            sk._exact = {exact[i : i + _DIGEST] for i in range(0, len(exact), _DIGEST)}
        return sk
