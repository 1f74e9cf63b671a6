"""The workspace as the server sees it: inventory, detected facts and decisions, cached.

Deciding a thousand flows takes seconds, a page must take milliseconds; so decisions are
cached under a fingerprint of everything they read — inventory and config files, saved
scans, approvals and counters in the store, and today's date — and recomputed as soon as any
of those changes. Nothing stale is ever shown: the fingerprint is checked on every request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from carborder.audit.clock import Clock
from carborder.decide import decide_all
from carborder.errors import Msg
from carborder.model.decision import Decision
from carborder.model.facts import Facts
from carborder.model.inventory import Inventory
from carborder.rulebook.pack import Pack
from carborder.scan.persist import load_scans
from carborder.scan.result import ScanResult
from carborder.store.repository import Store
from carborder.store.tables import ApprovalRow, CounterRow
from carborder.web.errors import NotFoundError
from carborder.workspace.config import CONFIG_NAME, Workspace
from carborder.workspace.state import with_stored_state

__all__ = ["Snapshot", "WorkspaceState"]


@dataclass
class Snapshot:
    """One consistent view: the inventory with live state, detected facts, decisions so far."""

    key: tuple[Any, ...]
    as_of: date
    inventory: Inventory
    detected: dict[str, Facts]
    scans: dict[str, ScanResult]
    decisions: dict[str, Decision]
    complete: bool = False


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (path.name, 0, -1)
    return (path.name, st.st_mtime_ns, st.st_size)


class WorkspaceState:
    """Cached inventory and decisions of one workspace, safe to share between threads.

    Args:
        workspace: The workspace.
        store: Its store (approvals and counters are read from it).
        clock: Today's date for decisions comes from here.
    """

    def __init__(self, workspace: Workspace, store: Store, clock: Clock) -> None:
        self.workspace = workspace
        self.store = store
        self.clock = clock
        self._lock = threading.RLock()
        self._snapshot: Snapshot | None = None
        self._base: tuple[tuple[Any, ...], Inventory] | None = None

    @property
    def pack(self) -> Pack:
        """The workspace's rulebook pack (loaded once)."""
        return self.workspace.pack()

    def today(self) -> date:
        """The date decisions are made for."""
        return self.clock().date()

    # -- fingerprints ----------------------------------------------------------------------

    def _file_key(self) -> tuple[Any, ...]:
        root = self.workspace.root
        inventory = tuple(_stat(p) for p in self.workspace.inventory_files())
        scans_dir = self.workspace.state_dir / "scans"
        scans = (
            tuple(_stat(p) for p in sorted(scans_dir.glob("*.json"))) if scans_dir.is_dir() else ()
        )
        return (_stat(root / CONFIG_NAME), inventory, scans)

    def _store_key(self) -> tuple[Any, ...]:
        with Session(self.store.engine) as s:
            approvals = s.execute(
                select(
                    func.count(),
                    func.max(ApprovalRow.created),
                    # revocations change decisions too (a boolean sum is not portable)
                    func.sum(case((ApprovalRow.revoked, 1), else_=0)),
                    # so do scopes recorded after the approval (an unscoped one covers nothing)
                    func.sum(case((ApprovalRow.scope_json.is_not(None), 1), else_=0)),
                ).select_from(ApprovalRow)
            ).one()
            counters = s.execute(
                select(func.count(), func.max(CounterRow.updated), func.sum(CounterRow.version))
            ).one()
        return (tuple(approvals), tuple(counters))

    # -- the snapshot ----------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current view (decisions are filled in lazily, per flow or all at once)."""
        file_key = self._file_key()
        key = (file_key, self._store_key(), self.today())
        with self._lock:
            if self._snapshot is not None and self._snapshot.key == key:
                return self._snapshot
            if self._base is None or self._base[0] != file_key:
                base = self.workspace.inventory(self.pack)
                self._base = (file_key, base)
            as_of = self.today()
            inventory = with_stored_state(self.workspace, self._base[1], as_of, store=self.store)
            scans = load_scans(self.workspace.root)
            self._snapshot = Snapshot(
                key=key,
                as_of=as_of,
                inventory=inventory,
                detected={asset: dict(result.facts) for asset, result in scans.items()},
                scans=scans,
                decisions={},
            )
            return self._snapshot

    def decisions(self) -> list[Decision]:
        """Every flow's decision, in inventory order."""
        snap = self.snapshot()
        with self._lock:
            if not snap.complete:
                missing = [f.id for f in snap.inventory.flows if f.id not in snap.decisions]
                if missing:
                    self._decide(snap, missing)
                snap.complete = True
            return [snap.decisions[f.id] for f in snap.inventory.flows]

    def decision(self, flow_id: str) -> Decision:
        """One flow's decision.

        Raises:
            NotFoundError: no such flow.
        """
        snap = self.snapshot()
        if flow_id not in {f.id for f in snap.inventory.flows}:
            raise NotFoundError(
                Msg("web-no", what=Msg("thing-flow"), id=str(flow_id)),
                hint=Msg("web-hint-see", url="/api/v1/flows"),
            )
        with self._lock:
            if flow_id not in snap.decisions:
                self._decide(snap, [flow_id])
            return snap.decisions[flow_id]

    def _decide(self, snap: Snapshot, flows: list[str]) -> None:
        made = decide_all(
            snap.inventory, self.pack, snap.as_of, detected=snap.detected, flows=flows
        )
        snap.decisions.update({d.flow: d for d in made})

    def invalidate(self) -> None:
        """Forget everything (after a change the fingerprint cannot see)."""
        with self._lock:
            self._snapshot = None
            self._base = None
