"""A recorded important-data review: what it settles, what reopens it, how explain shows it."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.cli.render import explain_text
from carborder.decide import decide_all
from carborder.model.decision import Decision
from carborder.model.facts import Facts
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack

AS_OF = date(2026, 6, 30)
REVIEW: Facts = {
    "important.reviewed_not_important": True,
    "important.reviewed_by": "Zhang Min, data-security officer",
    "important.reviewed_on": "2026-06-12",
}
OUTSIDE_PERCEPTION = "important_data.driving_automation.outside_perception"
TRAINING = "important_data.driving_automation.training_data"


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _inventory(facts: Facts) -> Inventory:
    base: dict[str, Any] = {
        "origin": "domestic",
        "domain": "driving_automation",
        "content.kinds": ["training_data", "camera_video"],
        "pi.kinds": [],
        "pi.individuals": 0,
        "pi.sensitive_kinds": [],
        "pi.sensitive_individuals": 0,
        "camera.cabin": False,
        "camera.outside_vehicle": True,
    }
    return Inventory.model_validate(
        {
            "handler": {"id": "pathwise", "type": "autonomous_driving_service"},
            "assets": [{"id": "clips", "facts": {**base, **facts}}],
            "recipients": [{"id": "lab", "country": "US"}],
            "flows": [
                {
                    "id": "clips_out",
                    "activity": "transfer",
                    "assets": ["clips"],
                    "recipient": "lab",
                    "scenario": "rd_collaboration",
                }
            ],
            # Outside-camera clips are surveying data: the approval keeps that gate open so the
            # status shows the review alone.
            "approvals": [
                {
                    "id": "MNR-1",
                    "kind": "mnr_approval",
                    "flows": ["clips_out"],
                    "issued": "2026-01-05",
                }
            ],
        }
    )


def _decide(facts: Facts, detected: Facts | None = None) -> Decision:
    inv = _inventory(facts)
    return decide_all(inv, _pack(), AS_OF, detected={"clips": detected} if detected else None)[0]


def _matched(d: Decision) -> set[str]:
    return {i.item for i in d.important_data if i.result == "matched"}


def test_a_review_settles_items_undecided_for_lack_of_content_facts() -> None:
    before = _decide({})
    assert {i.item for i in before.important_data if i.result == "unknown"} >= {
        OUTSIDE_PERCEPTION,
        TRAINING,
    }
    assert before.status.value == "needs_review"

    after = _decide(REVIEW)
    assert [i for i in after.important_data if i.result == "unknown"] == []
    (review,) = after.reviews
    assert review.status == "settles"
    assert review.reviewed_by == "Zhang Min, data-security officer"
    assert review.reviewed_on == date(2026, 6, 12)
    assert {OUTSIDE_PERCEPTION, TRAINING} <= set(review.settled)
    assert after.pathway.value == "exempt"


def test_detected_faces_contradict_the_review_and_reopen_it() -> None:
    # The person reviewed the clips as not important; a scan then finds faces in them.
    d = _decide(REVIEW, detected={"camera.faces_visible": True})
    (review,) = d.reviews
    assert review.status == "reopened"
    assert OUTSIDE_PERCEPTION in review.contradicted_by
    assert review.facts["camera.faces_visible"] is True
    assert review.settled == []
    assert OUTSIDE_PERCEPTION in _matched(d)
    assert d.pathway.value == "security_assessment"
    # Explain names the review, who made it, when, and why it no longer holds.
    text = explain_text(d, _pack(), "en")
    assert "review by Zhang Min, data-security officer on 2026-06-12 reopened" in text
    assert "camera.faces_visible=yes" in text
    zh = explain_text(d, _pack(), "zh")
    assert "复核被推翻并重新打开" in zh and "2026-06-12" in zh


def test_a_reopened_review_leaves_other_undecided_items_undecided() -> None:
    # Detected faces make the perception items match; the algorithm item of the same data
    # set lacks its facts (core technology, attack relevance), and a contradicted review must
    # not decide it.
    d = _decide(
        {**REVIEW, "content.kinds": ["training_data", "camera_video", "algorithm"]},
        detected={"camera.faces_visible": True, "anonymized": False},
    )
    assert d.reviews[0].status == "reopened"
    unknown = {i.item for i in d.important_data if i.result == "unknown"}
    assert "important_data.driving_automation.algorithm" in unknown
    # Without the contradiction the same review settles the algorithm item.
    calm = _decide({**REVIEW, "content.kinds": ["training_data", "camera_video", "algorithm"]})
    assert "important_data.driving_automation.algorithm" in calm.reviews[0].settled


def test_review_without_reviewer_or_date_asks_for_them() -> None:
    d = _decide({"important.reviewed_not_important": True})
    (review,) = d.reviews
    assert review.status == "incomplete"
    assert review.settled == []
    assert {"important.reviewed_by", "important.reviewed_on"} <= set(d.missing_facts)
    assert d.status.value == "needs_review"
    assert "not a recorded review" in explain_text(d, _pack(), "en")


def test_review_counts_from_its_own_date() -> None:
    on_day = _decide({**REVIEW, "important.reviewed_on": AS_OF.isoformat()})
    assert on_day.reviews[0].status == "settles"
    next_day = _decide({**REVIEW, "important.reviewed_on": "2026-07-01"})
    assert next_day.reviews[0].status == "after_decision_date"
    assert next_day.status.value == "needs_review"


_FLAGS = ["camera.faces_visible", "camera.plates_visible", "anonymized", "survey.pointcloud"]


@settings(max_examples=40, deadline=None)
@given(
    declared=st.dictionaries(st.sampled_from(_FLAGS), st.booleans()),
    detected=st.dictionaries(st.sampled_from(_FLAGS), st.booleans()),
)
def test_a_review_never_removes_a_match(declared: Facts, detected: Facts) -> None:
    """Whatever the facts, a review only decides undecided items; a matched item stays matched."""
    without = _decide(declared, detected or None)
    with_review = _decide({**declared, **REVIEW}, detected or None)
    assert _matched(without) <= _matched(with_review)
    review = with_review.reviews[0]
    if _matched(without):
        assert review.status == "reopened"
        assert review.settled == []
