"""The two risk-assessment duties of a handler of important data cite distinct provisions.

The before-export assessment and the yearly assessment report are separate duties; citing one
article for both (as the pack once did with the Network Data Security Regulations Art. 30, which
names the security officer) would send a compliance officer to the wrong provision. The articles
below come from the research notes and a secondary index of the Regulations: Art. 31 (assessment
before providing important data), Art. 33 (yearly assessment and report).
"""

from __future__ import annotations

from pathlib import Path

from carborder.decide import decide_all
from carborder.model.decision import ObligationDue
from carborder.rulebook import load_pack
from carborder.workspace.io import load_scenario

SCENARIO = (
    Path(__file__).resolve().parents[2]
    / "scenarios"
    / "walkthroughs"
    / "w2_vulnerability_crash_dumps.yaml"
)
REGULATIONS = "ndsmr"


def _obligations() -> dict[str, ObligationDue]:
    pack = load_pack()
    scenario = load_scenario(SCENARIO, pack)
    [decision] = decide_all(scenario.inventory(), pack, scenario.as_of)
    return {o.id: o for o in decision.obligations}


def _articles(due: ObligationDue, instrument: str) -> set[str]:
    return {c.article for c in due.cites if c.instrument == instrument}


def test_before_export_assessment_cites_the_provision_on_providing_important_data() -> None:
    due = _obligations()["obligations.important_data_risk_assessment"]
    assert due.deadline == "before_export"
    assert _articles(due, REGULATIONS) == {"Art. 31"}


def test_yearly_report_cites_the_yearly_provision() -> None:
    due = _obligations()["obligations.ndsr_annual_risk_report"]
    assert due.deadline == "annual"
    assert _articles(due, REGULATIONS) == {"Art. 33"}


def test_no_article_grounds_both_a_before_export_and_a_yearly_duty() -> None:
    dues = _obligations().values()
    by_deadline: dict[str, set[tuple[str, str]]] = {}
    for due in dues:
        by_deadline.setdefault(due.deadline, set()).update(
            (c.instrument, c.article) for c in due.cites if c.instrument == REGULATIONS
        )
    shared = by_deadline.get("before_export", set()) & by_deadline.get("annual", set())
    assert not shared, f"one article cited for both a before-export and a yearly duty: {shared}"
