"""Distinct-individual sets keyed by the workspace's counter key: exact while small, HLL always.

A person is represented by a keyed fingerprint (HMAC-SHA256 with the counter key), never by
a plain hash: whoever reads the database cannot confirm or brute-force an ID or phone
number without also holding the key file. Each sketch records the id of its key; sketches
under different keys cannot be merged (their fingerprints differ for the same person), so a
year's count is kept per key version (:class:`YearCount`) and summed — never low.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import datasketches

from carborder.keys.counter import CounterKey

__all__ = [
    "EXACT_LIMIT",
    "LEGACY_KEY_ID",
    "LG_K",
    "DistinctSketch",
    "YearCount",
    "identity_digest",
]

#: HLL precision: 2^14 registers, about 0.8 % relative standard error.
LG_K = 14
#: Keep exact 16-byte digests until the set grows past this many members.
EXACT_LIMIT = 1 << 14
#: Key id of counts migrated from stores that kept unkeyed fingerprints: numbers only.
LEGACY_KEY_ID = "legacy-unkeyed"
_DIGEST = 16
_DOMAIN = b"carborder-identity\n"


def identity_digest(value: str, key: CounterKey) -> bytes:
    """Return the 16-byte keyed fingerprint that represents one individual in a sketch.

    >>> k = CounterKey("k1", bytes(range(32)))
    >>> len(identity_digest("LSVAU2180N2183294", k))
    16
    >>> identity_digest("x", k) == identity_digest("x", CounterKey("k2", bytes(32)))
    False
    """
    return hmac.new(key.secret, _DOMAIN + value.encode("utf-8"), hashlib.sha256).digest()[:_DIGEST]


class DistinctSketch:
    """A distinct count of individuals under one counter key: exact digests while small, + HLL.

    Adding the same individual twice, or merging a sketch into itself, changes nothing, so
    re-running an export never double-counts. A *count-only* sketch (``LEGACY_KEY_ID``)
    holds just a number, for counts migrated from unkeyed stores; merging two adds them.

    >>> k = CounterKey("k1", bytes(range(32)))
    >>> a = DistinctSketch.keyed(k); a.add_values(["x", "y"])
    >>> b = DistinctSketch.keyed(k); b.add_values(["y", "z"])
    >>> a.merge(b); a.estimate
    3
    >>> DistinctSketch.from_json(a.to_json()).estimate
    3
    """

    def __init__(self, key_id: str = "", *, key: CounterKey | None = None) -> None:
        self.key_id = key.id if key is not None else key_id
        self._key = key
        self._exact: set[bytes] | None = set()
        self._hll = datasketches.hll_sketch(LG_K, datasketches.tgt_hll_type.HLL_8)
        self._count_only: int | None = None

    @classmethod
    def keyed(cls, key: CounterKey) -> DistinctSketch:
        """An empty sketch that fingerprints values with ``key``."""
        return cls(key=key)

    @classmethod
    def count_only(cls, count: int, key_id: str = LEGACY_KEY_ID) -> DistinctSketch:
        """A sketch that is only a number (no fingerprints): migrated legacy counts."""
        sk = cls(key_id)
        sk._exact = None
        sk._count_only = int(count)
        return sk

    def __repr__(self) -> str:
        return f"DistinctSketch(key_id={self.key_id!r}, estimate={self.estimate})"

    @property
    def exact(self) -> bool:
        """True while the count is exact."""
        return self._exact is not None

    @property
    def estimate(self) -> int:
        """Distinct individuals: exact while small, then the HLL estimate (rounded up)."""
        if self._count_only is not None:
            return self._count_only
        if self._exact is not None:
            return len(self._exact)
        # Always read the composite estimator (a union of the sketch with itself): a fresh
        # sketch would answer with its HIP estimator and a merged one with the composite one,
        # so re-exporting the same people could move the count slightly.
        union = datasketches.hll_union(LG_K)
        union.update(self._hll)
        union.update(self._hll)
        return int(-(-union.get_estimate() // 1))

    def add_values(self, values: Iterable[str]) -> None:
        """Add individuals by identifying value (fingerprinted with this sketch's key).

        Raises:
            ValueError: the sketch has no key (it was read from storage).
        """
        key = self._key
        if key is None:
            raise ValueError("this sketch has no counter key to fingerprint values with")
        self.add_digests(identity_digest(v, key) for v in values)

    def add_digests(self, digests: Iterable[bytes]) -> None:
        """Add individuals by their keyed :func:`identity_digest`."""
        if self._count_only is not None:
            raise ValueError("a count-only (legacy) sketch cannot take fingerprints")
        for d in digests:
            self._hll.update(int.from_bytes(d[:8], "big", signed=True))
            if self._exact is not None:
                self._exact.add(d)
        self._spill()

    def merge(self, other: DistinctSketch) -> None:
        """Union ``other`` (same key id) into this sketch; count-only sketches add up.

        Raises:
            ValueError: the key ids differ (their fingerprints are incomparable).
        """
        if self.key_id != other.key_id:
            raise ValueError(
                f"cannot merge fingerprints of counter key {other.key_id!r} into {self.key_id!r}"
            )
        if self._count_only is not None or other._count_only is not None:
            # numbers only: the same person may be in both, so the sum is an upper bound
            self._count_only = self.estimate + other.estimate
            self._exact = None
            return
        union = datasketches.hll_union(LG_K)
        union.update(self._hll)
        union.update(other._hll)
        self._hll = union.get_result(datasketches.tgt_hll_type.HLL_8)
        if self._exact is not None and other._exact is not None:
            self._exact |= other._exact
        else:
            self._exact = None
        self._spill()

    def copy(self) -> DistinctSketch:
        """An independent copy (same key id, no key)."""
        return DistinctSketch.from_json(self.to_json())

    def _spill(self) -> None:
        if self._exact is not None and len(self._exact) > EXACT_LIMIT:
            self._exact = None

    def to_blobs(self) -> tuple[bytes | None, bytes]:
        """Serialise as (sorted exact digests or None, compact HLL bytes; empty if count-only)."""
        if self._count_only is not None:
            return None, b""
        exact = b"".join(sorted(self._exact)) if self._exact is not None else None
        return exact, bytes(self._hll.serialize_compact())

    @classmethod
    def from_blobs(
        cls, exact: bytes | None, hll: bytes, *, key_id: str = "", count: int = 0
    ) -> DistinctSketch:
        """Rebuild a sketch from :meth:`to_blobs` output (``count`` for count-only rows)."""
        if not hll:
            return cls.count_only(count, key_id)
        sk = cls(key_id)
        sk._hll = datasketches.hll_sketch.deserialize(hll)
        if exact is None:
            sk._exact = None
        else:
            sk._exact = {exact[i : i + _DIGEST] for i in range(0, len(exact), _DIGEST)}
        return sk

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (keyed fingerprints only; base64 blobs) for pending runs."""
        exact, hll = self.to_blobs()
        return {
            "key_id": self.key_id,
            "count": self.estimate,
            "exact": base64.b64encode(exact).decode("ascii") if exact is not None else None,
            "hll": base64.b64encode(hll).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DistinctSketch:
        """Rebuild from :meth:`to_json` output."""
        exact = data.get("exact")
        return cls.from_blobs(
            base64.b64decode(exact) if exact is not None else None,
            base64.b64decode(data.get("hll") or ""),
            key_id=str(data.get("key_id") or ""),
            count=int(data.get("count") or 0),
        )


@dataclass(frozen=True)
class YearCount:
    """One year's distinct individuals of one kind, as a sketch per counter-key version.

    Within a key version a person counts once; across versions (after a key rotation) the
    same person may be counted twice, so the total is the sum — an upper bound, never low.
    ``lower_bound`` is the largest single version (at least that many people).
    """

    versions: Mapping[str, DistinctSketch]

    @property
    def estimate(self) -> int:
        """Distinct individuals (sum over key versions)."""
        return sum(s.estimate for s in self.versions.values())

    @property
    def lower_bound(self) -> int:
        """At least this many individuals (the largest key version)."""
        return max((s.estimate for s in self.versions.values()), default=0)

    def estimate_with(self, delta: DistinctSketch) -> int:
        """The estimate once ``delta`` is merged (nothing stored is changed)."""
        total = 0
        merged = False
        for kid, sketch in self.versions.items():
            if kid == delta.key_id:
                union = sketch.copy()
                union.merge(delta)
                total += union.estimate
                merged = True
            else:
                total += sketch.estimate
        return total if merged else total + delta.estimate
