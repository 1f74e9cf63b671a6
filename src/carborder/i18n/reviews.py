"""An important-data review as people read it, in the CLI's explain and on the web flow page."""

from __future__ import annotations

from carborder.i18n.catalogue import Messages
from carborder.model.decision import ImportantReview

__all__ = ["review_text"]


def review_text(review: ImportantReview, m: Messages) -> str:
    """Who reviewed the asset, when, and what the review decides (or why it decides nothing)."""
    args = {"by": review.reviewed_by or "?", "date": str(review.reviewed_on or "?")}
    if review.status == "settles":
        if review.settled:
            return m("review-settles", items=m.join(review.settled), **args)
        return m("review-settles-nothing", **args)
    if review.status == "reopened":
        facts = m.join(f"{k}={m.value(v)}" for k, v in review.facts.items() if v is not None)
        return m("review-reopened", items=m.join(review.contradicted_by), facts=facts, **args)
    if review.status == "after_decision_date":
        return m("review-after-decision-date", **args)
    return m("review-incomplete")
