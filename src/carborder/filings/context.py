"""Everything a filing is filled from: workspace, decisions, merged facts and the gateway's history."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from carborder.decide import decide_all, merge_declared_detected
from carborder.errors import FilingError, Msg
from carborder.filings.answers import Answers
from carborder.filings.catalogue import Catalogue
from carborder.filings.schema import DocumentTemplate
from carborder.model.asset import Asset
from carborder.model.decision import Decision
from carborder.model.facts import Facts
from carborder.model.flow import Flow
from carborder.model.inventory import Inventory
from carborder.model.merge import Conflict
from carborder.model.recipient import Recipient
from carborder.rulebook.pack import Pack
from carborder.workspace.config import Workspace
from carborder.workspace.state import with_stored_state

__all__ = ["FilingContext", "History", "Release", "open_context"]


@dataclass(frozen=True)
class Release:
    """A released export run as the gateway recorded it."""

    run_id: str
    flow_id: str
    finished: str
    rows: int
    bytes: int
    manifest_sha256: str


@dataclass
class History:
    """The store's record: counters per year, releases, refusals and stored decisions.

    Read-only; a workspace that never exported has an empty history.
    """

    counters: dict[int, dict[str, int]] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    refusals: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    events: int = 0
    chain_ok: bool | None = None

    @classmethod
    def load(cls, ws: Workspace, handler_id: str, years: range) -> History:
        """Read the workspace store (nothing is created when it does not exist)."""
        url = ws.store_url()
        if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
            return cls()
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from carborder.gateway.pending import year_to_date
        from carborder.store.repository import Store
        from carborder.store.tables import ManifestRow

        store = Store.for_workspace(ws.root, url=url)
        try:
            hist = cls()
            for year in years:
                sketches = year_to_date(store, handler_id, year)
                if sketches:
                    hist.counters[year] = {k: s.estimate for k, s in sketches.items()}
            with Session(store.engine) as s:
                bodies = {
                    r.run_id: json.loads(r.body_json)
                    for r in s.execute(select(ManifestRow)).scalars().all()
                }
            for run in store.runs(status="released"):
                body = bodies.get(run.id, {})
                if isinstance(body, dict) and isinstance(body.get("body"), dict):
                    body = body["body"]  # stored as signed: {"body": ..., "signature": ...}
                files = body.get("files", []) if isinstance(body, dict) else []
                hist.releases.append(
                    Release(
                        run_id=run.id,
                        flow_id=run.flow_id,
                        finished=run.finished or run.created,
                        rows=sum(max(int(f.get("rows") or 0), 0) for f in files),
                        bytes=sum(int(f.get("bytes") or 0) for f in files),
                        manifest_sha256=run.manifest_sha256 or "",
                    )
                )
            for event in store.iter_events():
                hist.events += 1
                if event.name == "export.refused":
                    hist.refusals.append({"created": event.created, **event.payload})
                elif event.name == "decision.recorded":
                    hist.decisions.append({"created": event.created, **event.payload})
            hist.chain_ok = store.verify_audit().ok
            return hist
        finally:
            store.close()

    def stored_decision(self, ws: Workspace, decision_id: str) -> dict[str, Any] | None:
        """The stored input and result of one decision, or None."""
        from carborder.store.repository import Store

        store = Store.for_workspace(ws.root, url=ws.store_url())
        try:
            d = store.get_decision(decision_id)
        finally:
            store.close()
        return None if d is None else {"input": d.input, "result": d.result, "as_of": d.as_of}


@dataclass
class FilingContext:
    """The facts of one filing: a flow (or the whole workspace for the annual report) on a date."""

    workspace: Workspace
    catalogue: Catalogue
    pack: Pack
    inventory: Inventory
    as_of: date
    decisions: dict[str, Decision]
    detected: dict[str, Facts]
    flow: Flow | None = None
    year: int = 0
    template: DocumentTemplate | None = None
    answers: Answers | None = None
    documents: dict[str, str] = field(default_factory=dict)

    @property
    def decision(self) -> Decision:
        """The decision of the filing's flow."""
        if self.flow is None:
            raise FilingError(Msg("err-field-needs-flow"), hint=Msg("hint-field-needs-flow"))
        return self.decisions[self.flow.id]

    @property
    def recipient(self) -> Recipient:
        """The flow's recipient."""
        if self.flow is None:
            raise FilingError(Msg("err-field-needs-flow"), hint=Msg("hint-field-needs-flow"))
        return self.inventory.recipient(self.flow.recipient)

    @property
    def flows(self) -> list[Flow]:
        """The flows the filing covers: its flow, or all of them for workspace-wide reports."""
        return [self.flow] if self.flow is not None else list(self.inventory.flows)

    def assets_of(self, flows: list[Flow]) -> list[Asset]:
        """Assets carried by these flows, once each, in inventory order."""
        ids = {a for f in flows for a in f.assets}
        return [a for a in self.inventory.assets if a.id in ids]

    @cached_property
    def merged(self) -> dict[str, tuple[Facts, list[Conflict]]]:
        """Declared facts merged with detected ones, per asset (stricter reading wins).

        Sensitive categories include those the pack's dated mapping derives from the PI kinds
        on the filing date (scans report kinds only).
        """
        from carborder.decide.facts_view import with_sensitive_categories

        out: dict[str, tuple[Facts, list[Conflict]]] = {}
        for a in self.inventory.assets:
            facts, conflicts = merge_declared_detected(
                self.pack, a.facts, self.detected.get(a.id, {})
            )
            out[a.id] = (with_sensitive_categories(self.pack, facts, self.as_of), conflicts)
        return out

    @cached_property
    def history(self) -> History:
        """The store's record (years from three before the filing year to it)."""
        year = self.year or self.as_of.year
        return History.load(self.workspace, self.inventory.handler.id, range(year - 3, year + 1))


def open_context(
    ws: Workspace, catalogue: Catalogue, as_of: date, *, flow: str | None = None, year: int = 0
) -> FilingContext:
    """Decide every flow of the workspace as of ``as_of`` and gather the filing's facts.

    Raises:
        FilingError: ``flow`` is not in the inventory.
    """
    pack = ws.pack()
    inventory = ws.inventory(pack)
    if flow is not None and flow not in {f.id for f in inventory.flows}:
        raise FilingError(
            Msg("web-unknown", what=Msg("thing-flow"), id=flow),
            file=ws.root / "inventory",
            hint=Msg(
                "web-known",
                what=Msg("things-flow"),
                known=", ".join(f.id for f in inventory.flows) or "-",
            ),
        )
    inventory = with_stored_state(ws, inventory, as_of)
    detected = ws.detected_facts()
    decisions = {d.flow: d for d in decide_all(inventory, pack, as_of, detected=detected)}
    return FilingContext(
        workspace=ws,
        catalogue=catalogue,
        pack=pack,
        inventory=inventory,
        as_of=as_of,
        decisions=decisions,
        detected=detected,
        flow=inventory.flow(flow) if flow is not None else None,
        year=year or as_of.year,
    )
