"""The issue's owners table: the plan that drops IDs and names lightens the flow, end to end.

The default run uses 20,000 owners on top of 130,000 already exported this year (the same
standard-contract band as the full table); the full 150,000-owner table runs under ``slow``.
The decision date is 2025-10-31, the last day GB/T 35273-2020 alone decides that ID numbers
are sensitive PI: without the plan the flow needs a security assessment.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.gateway_workspace import KEY
from tests.owners_workspace import make_owners_workspace

from carborder.audit.clock import fixed_clock
from carborder.decide import decide_all
from carborder.decide.whatif import plan_whatif
from carborder.deid.keys import ENV_VAR
from carborder.gateway import export
from carborder.scan import save_scan, scan
from carborder.store import Store
from carborder.workspace.config import Workspace

DAY = datetime(2025, 10, 31, 9, 0, tzinfo=UTC)
CLOCK = fixed_clock(DAY)


def _counters(ws: Path) -> dict[str, int]:
    w = Workspace.open(ws)
    store = Store.for_workspace(w.root, url=w.store_url())
    try:
        return {k: v.estimate for k, v in store.counters("huaxin", DAY.year).items()}
    finally:
        store.close()


def _owners_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, before: int) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_owners_workspace(tmp_path / "ws", rows=rows, counted_before=before)
    data = [ws / "data" / "owners.parquet"]

    raw = export("owners_raw", workspace=ws, inputs=data, output=ws / "raw", clock=CLOCK)
    assert raw.status == "refused" and raw.pathway == "security_assessment"
    assert "pathways.assessment_sensitive_pi_volume" in raw.reasons

    r = export("owners_planned", workspace=ws, inputs=data, output=ws / "out", clock=CLOCK)
    assert r.status == "released", r.message
    assert r.pathway == "standard_contract_or_certification"
    assert r.reasons == ["pathways.contract_pi_volume"]
    out = pq.read_table(ws / "out" / "owners.parquet")
    assert "证件号码" not in out.column_names and "车主姓名" not in out.column_names
    # the re-scan proved the plan: no ID number column, no phone number left in the remarks
    assert not any(re.search(r"1[3-9]\d{9}", v or "") for v in out.column("备注").to_pylist())
    counted = _counters(ws)
    assert counted.get("pi.sensitive_individuals", 0) == 0  # nobody's sensitive PI left
    assert abs(counted["pi.individuals"] - rows) <= rows * 0.02


def test_owners_table_leaves_under_standard_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _owners_case(tmp_path, monkeypatch, rows=20_000, before=130_000)


@pytest.mark.slow
def test_full_owners_table_leaves_under_standard_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _owners_case(tmp_path, monkeypatch, rows=150_000, before=0)


def test_plan_finds_the_lightening_plan_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_owners_workspace(tmp_path / "ws", rows=20_000, counted_before=130_000)
    save_scan(ws, "owners", scan([ws / "data" / "owners.parquet"], asset="owners"))
    w = Workspace.open(ws)
    pack = w.pack()
    inv = w.inventory(pack)
    raw = next(f for f in inv.flows if f.id == "owners_raw")
    result = plan_whatif(
        raw,
        inventory=inv,
        pack=pack,
        as_of=DAY.date(),
        detected=w.detected_facts(),
        ytd_base=(130_000, 0),
    )
    assert result.pathway == "security_assessment"
    best = result.best
    assert best is not None, "no plan found"
    assert (best.pathway, best.status) == ("standard_contract_or_certification", "allowed")
    dropped = {k for s in best.steps if s.op == "drop" for k in s.params.get("kinds", [])}
    assert "id_number" in dropped
    assert best.changed["pi.sensitive_individuals"] == 0


def test_exempt_hr_export_is_not_counted_by_the_gateway_nor_by_assess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_owners_workspace(tmp_path / "ws", rows=500, counted_before=99_700)
    staff = [ws / "data" / "staff.parquet"]
    r = export("staff_hr", workspace=ws, inputs=staff, output=ws / "hr", clock=CLOCK)
    assert r.status == "released" and r.pathway == "exempt", r.message
    assert any("not counted" in w and "exemptions.hr_management" in w for w in r.warnings)
    assert _counters(ws) == {}  # the 300 employees do not count toward anyone's thresholds

    # assess reads the same rule: the HR flow's people are left out of every flow's total
    w = Workspace.open(ws)
    pack = w.pack()
    decisions = {d.flow: d for d in decide_all(w.inventory(pack), pack, DAY.date())}
    hr = decisions["staff_hr"]
    assert hr.pi.counts_toward_thresholds is False
    assert any(s.rule == "counting.year_to_date" for s in hr.trace)
