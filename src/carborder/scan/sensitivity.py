"""Which personal-information kinds make a person a sensitive-PI individual: read from the pack.

The pack's dated mapping (``parameters/sensitive_pi/<kind>.yaml``) is legal classification and
changes with the standards (GB/T 35273-2020, then GB/T 45574-2025 from 2025-11-01). A scan
does not know the date a decision is taken for, so it reports PI *kinds* only and counts as
sensitive individuals the people carrying a kind that is sensitive on any date of the mapping
(the stricter count); the decision engine derives the categories for its own date and sets
the sensitive count aside when no category applies then.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["sensitive_kind_of", "sensitive_kinds"]


@lru_cache(maxsize=1)
def _mapping() -> dict[str, str]:
    from carborder.rulebook.loader import builtin_pack
    from carborder.rulebook.pack import SENSITIVE_PI_PREFIX

    pack = builtin_pack()
    out: dict[str, str] = {}
    for pid in pack.parameters:
        if pid.startswith(SENSITIVE_PI_PREFIX):
            kind = pid.removeprefix(SENSITIVE_PI_PREFIX)
            categories = sorted(pack.ever_sensitive(kind))
            if categories:
                out[kind] = categories[0]
    return out


def sensitive_kinds() -> frozenset[str]:
    """PI kinds the pack maps to a sensitive category on some date (scans load it once)."""
    return frozenset(_mapping())


def sensitive_kind_of(kind: str) -> str | None:
    """A sensitive category the PI kind has on some date of the mapping, if any.

    >>> sensitive_kind_of("bank_card")
    'financial_account'
    >>> sensitive_kind_of("vin") is None
    True
    """
    return _mapping().get(kind)
