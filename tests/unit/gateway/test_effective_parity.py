"""``assess``, ``plan`` and the export gateway decide a flow on the same effective facts.

Before, ``assess`` (and ``explain``) decided on the raw facts while ``plan`` and ``export``
applied the flow's own de-identification plan: the owners table whose plan drops the ID
numbers was "security assessment" in ``assess`` and released under the standard contract by
``export``. All three now read a flow through ``carborder.decide.effective``; for every demo
flow and the owners case they reach the same pathway.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.console import Console
from tests.gateway_workspace import KEY
from tests.owners_workspace import make_owners_workspace

from carborder.audit.clock import fixed_clock
from carborder.cli.commands.workspace import assess_workspace
from carborder.decide.counting_period import counts_in_period
from carborder.decide.whatif import plan_whatif
from carborder.deid.keys import ENV_VAR
from carborder.gateway import export
from carborder.scan import save_scan, scan
from carborder.workspace.config import Workspace
from carborder.workspace.state import with_stored_state


def _plan_pathway(ws: Workspace, flow_id: str, day: date) -> tuple[str, str]:
    """The current outcome ``carborder plan`` shows (same inputs as the command)."""
    pack = ws.pack()
    inv = with_stored_state(ws, ws.inventory(pack), day)
    counted = counts_in_period(inv.counters, pack, day)
    flow = next(f for f in inv.flows if f.id == flow_id)
    result = plan_whatif(
        flow,
        inventory=inv,
        pack=pack,
        as_of=day,
        detected=ws.detected_facts(),
        ytd_base=(counted.individuals, counted.sensitive_individuals),
        max_steps=0,
    )
    return result.pathway, result.status


def _export_pathway(
    ws: Workspace, flow_id: str, inputs: list[Path], day: date, out: Path
) -> tuple[str | None, str]:
    r = export(
        flow_id,
        workspace=ws.root,
        inputs=inputs,
        output=out,
        dry_run=True,
        clock=fixed_clock(datetime.combine(day, datetime.min.time(), tzinfo=UTC)),
    )
    return r.pathway, r.message


def test_owners_plan_lightens_assess_as_it_lightens_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's 150,000-owner case (20,000 rows on top of 130,000 counted: same band)."""
    monkeypatch.setenv(ENV_VAR, KEY)
    # assess decides the inventory as one batch: keep the planned flow alone (the raw flow's
    # people would count as exported in the same period)
    root = make_owners_workspace(
        tmp_path / "ws", rows=20_000, counted_before=130_000, flows=("owners_planned",)
    )
    # the gateway scans its inputs; assess reads the same scan once it is saved
    save_scan(root, "owners", scan([root / "data" / "owners.parquet"], asset="owners"))
    ws = Workspace.open(root)
    day = date(2025, 10, 31)
    assessed = assess_workspace(ws, as_of=day, flows=["owners_planned"])[0]
    planned = _plan_pathway(ws, "owners_planned", day)
    exported, message = _export_pathway(
        ws, "owners_planned", [root / "data" / "owners.parquet"], day, tmp_path / "out"
    )
    assert assessed.pathway.value == "standard_contract_or_certification", assessed.reasons
    assert assessed.pi.sensitive_individuals == 0
    assert planned[0] == assessed.pathway.value
    assert exported == assessed.pathway.value, message


def test_every_demo_flow_reaches_the_same_pathway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("mcap")
    from carborder.demo.data import write_demo_data
    from carborder.demo.inventory import DEMO_AS_OF, write_demo_inventory
    from carborder.demo.scan_step import scan_demo_assets

    monkeypatch.setenv(ENV_VAR, KEY)
    root = tmp_path / "demo"
    write_demo_inventory(root)
    ws = Workspace.open(root)
    files = write_demo_data(root / "data")
    scan_demo_assets(ws, files, console=Console(quiet=True), actor="test")
    day = date.fromisoformat(DEMO_AS_OF)
    assessed = {d.flow: d for d in assess_workspace(ws, as_of=day)}
    inv = ws.inventory()
    exported_flows = 0
    for flow in inv.flows:
        decision = assessed[flow.id]
        assert _plan_pathway(ws, flow.id, day)[0] == decision.pathway.value, flow.id
        inputs = [p for a in flow.assets for p in files.get(a, [])]
        if not inputs or any(a not in files for a in flow.assets):
            continue  # no data files for this flow in the demo: nothing to export
        pathway, message = _export_pathway(ws, flow.id, inputs, day, tmp_path / flow.id)
        assert pathway == decision.pathway.value, (flow.id, message)
        exported_flows += 1
    assert exported_flows >= 3
