"""Counting natural persons: the strongest identifier per row, distinct across everything."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from carborder.model.facts import Evidence, Facts
from carborder.scan.sketch import DistinctCounter, sorted_unique

__all__ = ["DEFAULT_IDENTITY_ORDER", "PeopleStats"]

#: Identifier kinds from strongest to weakest; a row's person is its strongest identifier.
DEFAULT_IDENTITY_ORDER: tuple[str, ...] = (
    "id_number",
    "passport",
    "phone",
    "vin",
    "account",
    "track_key",
    "email",
    "bank_card",
    "plate",
)


@dataclass
class PeopleStats:
    """Mergeable distinct counts of persons and of persons with sensitive PI."""

    persons: DistinctCounter = field(default_factory=DistinctCounter)
    sensitive: DistinctCounter = field(default_factory=DistinctCounter)
    rows_with_identity: int = 0
    sensitive_rows: int = 0
    sensitive_rows_unattributed: int = 0
    keys: dict[str, int] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)

    def add(
        self,
        row_keys: dict[str, tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]],
        sensitive: npt.NDArray[np.bool_] | None,
        order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER,
    ) -> None:
        """Absorb one batch: each row's strongest identifier hash, counted distinct."""
        present = [(k, row_keys[k]) for k in order if k in row_keys]
        for k, (_, ok) in present:
            self.keys[k] = self.keys.get(k, 0) + int(ok.any())
        if not present:
            if sensitive is not None:
                n = int(sensitive.sum())
                self.sensitive_rows += n
                self.sensitive_rows_unattributed += n
            return
        hashed = present[0][1][0].copy()
        valid = present[0][1][1].copy()
        for _, (h, ok) in present[1:]:
            if valid.all():
                break
            take = ok & ~valid
            hashed[take] = h[take]
            valid |= ok
        hashes = hashed[valid]  # one hash per identified row, in row order
        self.rows_with_identity += len(hashes)
        uniq = sorted_unique(hashes)
        self.persons.update_hashes(uniq)
        if sensitive is not None and sensitive.any():
            self.sensitive_rows += int(sensitive.sum())
            self.sensitive_rows_unattributed += int((sensitive & ~valid).sum())
            sel = sensitive[valid]
            self.sensitive.update_hashes(uniq if sel.all() else sorted_unique(hashes[sel]))

    def merge(self, other: Self) -> Self:
        """Union of both counts."""
        keys = dict(self.keys)
        for k, n in other.keys.items():
            keys[k] = keys.get(k, 0) + n
        return type(self)(
            self.persons.merge(other.persons),
            self.sensitive.merge(other.sensitive),
            self.rows_with_identity + other.rows_with_identity,
            self.sensitive_rows + other.sensitive_rows,
            self.sensitive_rows_unattributed + other.sensitive_rows_unattributed,
            keys,
            self.files | other.files,
        )

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """``pi.individuals`` and ``pi.sensitive_individuals`` where they can be counted."""
        facts: Facts = {}
        if self.rows_with_identity:
            facts["pi.individuals"] = self.persons.estimate()
        if self.sensitive_rows and self.sensitive_rows > self.sensitive_rows_unattributed:
            facts["pi.sensitive_individuals"] = self.sensitive.estimate()
        ev = Evidence(
            file=", ".join(sorted(self.files)) or "*",
            column="+".join(k for k in DEFAULT_IDENTITY_ORDER if self.keys.get(k)),
            detector="people.distinct",
            detector_version="1",
            matches=self.rows_with_identity,
            rows=self.rows_with_identity,
            confidence=round(1.0 - 2 * self.persons.relative_error(), 3),
        )
        return facts, {k: [ev] for k in facts}

    def details(self) -> dict[str, Any]:
        """Exactness and what identified people."""
        return {
            "people.exact": self.persons.exact and self.sensitive.exact,
            "people.relative_error": round(self.persons.relative_error(), 4),
            "people.identity_kinds": sorted(k for k, n in self.keys.items() if n),
            "people.sensitive_rows_unattributed": self.sensitive_rows_unattributed,
        }
