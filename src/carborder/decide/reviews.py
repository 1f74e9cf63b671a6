"""A person's review of an asset against the important-data catalogue, and what it may settle.

A review is three declared facts: ``important.reviewed_not_important: true`` with
``important.reviewed_by`` and ``important.reviewed_on``. It is a record of a person's judgement,
so it counts only when it names who and when, and only from its date on. It settles the catalogue
items that are unknown *only* for lack of facts about the data's content (the asset vocabulary,
not the handler, flow or counters): those are what the reviewer looked at. It never overrides a
fact: when some item matches anyway (a scan detected faces, the asset is declared important…) the
review is contradicted and reopened, and settles nothing on that asset until a person looks again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from carborder.model.decision import ImportantReview

__all__ = ["REVIEW_FACTS", "apply_review", "review_of"]

_FLAG = "important.reviewed_not_important"
_BY = "important.reviewed_by"
_ON = "important.reviewed_on"
#: The facts that make up a review; a review never settles an item by its own facts.
REVIEW_FACTS = frozenset({_FLAG, _BY, _ON})


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def review_of(asset: str, values: Mapping[str, Any], as_of: date) -> ImportantReview | None:
    """The review recorded on an asset (None when no review says 'not important')."""
    if values.get(_FLAG) is not True:
        return None
    by = values.get(_BY)
    on = _date(values.get(_ON))
    reviewer = by.strip() if isinstance(by, str) and by.strip() else None
    if reviewer is None or on is None:
        status = "incomplete"
    elif on > as_of:
        status = "after_decision_date"
    else:
        status = "settles"
    return ImportantReview(asset=asset, status=status, reviewed_by=reviewer, reviewed_on=on)


def apply_review(
    review: ImportantReview,
    *,
    matched: Mapping[str, Mapping[str, Any]],
    unknown: Mapping[str, Collection[str]],
    content_facts: Collection[str],
) -> ImportantReview:
    """What the review decides, given the asset's matched items and its undecided ones.

    Args:
        review: The review as recorded (see :func:`review_of`).
        matched: Items that match, with the facts that made them match.
        unknown: Undecided items, with the facts they lack.
        content_facts: Facts describing the data's content (those a reviewer judges).
    """
    if review.status != "settles":
        return review
    if matched:
        facts: dict[str, Any] = {}
        for read in matched.values():
            facts.update(read)
        return review.model_copy(
            update={"status": "reopened", "contradicted_by": sorted(matched), "facts": facts}
        )
    content = set(content_facts) - REVIEW_FACTS
    settled = sorted(i for i, lacking in unknown.items() if lacking and set(lacking) <= content)
    return review.model_copy(update={"settled": settled})
