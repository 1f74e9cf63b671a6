"""Whether a data set holds personal information, and how many people it counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carborder.decide.facts_view import DERIVED_SPI, UNKNOWN
from carborder.rulebook.conditions import Tri

__all__ = ["has_pi", "has_spi", "individuals", "sensitive_individuals"]


def _nonempty(v: Any) -> bool:
    return v is not UNKNOWN and isinstance(v, list) and len(v) > 0


def _positive(v: Any) -> bool:
    return v is not UNKNOWN and isinstance(v, int | float) and v > 0


def has_spi(f: Mapping[str, Any]) -> Tri:
    """True when sensitive PI is present; categories decide, counts only when they are unknown.

    Categories come from the asset's ``pi.sensitive_kinds`` and from its ``pi.kinds`` through
    the pack's dated mapping (:func:`carborder.decide.facts_view.derive_sensitive`). When the
    categories are known and none is left, nobody in the data set is a sensitive-PI
    individual whatever a count says: sensitive individuals leave with the last column that
    made them sensitive, and a scan's count made under another date's mapping does not apply.

    >>> has_spi({"pi.sensitive_kinds": [], "pi.sensitive_individuals": 150000})
    False
    >>> has_spi({"pi.sensitive_kinds": UNKNOWN, DERIVED_SPI: {"face": "biometric"}})
    True
    >>> has_spi({"pi.sensitive_kinds": UNKNOWN, "pi.sensitive_individuals": 3})
    True
    """
    if f.get("anonymized") is True:
        return False
    kinds, count = f.get("pi.sensitive_kinds", UNKNOWN), f.get("pi.sensitive_individuals", UNKNOWN)
    if _nonempty(kinds) or f.get(DERIVED_SPI):
        return True
    if kinds == []:
        return False
    if _positive(count):
        return True
    if count == 0:
        return False
    return None


def has_pi(f: Mapping[str, Any]) -> Tri:
    """True when any personal information (sensitive or not) is present.

    >>> has_pi({"pi.kinds": [], "pi.sensitive_kinds": []})
    False
    >>> has_pi({"pi.kinds": ["vin"]})
    True
    >>> has_pi({"pi.kinds": []}) is None  # sensitive PI not ruled out
    True
    """
    if f.get("anonymized") is True:
        return False
    kinds, count = f.get("pi.kinds", UNKNOWN), f.get("pi.individuals", UNKNOWN)
    if _nonempty(kinds) or _positive(count):
        return True
    spi = has_spi(f)
    if spi:
        return True
    if (kinds == [] or count == 0) and spi is False:
        return False
    return None


def individuals(f: Mapping[str, Any]) -> int | None:
    """Individuals with non-sensitive PI in the data set; None when unknown."""
    if f.get("anonymized") is True:
        return 0
    count = f.get("pi.individuals", UNKNOWN)
    if count is not UNKNOWN and isinstance(count, int):
        return count
    if f.get("pi.kinds", UNKNOWN) == []:
        return 0
    return None


def sensitive_individuals(f: Mapping[str, Any]) -> int | None:
    """Individuals with sensitive PI in the data set; None when unknown.

    When the pack's mapping makes a declared kind sensitive and nobody counted its holders,
    everyone in the data set is counted (the stricter reading): a declared
    ``pi.kinds: [id_number]`` then decides as a scanned one does.

    >>> sensitive_individuals({DERIVED_SPI: {"id_number": "specific_identity"},
    ...                        "pi.individuals": 300})
    300
    """
    if has_spi(f) is False:
        return 0
    count = f.get("pi.sensitive_individuals", UNKNOWN)
    if count is not UNKNOWN and isinstance(count, int):
        return count
    everyone = f.get("pi.individuals", UNKNOWN)
    if f.get(DERIVED_SPI) and isinstance(everyone, int) and not isinstance(everyone, bool):
        return everyone
    return None
