"""Whose people count toward the year-to-date thresholds: the pack's one counting rule.

``assess`` (:func:`carborder.decide.decide_all`), ``plan`` and the export gateway's counters
all ask :func:`not_counted_by`, so an exempt export cannot be left out of one total and added
to another. The rule lives in the pack (``counting/year_to_date.yaml``) with its citations
and its (disputed) confidence; no exemption id is named here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from carborder.rulebook.pack import Pack
from carborder.rulebook.schema import CountingRule

__all__ = ["counting_rule", "not_counted_by"]


def counting_rule(pack: Pack, as_of: date) -> CountingRule | None:
    """The counting rule in force on ``as_of`` (None: every exported person counts)."""
    rules = pack.of_kind(CountingRule, as_of)
    return rules[-1] if rules else None


def not_counted_by(pack: Pack, as_of: date, applied: Iterable[str]) -> list[str]:
    """Applied exemption ids that keep a flow's people out of the year-to-date counts.

    Args:
        pack: Rulebook pack.
        as_of: Decision date.
        applied: Ids of the exemptions that apply to the flow.

    Returns:
        The ids, sorted; empty when the flow's people count.
    """
    rule = counting_rule(pack, as_of)
    if rule is None:
        return []
    return sorted(set(applied) & set(rule.not_counted_when_exempted_by))
