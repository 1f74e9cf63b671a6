"""Reference tables the validators use, loaded once per process from cited data files.

Each table lives in ``carborder/scan/data/`` as a small TSV whose header says where the
values come from (allocation plans, code lists, issuer ranges); here they become lookup
arrays that vectorised validators index directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

__all__ = [
    "CardRanges",
    "RegionCodes",
    "card_ranges",
    "data_rows",
    "mobile_prefix_table",
    "region_codes",
    "surnames",
]

#: Years of tolerance around a GB/T 2260 code's first and last revision: the tables are
#: published once a year, so a birth registered in the months around a change may carry
#: either code.
_SLACK_YEARS = 1
#: The first revision read (1980): codes in it carry no start year.
_FIRST_REVISION = 1980
#: "Still in use" as an end year.
OPEN_END = 9999


def data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file in ``carborder/scan/data`` (comments skipped).

    >>> data_rows("surnames.tsv")[0]
    ['赵', 'B']
    """
    text = resources.files("carborder.scan").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def mobile_prefix_table() -> npt.NDArray[np.bool_]:
    """Boolean table over the first five digits (00000-99999): True where mobiles are allocated.

    >>> t = mobile_prefix_table()
    >>> bool(t[13800]), bool(t[17401]), bool(t[17406]), bool(t[14600]), bool(t[16100])
    (True, True, False, False, True)
    """
    table = np.zeros(10**5, dtype=bool)
    for prefix, _note in data_rows("cn_mobile_allocations.tsv"):
        width = 5 - len(prefix)
        start = int(prefix) * 10**width
        table[start : start + 10**width] = True
    return table


@dataclass(frozen=True)
class RegionCodes:
    """GB/T 2260 codes as arrays indexed by the 6-digit code: first and last year in use.

    ``first`` is 0 for a code never issued and 1 for one already in the 1980 revision.
    """

    first: npt.NDArray[np.int16]
    last: npt.NDArray[np.int16]

    def known(self, code: int) -> bool:
        """True when ``code`` was ever issued.

        >>> region_codes().known(110105), region_codes().known(110199)
        (True, False)
        """
        return bool(self.first[code] > 0)


@lru_cache(maxsize=1)
def region_codes() -> RegionCodes:
    """Every division code ever issued (1980-2021), with its years; 0 marks never issued."""
    first = np.zeros(10**6, dtype=np.int16)
    last = np.zeros(10**6, dtype=np.int16)
    for code, _name, start, end in data_rows("gbt2260_codes.tsv"):
        i = int(code)
        first[i] = 1 if int(start) <= _FIRST_REVISION else int(start) - _SLACK_YEARS
        last[i] = int(end) + _SLACK_YEARS if end else OPEN_END
    return RegionCodes(first, last)


@dataclass(frozen=True)
class CardRanges:
    """Payment-card IIN ranges: per card length, a table over the first six digits."""

    by_length: dict[int, npt.NDArray[np.bool_]]


@lru_cache(maxsize=1)
def card_ranges() -> CardRanges:
    """IIN tables per allowed card length, from ``payment_card_iins.tsv``.

    >>> t = card_ranges().by_length
    >>> bool(t[16][622202]), bool(t[16][411111]), bool(t[16][340000]), bool(t[15][340000])
    (True, True, False, True)
    """
    out: dict[int, npt.NDArray[np.bool_]] = {}
    for first, last, lengths, _network in data_rows("payment_card_iins.tsv"):
        width = 6 - len(first)
        lo = int(first) * 10**width
        hi = (int(last) + 1) * 10**width
        for n in (int(x) for x in lengths.split(",")):
            table = out.setdefault(n, np.zeros(10**6, dtype=bool))
            table[lo:hi] = True
    return CardRanges(out)


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Single-character and compound surnames from ``surnames.tsv``.

    >>> single, compound = surnames()
    >>> all(s in single for s in "萧傅阎赖洪"), "欧阳" in compound
    (True, True)
    """
    names = [row[0] for row in data_rows("surnames.tsv")]
    return (
        frozenset(n for n in names if len(n) == 1),
        frozenset(n for n in names if len(n) == 2),
    )
