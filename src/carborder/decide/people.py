"""Whether a data set holds personal information, and how many people it counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carborder.decide.facts_view import UNKNOWN
from carborder.rulebook.conditions import Tri

__all__ = ["has_pi", "has_spi", "individuals", "sensitive_individuals"]


def _nonempty(v: Any) -> bool:
    return v is not UNKNOWN and isinstance(v, list) and len(v) > 0


def _positive(v: Any) -> bool:
    return v is not UNKNOWN and isinstance(v, int | float) and v > 0


def has_spi(f: Mapping[str, Any]) -> Tri:
    """True when sensitive PI is present; unknown unless kinds or counts say otherwise."""
    if f.get("anonymized") is True:
        return False
    kinds, count = f.get("pi.sensitive_kinds", UNKNOWN), f.get("pi.sensitive_individuals", UNKNOWN)
    if _nonempty(kinds) or _positive(count):
        return True
    if kinds == [] or count == 0:
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
    """Individuals with sensitive PI in the data set; None when unknown."""
    if has_spi(f) is False:
        return 0
    count = f.get("pi.sensitive_individuals", UNKNOWN)
    if count is not UNKNOWN and isinstance(count, int):
        return count
    return None
