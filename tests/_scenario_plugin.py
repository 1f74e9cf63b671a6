"""Collect tests/scenarios/**/*.yaml as pytest items: each flow's decision must match `expect`."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from carborder.decide import decide_all
from carborder.model.decision import Decision
from carborder.model.scenario import Expect
from carborder.rulebook import Pack, load_pack
from carborder.workspace.io import load_scenario


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if (
        file_path.suffix == ".yaml"
        and "scenarios" in file_path.parts
        and file_path.parent.name != "broken"
    ):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        scenario = load_scenario(self.path, _pack())
        for flow_id in scenario.expect:
            yield ScenarioItem.from_parent(self, name=flow_id)


class ScenarioMismatchError(Exception):
    pass


def check_expectation(decision: Decision, expect: Expect) -> list[str]:
    """Differences between a decision and its expectation (empty when it matches)."""
    problems: list[str] = []
    if decision.pathway.value != expect.pathway:
        problems.append(f"pathway: expected {expect.pathway}, got {decision.pathway.value}")
    if expect.status and decision.status.value != expect.status:
        problems.append(f"status: expected {expect.status}, got {decision.status.value}")
    missing = [r for r in expect.reasons if r not in decision.reasons]
    if missing:
        problems.append(f"reasons missing {missing}; got {decision.reasons}")
    if expect.important is not None:
        got = sorted({i.item for i in decision.important_data if i.result == "matched"})
        if got != sorted(expect.important):
            problems.append(f"important items: expected {sorted(expect.important)}, got {got}")
    if expect.exemption and not any(
        e.id == expect.exemption and e.applied for e in decision.exemptions
    ):
        applied = [e.id for e in decision.exemptions if e.applied]
        problems.append(f"exemption {expect.exemption} did not apply; applied: {applied}")
    cites = {(c.instrument, c.article) for c in decision.cites}
    for c in expect.cites:
        if (c.instrument, c.article) not in cites:
            problems.append(f"citation missing: {c.instrument} {c.article}; got {sorted(cites)}")
    obligations = {o.id for o in decision.obligations}
    for o in expect.obligations:
        if o not in obligations:
            problems.append(f"obligation missing: {o}; got {sorted(obligations)}")
    for o in expect.not_obligations:
        if o in obligations:
            problems.append(f"unexpected obligation: {o}")
    notes = {n.id for n in decision.notes}
    for n in expect.notes:
        if n not in notes:
            problems.append(f"note missing: {n}; got {sorted(notes)}")
    if expect.approval and decision.approval.status != expect.approval:
        problems.append(f"approval: expected {expect.approval}, got {decision.approval.status}")
    if expect.confidence and decision.confidence != expect.confidence:
        problems.append(f"confidence: expected {expect.confidence}, got {decision.confidence}")
    return problems


class ScenarioItem(pytest.Item):
    def runtest(self) -> None:
        assert isinstance(self.parent, ScenarioFile)
        scenario = load_scenario(self.parent.path, _pack())
        decisions = {d.flow: d for d in decide_all(scenario.inventory(), _pack(), scenario.as_of)}
        problems = check_expectation(decisions[self.name], scenario.expect[self.name])
        if problems:
            raise ScenarioMismatchError("\n".join(problems))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, ScenarioMismatchError):
            assert isinstance(self.parent, ScenarioFile)
            name = load_scenario(self.parent.path, _pack()).name
            return f"{self.parent.path}:\nScenario '{name}', flow '{self.name}':\n  " + str(
                excinfo.value
            ).replace("\n", "\n  ")
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario flow {self.name}"
