"""The surveying step: it comes before the CAC declaration, and the licensed-unit duty follows
the handler's declared facts (conditional while they are undeclared)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from carborder.decide import decide_all
from carborder.model.decision import Decision
from carborder.rulebook import Pack, load_pack
from carborder.workspace.io import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _decide(scenario: str, **handler: object) -> Decision:
    s = load_scenario(SCENARIOS / scenario, _pack())
    inv = s.inventory()
    if handler:
        inv = inv.model_copy(update={"handler": inv.handler.model_copy(update=handler)})
    return decide_all(inv, _pack(), s.as_of)[0]


def test_surveying_approval_comes_before_the_cac_declaration() -> None:
    d = _decide("walkthroughs/w1_remote_access_trajectories.yaml")
    order = [o.id for o in d.obligations]
    survey = order.index("obligations.surveying_outbound_approval")
    assert survey < order.index("obligations.declare_security_assessment")
    listed = d.obligations[survey]
    assert "obligations.declare_security_assessment" in listed.precedes
    assert listed.deadline == "before_export"


def test_licensed_unit_comes_before_the_surveying_approval() -> None:
    d = _decide("gates/surveying_foreign_invested_without_licensed_unit.yaml")
    order = [o.id for o in d.obligations]
    assert order.index("obligations.surveying_licensed_unit") < order.index(
        "obligations.surveying_outbound_approval"
    )


def test_licensed_unit_duty_is_conditional_while_the_handler_is_undeclared() -> None:
    scenario = "gates/surveying_foreign_invested_without_licensed_unit.yaml"
    undeclared = _decide(scenario, foreign_invested=None, surveying_unit=None)
    duty = next(o for o in undeclared.obligations if o.id == "obligations.surveying_licensed_unit")
    assert duty.conditional
    domestic_own = _decide(scenario, foreign_invested=False, surveying_unit="own_qualification")
    assert "obligations.surveying_licensed_unit" not in {o.id for o in domestic_own.obligations}
    domestic_none = _decide(scenario, foreign_invested=False, surveying_unit="none")
    found = next(
        o for o in domestic_none.obligations if o.id == "obligations.surveying_licensed_unit"
    )
    assert not found.conditional


def test_an_mnr_approval_lifts_the_surveying_obligation_but_not_the_licensed_unit() -> None:
    d = _decide("walkthroughs/w4_ads_raw_logs_both_approvals.yaml", foreign_invested=True)
    ids = {o.id for o in d.obligations}
    assert "obligations.surveying_outbound_approval" not in ids
    assert "obligations.surveying_licensed_unit" in ids
