"""What every stage of an export run shares: the workspace's parts, the flow, the clock."""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from carborder.audit.clock import Clock
from carborder.errors import InputError, Msg
from carborder.gateway.scanning import EngineScanner, Scanner
from carborder.model.approval import Approval
from carborder.model.decision import Decision
from carborder.model.facts import Facts
from carborder.model.flow import Flow
from carborder.model.handler import Handler
from carborder.model.inventory import Inventory
from carborder.model.recipient import Recipient
from carborder.rulebook.pack import Pack
from carborder.store.repository import Store

__all__ = [
    "Decider",
    "Progress",
    "RunContext",
    "default_decider",
    "find_flow",
    "os_user",
    "scan_key",
    "workspace_parts",
    "workspace_scanner",
]

#: Called with a stage name as the run progresses (pipelines, progress bars, crash tests).
Progress = Callable[[str], None]


class Decider(Protocol):
    """The decision function (``carborder.decide.decide`` by default)."""

    def __call__(
        self,
        flow: Flow,
        *,
        assets: Mapping[str, Facts],
        handler: Handler,
        recipient: Recipient,
        ytd: Any,
        approvals: Sequence[Approval],
        pack: Pack,
        as_of: date,
        handler_important: bool = False,
    ) -> Decision:
        """Decide one flow."""


@dataclass
class RunContext:
    """One export run's shared state (read-only once built)."""

    workspace: Path
    store: Store
    inventory: Inventory
    pack: Pack
    flow: Flow
    asset: str
    actor: str
    clock: Clock
    progress: Progress
    run_id: str
    #: Extra parts of the scan-reuse key: what besides the file bytes shapes a scan's facts.
    scan_key: tuple[str, ...] = ()


def workspace_parts(
    workspace: Path, pack: Pack | None, inventory: Inventory | None, store: Store | None
) -> tuple[Pack, Inventory, str | None]:
    """The pack, the inventory and the store URL, from the workspace where not given."""
    if pack is not None and inventory is not None:
        return pack, inventory, None
    from carborder.workspace.config import Workspace

    ws = Workspace.open(workspace)
    p = pack or ws.pack()
    return p, inventory or ws.inventory(p), None if store is not None else ws.store_url()


def scan_key(workspace: Path) -> tuple[str, ...]:
    """Scanner version and code digest, sensitive-areas and DBC file hashes: the scan-reuse key."""
    from carborder import __version__
    from carborder.scan.fingerprint import scanner_fingerprint
    from carborder.workspace.config import CONFIG_NAME, Workspace

    key = [f"scanner-{__version__}-{scanner_fingerprint()[:16]}"]
    if (workspace / CONFIG_NAME).is_file():
        ws = Workspace.open(workspace)
        areas = ws.sensitive_areas_path()
        if areas is not None:
            key.append("areas-" + hashlib.sha256(areas.read_bytes()).hexdigest())
        for dbc in ws.dbc_paths():
            key.append("dbc-" + hashlib.sha256(dbc.read_bytes()).hexdigest())
    return tuple(key)


def workspace_scanner(workspace: Path) -> Scanner:
    """The scan engine with the workspace's sensitive areas and DBCs, as assess and explain see them."""
    from carborder.workspace.config import CONFIG_NAME, Workspace

    if not (workspace / CONFIG_NAME).is_file():
        return EngineScanner()
    ws = Workspace.open(workspace)
    return EngineScanner(ws.sensitive_areas_path(), tuple(ws.dbc_paths()))


def default_decider() -> Decider:
    """``carborder.decide.decide``, imported late (the engine loads the rulebook machinery)."""
    from carborder.decide import decide

    return decide


def os_user() -> str:
    """The OS user running the export (the default actor)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def find_flow(inventory: Inventory, flow_id: str) -> Flow:
    """The flow with this id.

    Raises:
        InputError: no such flow (the hint lists the flows).
    """
    for f in inventory.flows:
        if f.id == flow_id:
            return f
    known = ", ".join(f.id for f in inventory.flows)
    raise InputError(
        Msg("err-unknown-flow", flow=flow_id),
        hint=Msg("hint-inventory-flows", flows=known)
        if known
        else Msg("hint-inventory-flows-none"),
    )
