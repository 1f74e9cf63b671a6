"""Due dates the engine computes from the pack's numbers and the official calendar."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from carborder.decide import decide_all
from carborder.model.decision import Decision
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack
from carborder.workspace.io import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _decision(scenario: str, flow: str) -> Decision:
    s = load_scenario(SCENARIOS / scenario, _pack())
    return next(d for d in decide_all(s.inventory(), _pack(), s.as_of) if d.flow == flow)


@pytest.mark.parametrize(
    ("scenario", "flow", "obligation", "due", "opens"),
    [
        # contract effective 2026-09-25: 10 working days skip Golden Week → 15 October
        (
            "approvals/standard_contract_filing_due.yaml",
            "crm_to_hq",
            "obligations.standard_contract_filing",
            date(2026, 10, 15),
            None,
        ),
        # assessment issued 2023-09-01, before 2024-03-22, so valid 2 years; the 60-working-day
        # window opened 9 June 2025 (2 June was the Dragon Boat holiday)
        (
            "approvals/security_assessment_expiring_window.yaml",
            "traj_to_munich",
            "obligations.assessment_extension",
            date(2025, 9, 1),
            date(2025, 6, 9),
        ),
        # annual report by 15 December of the decision year
        (
            "important_data/algorithm_weights.yaml",
            "perception_model_v7_out",
            "obligations.annual_report",
            date(2026, 12, 15),
            None,
        ),
        # PIPIA records kept 3 years from the decision
        (
            "thresholds/pi_100000_standard_contract.yaml",
            "crm_to_hq",
            "obligations.pipia_retention",
            date(2029, 6, 30),
            None,
        ),
        # outbound logs kept 3 years
        (
            "thresholds/pi_100000_standard_contract.yaml",
            "crm_to_hq",
            "obligations.outbound_log_retention",
            date(2029, 6, 30),
            None,
        ),
    ],
)
def test_due_dates(
    scenario: str, flow: str, obligation: str, due: date, opens: date | None
) -> None:
    decision = _decision(scenario, flow)
    found = next(o for o in decision.obligations if o.id == obligation)
    assert found.due == due
    assert found.window_opens == opens
    assert found.calendar == "official"


def test_expiring_approval_reports_its_window() -> None:
    decision = _decision("approvals/security_assessment_expiring_window.yaml", "traj_to_munich")
    assert decision.approval.status == "expiring"
    assert decision.approval.valid_until == date(2025, 9, 1)
    assert decision.approval.extension_window_opens == date(2025, 6, 9)


def test_window_beyond_the_published_calendar_is_marked_estimated() -> None:
    # an assessment expiring in a year the holiday calendar does not cover yet
    inventory = Inventory.model_validate(
        {
            "handler": {"id": "sinoauto_jv", "type": "oem"},
            "assets": [
                {
                    "id": "trajectories",
                    "facts": {
                        "pi.kinds": ["vin"],
                        "pi.individuals": 20000,
                        "pi.sensitive_kinds": ["trajectory"],
                        "pi.sensitive_individuals": 20000,
                        "geo.present": True,
                        "geo.precision_m": 5.0,
                        "geo.in_sensitive_area": False,
                        "vehicle_flow": False,
                        "survey.pointcloud": False,
                        "survey.hd_map": False,
                        "survey.imagery": False,
                    },
                }
            ],
            "recipients": [{"id": "munich_rd", "country": "DE"}],
            "flows": [
                {
                    "id": "out",
                    "activity": "transfer",
                    "assets": ["trajectories"],
                    "recipient": "munich_rd",
                }
            ],
            "approvals": [
                {
                    "id": "CAC-SA-2037-0001",
                    "kind": "security_assessment",
                    "flows": ["out"],
                    "issued": "2037-06-01",
                    "scope": {"recipients": ["munich_rd"]},
                }
            ],
        }
    )
    decision = decide_all(inventory, _pack(), date(2040, 4, 20))[0]
    assert decision.approval.status == "expiring"
    assert decision.approval.valid_until == date(2040, 6, 1)
    extension = next(o for o in decision.obligations if o.id == "obligations.assessment_extension")
    assert extension.calendar == "estimated"
    assert extension.window_opens is not None and extension.window_opens < date(2040, 6, 1)
