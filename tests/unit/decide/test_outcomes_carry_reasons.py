"""Every outcome carries its reasons; a day the pack has no rule for is refused, not "exempt".

``decide()`` called directly for a date before the 2024 Provisions (the pack's first pathway
rules) used to return ``exempt`` with no reasons and no citation: nothing was evaluated, and
the lightest pathway won by default. The engine now refuses such a day (PackError, as
``decide_all`` does for a counting period it cannot count), and an outcome where nothing
triggered names the rules that were evaluated, with their citations.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from carborder.decide import YearToDate, decide, decide_all
from carborder.errors import PackError
from carborder.model.decision import Decision
from carborder.model.inventory import Inventory
from carborder.rulebook import load_pack
from carborder.rulebook.schema import Exemption, PathwayRule
from carborder.workspace.io import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _inventory(pi_kinds: list[str], individuals: int) -> Inventory:
    return Inventory.model_validate(
        {
            "handler": {"id": "h", "type": "oem"},
            "assets": [
                {
                    "id": "a",
                    "facts": {
                        "origin": "domestic",
                        "domain": "sales_service",
                        "content.kinds": ["customer_records"],
                        "pi.kinds": pi_kinds,
                        "pi.individuals": individuals,
                        "pi.sensitive_kinds": [],
                        "pi.sensitive_individuals": 0,
                        "camera.outside_vehicle": False,
                        "camera.cabin": False,
                        "geo.present": False,
                    },
                }
            ],
            "recipients": [{"id": "r", "country": "DE"}],
            "flows": [
                {
                    "id": "f",
                    "activity": "transfer",
                    "assets": ["a"],
                    "recipient": "r",
                    "scenario": "other",
                }
            ],
        }
    )


def _decide_owners_on(day: date) -> Decision:
    """The 150,000-owner name+phone flow decided on ``day``."""
    inv = _inventory(["name", "phone"], 150_000)
    return decide(
        inv.flows[0],
        assets={"a": inv.assets[0].facts},
        handler=inv.handler,
        recipient=inv.recipients[0],
        ytd=YearToDate(individuals=150_000, sensitive_individuals=0),
        approvals=[],
        pack=load_pack(),
        as_of=day,
    )


@pytest.mark.parametrize("day", [date(2023, 6, 1), date(2024, 3, 21)])
def test_decide_before_the_packs_first_rule_is_refused_not_exempt(day: date) -> None:
    with pytest.raises(PackError, match="2024-03-22"):
        _decide_owners_on(day)


def test_first_day_of_the_rules_decides_with_reasons() -> None:
    d = _decide_owners_on(date(2024, 3, 22))
    assert d.pathway.value == "standard_contract_or_certification"
    assert d.reasons == ["pathways.contract_pi_volume"] and d.cites


def test_an_untriggered_exempt_outcome_names_the_rules_it_evaluated() -> None:
    # This pack's small-volume exemption names itself as the reason of every light flow; a pack
    # without exemptions shows the engine's own guarantee (no outcome without reasons).
    full = load_pack()
    pack = dataclasses.replace(
        full, rules={k: r for k, r in full.rules.items() if not isinstance(r, Exemption)}
    )
    day = date(2026, 6, 30)
    (d,) = decide_all(_inventory(["name"], 50), pack, day)
    assert d.pathway.value == "exempt"
    in_force = [r.id for r in pack.of_kind(PathwayRule, day)]
    assert d.reasons == in_force
    assert all(s.result == "false" for s in d.trace if s.rule in in_force)
    assert {c.instrument for c in d.cites} >= {"cac_provisions_2024"}


def test_every_scenario_outcome_carries_reasons_and_citations() -> None:
    pack = load_pack()
    checked = 0
    for path in sorted(SCENARIOS.rglob("*.yaml")):
        if "broken" in path.parts:
            continue
        scenario = load_scenario(path, pack)
        for d in decide_all(scenario.inventory(), pack, scenario.as_of):
            assert d.reasons, f"{path.name}: {d.flow} has no reasons"
            assert d.cites, f"{path.name}: {d.flow} cites nothing"
            checked += 1
    assert checked > 100
