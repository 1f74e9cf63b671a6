"""The demo's export step: one refused export, then an approval, then one released export.

Then the ADAS drive log (MCAP) goes to the same gateway: refused, because outside-vehicle
video with plates is important data (security assessment) and the drive passes the
surveying-data gate (MNR approval); a dry run shows what blurring and coarsening would change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from carborder.audit.clock import Clock, fixed_clock
from carborder.decide.scope_now import scope_of_flows
from carborder.deid.keys import Keyring
from carborder.gateway.export import ExportResult, export
from carborder.gateway.manifest import verify_manifest
from carborder.gateway.signing import trusted_workspace_keys
from carborder.i18n import messages
from carborder.model.approval import Approval
from carborder.model.flow import DeidStep
from carborder.store.repository import Store
from carborder.workspace.config import Workspace

__all__ = [
    "DEMO_APPROVAL",
    "DEMO_FLOW",
    "MEDIA_FLOW",
    "MEDIA_WHATIF_PLAN",
    "run_export_step",
    "run_media_export_step",
]

#: The flow exported by the demo (telemetry with trajectories → standard contract).
DEMO_FLOW = "tsp_to_munich"
#: The filing recorded between the two exports.
DEMO_APPROVAL = "SCC-SH-2026-0217"
#: The vehicle-data flow tried after the tabular one (ADAS drive log → US ML lab).
MEDIA_FLOW = "adas_to_us"
#: The plan of the dry run: what hiding faces/plates and coarsening GNSS would change.
MEDIA_WHATIF_PLAN = [
    DeidStep(op="blur_regions", params={"targets": ["faces", "plates"], "method": "blur"}),
    DeidStep(op="generalise_geo", params={"precision_m": 1000}),
]


def _say(console: Console, result: ExportResult, style: str, lang: str) -> None:
    """The gateway's verdict: in English and Chinese (the demo shows both), or Chinese only."""
    if lang != "zh":
        console.print(f"[{style}]{escape(result.message)}[/]", highlight=False)
    console.print(
        escape(result.message_zh) if lang != "zh" else f"[{style}]{escape(result.message_zh)}[/]",
        highlight=False,
    )


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
    lang: str = "en",
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
        _say(console, refused, "red", lang)
        if store.get_approval(DEMO_APPROVAL) is None:
            pack = ws.pack()
            # recorded with the scope it was filed for (the flow as it leaves today): without
            # it the filing would cover nothing
            scope = scope_of_flows(
                ws.inventory(pack), [DEMO_FLOW], pack, as_of, ws.detected_facts()
            )
            store.add_approval(
                Approval(
                    id=DEMO_APPROVAL,
                    kind="standard_contract",
                    flows=[DEMO_FLOW],
                    issued=as_of,
                    note="demo: standard contract filed with the provincial CAC",
                    scope=scope,
                ),
                actor="demo",
            )
        m = messages(lang)
        console.print(
            m(
                "demo-approval-recorded",
                id=DEMO_APPROVAL,
                kind="standard_contract",
                flow=DEMO_FLOW,
            ),
            highlight=False,
        )
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
        if lang == "zh":
            console.print(f"[green]{escape(released.message_zh)}[/]", highlight=False)
        else:
            console.print(f"[green]{escape(released.message)}[/]", highlight=False)
        for w in released.warnings:
            console.print(f"[yellow]{m('label-warning')}:[/] {escape(w)}", highlight=False)
        if released.output is not None:
            trusted = trusted_workspace_keys(ws.root)
            console.print(
                escape(verify_manifest(released.output, trusted=trusted).summary(lang)),
                highlight=False,
            )
        if files.get("adas_drive_log"):
            run_media_export_step(
                ws, files, console=console, store=store, keyring=keyring, clock=clock, lang=lang
            )
        console.print(escape(store.verify_audit().summary(lang)), highlight=False)
    finally:
        store.close()
    return refused, released


def run_media_export_step(
    ws: Workspace,
    files: dict[str, list[Path]],
    *,
    console: Console,
    store: Store,
    keyring: Keyring,
    clock: Clock,
    lang: str = "en",
) -> tuple[ExportResult, ExportResult]:
    """Try to export the ADAS drive log (MCAP) to the US lab, then dry-run a blur plan.

    The export is refused: the drive passes the surveying-data gate (an MNR approval is
    needed) and outside-vehicle video with plates is important data (a CAC security
    assessment is needed). The dry run, with a plan that is not in the inventory, shows
    plates and faces gone after blurring while the flow stays refused.

    Returns:
        (refused export, dry run with the blur plan).
    """
    inputs = files["adas_drive_log"]
    m = messages(lang)
    names = m.join(p.name for p in inputs)
    console.print(m("demo-vehicle-data", flow=MEDIA_FLOW, files=names), highlight=False)
    refused = export(
        MEDIA_FLOW,
        workspace=ws.root,
        inputs=inputs,
        output=ws.root / "exports" / MEDIA_FLOW,
        store=store,
        keyring=keyring,
        actor="demo",
        clock=clock,
    )
    _say(console, refused, "red" if refused.status == "refused" else "green", lang)

    pack = ws.pack()
    inventory = ws.inventory(pack)
    flows = [
        f.model_copy(update={"deid": [*f.deid, *MEDIA_WHATIF_PLAN]}) if f.id == MEDIA_FLOW else f
        for f in inventory.flows
    ]
    plan = m.join(s.op for s in MEDIA_WHATIF_PLAN)
    console.print(m("demo-dry-run", flow=MEDIA_FLOW, plan=plan), highlight=False)
    dry = export(
        MEDIA_FLOW,
        workspace=ws.root,
        inputs=inputs,
        output=ws.root / "exports" / f"{MEDIA_FLOW}-dry-run",
        dry_run=True,
        inventory=inventory.model_copy(update={"flows": flows}),
        pack=pack,
        store=store,
        keyring=keyring,
        actor="demo",
        clock=clock,
    )
    _say(console, dry, "yellow" if dry.status == "refused" else "green", lang)
    return refused, dry
