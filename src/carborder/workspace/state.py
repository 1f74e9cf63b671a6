"""What the workspace's store adds to the inventory: live approvals and exported head-counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from carborder.decide.counting_period import counting_year
from carborder.model.counters import Counters
from carborder.model.inventory import Inventory
from carborder.workspace.config import Workspace

if TYPE_CHECKING:
    from carborder.store.repository import Store

__all__ = ["with_stored_state"]


def _store_exists(ws: Workspace) -> bool:
    url = ws.store_url()
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    return True


def with_stored_state(
    ws: Workspace, inventory: Inventory, as_of: date, *, store: Store | None = None
) -> Inventory:
    """The inventory plus approvals recorded in the store and this year's exported people.

    The store is the live record: approvals added or revoked with `carborder approval` override
    the inventory's by id, and people released by exports this year add to the declared
    counters — so `assess` and `export` read the same state. A workspace that never exported has
    no store, and nothing is created just to read it. A long-running caller (the server) passes
    its open ``store``.
    """
    # the pack's counting period says which year's counts apply (fails closed on another period)
    year = counting_year(ws.pack(), as_of)
    own = store is None
    if store is None:
        if not _store_exists(ws):
            # declared counts of another counting period do not count toward this one
            counters = inventory.counters.in_year(year)
            return inventory.model_copy(update={"counters": counters})
        from carborder.store.repository import Store

        store = Store.for_workspace(ws.root, url=ws.store_url())
    from carborder.gateway.pending import year_to_date

    try:
        approvals = {a.id: a for a in inventory.approvals}
        approvals.update({a.id: a for a in store.list_approvals()})
        sketches = year_to_date(store, inventory.handler.id, year)
    finally:
        if own:
            store.close()
    exported = {kind: sketch.estimate for kind, sketch in sketches.items()}
    declared = inventory.counters.in_year(year)
    counters = Counters(
        year=year,
        individuals=declared.individuals + exported.get("pi.individuals", 0),
        sensitive_individuals=declared.sensitive_individuals
        + exported.get("pi.sensitive_individuals", 0),
    )
    flows = {f.id for f in inventory.flows}
    live = [a for a in approvals.values() if all(f in flows for f in a.flows)]
    return inventory.model_copy(
        update={"approvals": sorted(live, key=lambda a: a.id), "counters": counters}
    )
