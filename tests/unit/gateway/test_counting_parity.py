"""``plan``, ``assess`` and the export gateway count people and owe duties by the same rules.

Three mechanisms each had their own reading before: ``plan`` added an HR-exempt flow's people
to the year to date (assess and export leave them out, by the pack's counting rule); the
gateway took the counting year from the export date instead of the pack's counting period;
and its decisions did not know the handler holds important data in another asset (assess
does), so the handler-level annual reports were missing at export time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.gateway_workspace import KEY
from tests.owners_workspace import make_owners_workspace

from carborder.audit.clock import fixed_clock
from carborder.decide import decide_all
from carborder.decide.whatif import plan_whatif
from carborder.deid.keys import ENV_VAR
from carborder.errors import PackError
from carborder.gateway import export
from carborder.model.decision import Decision
from carborder.scan import save_scan, scan
from carborder.store import Store
from carborder.workspace.config import Workspace

DAY = datetime(2025, 10, 31, 9, 0, tzinfo=UTC)
CLOCK = fixed_clock(DAY)
BEFORE = 99_700  # individuals declared exported earlier in 2025
STAFF = 300  # rows of the owners workspace's staff table


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


def _counters(ws: Path) -> dict[str, int]:
    store = _store(ws)
    try:
        return {k: v.estimate for k, v in store.counters("huaxin", DAY.year).items()}
    finally:
        store.close()


def _stored_decision(ws: Path, decision_id: str) -> dict[str, Any]:
    store = _store(ws)
    try:
        rec = store.get_decision(decision_id)
        assert rec is not None
        return {"input": rec.input, "result": rec.result}
    finally:
        store.close()


def _assess(ws: Path, *, drop_flow: str | None = None) -> dict[str, Decision]:
    w = Workspace.open(ws)
    pack = w.pack()
    inv = w.inventory(pack)
    if drop_flow is not None:
        inv = inv.model_copy(update={"flows": [f for f in inv.flows if f.id != drop_flow]})
    decisions = decide_all(inv, pack, DAY.date(), detected=w.detected_facts())
    return {d.flow: d for d in decisions}


def _plan(ws: Path, flow_id: str, base: tuple[int, int]) -> tuple[int | None, int | None]:
    w = Workspace.open(ws)
    pack = w.pack()
    inv = w.inventory(pack)
    flow = next(f for f in inv.flows if f.id == flow_id)
    result = plan_whatif(
        flow, inventory=inv, pack=pack, as_of=DAY.date(), detected=w.detected_facts(), ytd_base=base
    )
    return result.ytd_individuals, result.ytd_sensitive_individuals


def _scanned_workspace(tmp_path: Path) -> Path:
    ws = make_owners_workspace(tmp_path / "ws", rows=500, counted_before=BEFORE)
    for asset in ("owners", "staff"):  # every count known, so totals are numbers
        save_scan(ws, asset, scan([ws / "data" / f"{asset}.parquet"], asset=asset))
    return ws


def test_hr_exempt_flow_adds_nobody_in_plan_assess_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = _scanned_workspace(tmp_path)
    base = (BEFORE, 0)

    # plan: the exempt flow decides with the totals it found
    assert _plan(ws, "staff_hr", base) == base
    # control: a counted flow's own people do add in plan (the count is live)
    planned_owners = _plan(ws, "owners_raw", base)
    assert planned_owners[0] is not None and planned_owners[0] > BEFORE

    # assess: with or without the HR flow, every flow sees the same totals
    with_hr = _assess(ws)
    without_hr = _assess(ws, drop_flow="staff_hr")
    assert with_hr["staff_hr"].pi.counts_toward_thresholds is False
    for fid, d in without_hr.items():
        got = (with_hr[fid].pi.ytd_individuals, with_hr[fid].pi.ytd_sensitive_individuals)
        assert got == (d.pi.ytd_individuals, d.pi.ytd_sensitive_individuals)
    assert with_hr["staff_hr"].pi.ytd_individuals == without_hr["owners_raw"].pi.ytd_individuals

    # export: released, decided with the totals it found, and the counters do not move
    r = export(
        "staff_hr",
        workspace=ws,
        inputs=[ws / "data" / "staff.parquet"],
        output=ws / "hr",
        clock=CLOCK,
    )
    assert r.status == "released" and r.pathway == "exempt", r.message
    assert _stored_decision(ws, r.decision_id)["input"]["ytd"] == list(base)
    assert _counters(ws) == {}


def test_gateway_counts_over_the_packs_counting_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before 2024-03-22 the pack's period spans two calendar years: the export refuses to guess."""
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_owners_workspace(tmp_path / "ws", rows=50, counted_before=0)
    day = datetime(2023, 6, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(PackError, match="year_to_date_period"):
        export(
            "staff_hr",
            workspace=ws,
            inputs=[ws / "data" / "staff.parquet"],
            output=ws / "hr",
            clock=fixed_clock(day),
        )
    assert not (ws / "hr").exists()  # nothing left the gateway
    store = _store(ws)
    try:
        assert store.counters("huaxin", 2023) == {}
    finally:
        store.close()
    # assess refuses the same date for the same reason
    w = Workspace.open(ws)
    pack = w.pack()
    with pytest.raises(PackError, match="year_to_date_period"):
        decide_all(w.inventory(pack), pack, date(2023, 6, 1))


def _add_important_asset(ws: Path) -> None:
    """A district traffic heat map (vehicle flow: an important-data item) that no flow carries."""
    path = ws / "inventory" / "assets.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["assets"].append(
        {
            "id": "district_traffic",
            "facts": {
                "origin": "domestic",
                "pi.kinds": [],
                "pi.individuals": 0,
                "pi.sensitive_kinds": [],
                "pi.sensitive_individuals": 0,
                "camera.outside_vehicle": False,
                "camera.cabin": False,
                "domain": "connected_operation",
                "content.kinds": ["telemetry"],
                "vehicle_flow": True,
            },
        }
    )
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_export_owes_the_handler_level_reports_assess_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_owners_workspace(tmp_path / "ws", rows=50, counted_before=0)
    _add_important_asset(ws)
    assessed = _assess(ws)["staff_hr"]
    owed = [o.id for o in assessed.obligations]
    assert "obligations.annual_report" in owed
    assert "obligations.ndsr_annual_risk_report" in owed
    assert not any(m.result == "matched" for m in assessed.important_data)  # none in the flow

    r = export(
        "staff_hr",
        workspace=ws,
        inputs=[ws / "data" / "staff.parquet"],
        output=ws / "hr",
        clock=CLOCK,
    )
    assert r.status == "released", r.message
    exported = Decision.model_validate(_stored_decision(ws, r.decision_id)["result"])
    assert [o.id for o in exported.obligations] == owed

    # plan reads the same handler: its decision owes the reports too
    w = Workspace.open(ws)
    pack = w.pack()
    inv = w.inventory(pack)
    flow = next(f for f in inv.flows if f.id == "staff_hr")
    seen: list[Decision] = []

    def recording(*args: Any, **kwargs: Any) -> Decision:
        from carborder.decide import decide

        d = decide(*args, **kwargs)
        seen.append(d)
        return d

    plan_whatif(flow, inventory=inv, pack=pack, as_of=DAY.date(), decider=recording, max_steps=1)
    assert [o.id for o in seen[0].obligations] == owed
