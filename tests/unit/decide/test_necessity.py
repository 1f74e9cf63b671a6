"""Exemptions whose law asks that the transfer be necessary read the handler's recorded necessity.

Each scenario below is exempt with `truly_necessary: true` on its flow. The same flow with the fact
undeclared must not be exempt (fail closed) and the decision must name the fact to declare; with the
fact recorded as false the exemption's conditions are not met. The scenario files are the oracle for
the exempt side; these tests only vary the one fact.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from carborder.decide import decide_all
from carborder.model.decision import Decision
from carborder.model.scenario import Scenario
from carborder.rulebook import Pack, load_pack
from carborder.workspace.io import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

# scenario file, flow, the exemption its law conditions on necessity
NECESSITY_EXEMPTIONS = [
    ("exemptions/contract_with_individual_applies.yaml", "orders_to_factory"),
    ("exemptions/emergency_applies.yaml", "ecall_to_hub"),
    ("exemptions/hr_management_applies.yaml", None),
    ("exemptions/statutory_duty_in_force.yaml", None),
    ("exemptions/incident_reported_applies.yaml", "forensics_to_cert"),
    ("walkthroughs/w2_vulnerability_crash_dumps.yaml", "dumps_to_lab"),
    ("exemptions/ota_source_filed_applies.yaml", None),
]


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _scenario(path: str) -> Scenario:
    return load_scenario(SCENARIOS / path, _pack())


def _with_necessity(scenario: Scenario, value: bool | None) -> Scenario:
    flows = [f.model_copy(update={"truly_necessary": value}) for f in scenario.flows]
    return scenario.model_copy(update={"flows": flows})


def _decisions(scenario: Scenario) -> dict[str, Decision]:
    return {d.flow: d for d in decide_all(scenario.inventory(), _pack(), scenario.as_of)}


def _applied(decision: Decision, exemption: str) -> bool:
    return any(e.id == exemption and e.applied for e in decision.exemptions)


def _exempt_flow(scenario: Scenario, flow: str | None) -> tuple[str, str]:
    """The flow the scenario expects exempt and the exemption it expects."""
    for flow_id, expect in scenario.expect.items():
        if (flow is None or flow_id == flow) and expect.exemption:
            return flow_id, expect.exemption
    raise AssertionError("the scenario expects no exemption")


@pytest.mark.parametrize(("path", "flow"), NECESSITY_EXEMPTIONS)
def test_recorded_necessity_grants_the_exemption(path: str, flow: str | None) -> None:
    scenario = _scenario(path)
    flow_id, exemption = _exempt_flow(scenario, flow)
    decision = _decisions(_with_necessity(scenario, True))[flow_id]
    assert _applied(decision, exemption)


@pytest.mark.parametrize(("path", "flow"), NECESSITY_EXEMPTIONS)
def test_undeclared_necessity_fails_closed_and_names_the_fact(path: str, flow: str | None) -> None:
    scenario = _scenario(path)
    flow_id, exemption = _exempt_flow(scenario, flow)
    decision = _decisions(_with_necessity(scenario, None))[flow_id]
    assert not _applied(decision, exemption)
    check = next(e for e in decision.exemptions if e.id == exemption)
    assert not check.applied
    assert check.result == "unknown"
    assert "flow.truly_necessary" in check.why
    step = next(s for s in decision.trace if s.rule == exemption)
    assert step.result == "unknown"


@pytest.mark.parametrize(("path", "flow"), NECESSITY_EXEMPTIONS)
def test_necessity_recorded_false_does_not_exempt(path: str, flow: str | None) -> None:
    scenario = _scenario(path)
    flow_id, exemption = _exempt_flow(scenario, flow)
    decision = _decisions(_with_necessity(scenario, False))[flow_id]
    assert not _applied(decision, exemption)
    check = next(e for e in decision.exemptions if e.id == exemption)
    assert not check.applied
    assert check.result == "false"
    assert "flow.truly_necessary=False" in check.why
