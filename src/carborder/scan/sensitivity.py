"""Which personal-information kinds count as sensitive PI: read from the rulebook pack."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["sensitive_kind_of", "sensitive_kinds"]


@lru_cache(maxsize=1)
def sensitive_kinds() -> dict[str, str]:
    """``pi.kinds`` value → ``pi.sensitive_kinds`` value, from the built-in pack.

    The mapping is legal classification, so it lives in the pack (``sensitive_pi_kinds`` in
    pack.yaml) with its citations; scans in worker processes load it once per process.
    """
    from carborder.rulebook.loader import builtin_pack

    return {k: m.sensitive_kind for k, m in builtin_pack().meta.sensitive_pi_kinds.items()}


def sensitive_kind_of(kind: str) -> str | None:
    """The sensitive kind a PI kind implies, if any.

    >>> sensitive_kind_of("bank_card")
    'financial_account'
    >>> sensitive_kind_of("vin") is None
    True
    """
    return sensitive_kinds().get(kind)
