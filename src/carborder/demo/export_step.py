"""The demo's export step: one refused export, then an approval, then one released export."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from carborder.audit.clock import fixed_clock
from carborder.deid.keys import Keyring
from carborder.gateway.export import ExportResult, export
from carborder.gateway.manifest import verify_manifest
from carborder.model.approval import Approval
from carborder.store.repository import Store
from carborder.workspace.config import Workspace

__all__ = ["DEMO_APPROVAL", "DEMO_FLOW", "run_export_step"]

#: The flow exported by the demo (telemetry with trajectories → standard contract).
DEMO_FLOW = "tsp_to_munich"
#: The filing recorded between the two exports.
DEMO_APPROVAL = "SCC-SH-2026-0217"


def _key(ws: Workspace) -> Keyring:
    key_dir = ws.state_dir / "keys" / "pseudonym"
    ring = Keyring.load(key_dir)
    if ring.active is None:
        Keyring.generate(key_dir)
        ring = Keyring.load(key_dir)
    return ring


def run_export_step(
    ws: Workspace,
    files: dict[str, list[Path]],
    *,
    console: Console,
    as_of: date,
) -> tuple[ExportResult, ExportResult]:
    """Export the demo flow before and after its standard-contract filing is recorded.

    The first run is refused (the flow needs a filing it does not have yet); the second is
    released with a signed manifest, which is then verified together with the audit chain.

    Returns:
        (refused result, released result).
    """
    clock = fixed_clock(datetime.combine(as_of, time(12, 0), tzinfo=UTC))
    inputs = files["tsp_trips"]
    out_root = ws.root / "exports"
    keyring = _key(ws)
    store = Store.for_workspace(ws.root, url=ws.store_url(), clock=clock)
    try:
        refused = export(
            DEMO_FLOW,
            workspace=ws.root,
            inputs=inputs,
            output=out_root / f"{DEMO_FLOW}-refused",
            store=store,
            keyring=keyring,
            actor="demo",
            clock=clock,
        )
        console.print(f"[red]{escape(refused.message)}[/]", highlight=False)
        console.print(escape(refused.message_zh), highlight=False)
        if store.get_approval(DEMO_APPROVAL) is None:
            store.add_approval(
                Approval(
                    id=DEMO_APPROVAL,
                    kind="standard_contract",
                    flows=[DEMO_FLOW],
                    issued=as_of,
                    note="demo: standard contract filed with the provincial CAC",
                ),
                actor="demo",
            )
        console.print(f"recorded approval {DEMO_APPROVAL} (standard_contract) for {DEMO_FLOW}")
        released = export(
            DEMO_FLOW,
            workspace=ws.root,
            inputs=inputs,
            output=out_root / DEMO_FLOW,
            store=store,
            keyring=keyring,
            actor="demo",
            clock=clock,
        )
        console.print(f"[green]{escape(released.message)}[/]", highlight=False)
        for w in released.warnings:
            console.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
        if released.output is not None:
            console.print(verify_manifest(released.output).summary(), highlight=False)
        console.print(store.verify_audit().summary(), highlight=False)
    finally:
        store.close()
    return refused, released
