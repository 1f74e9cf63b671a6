"""The data map: assets → flows → recipients → countries, as a graph and as columns."""

from __future__ import annotations

from carborder.web.schemas import DataMapEdge, DataMapNode, DataMapOut
from carborder.web.state import WorkspaceState

__all__ = ["datamap"]


def datamap(
    state: WorkspaceState, *, country: str | None = None, status: str | None = None
) -> DataMapOut:
    """The graph, optionally only flows to one country or with one status."""
    snap = state.snapshot()
    decisions = {d.flow: d for d in state.decisions()}
    recipients = {r.id: r for r in snap.inventory.recipients}
    assets = {a.id: a for a in snap.inventory.assets}
    nodes: dict[str, DataMapNode] = {}
    edges: list[DataMapEdge] = []
    for flow in snap.inventory.flows:
        recipient = recipients[flow.recipient]
        decision = decisions[flow.id]
        if country and recipient.country.upper() != country.upper():
            continue
        if status and decision.status.value != status:
            continue
        fid, rid, cid = (
            f"flow:{flow.id}",
            f"recipient:{recipient.id}",
            f"country:{recipient.country}",
        )
        nodes[fid] = DataMapNode(
            id=fid, kind="flow", label=flow.name or flow.id, status=decision.status.value
        )
        nodes[rid] = DataMapNode(id=rid, kind="recipient", label=recipient.name or recipient.id)
        nodes[cid] = DataMapNode(id=cid, kind="country", label=recipient.country)
        for asset_id in flow.assets:
            aid = f"asset:{asset_id}"
            nodes[aid] = DataMapNode(id=aid, kind="asset", label=assets[asset_id].name or asset_id)
            edges.append(DataMapEdge(source=aid, target=fid))
        edges.append(DataMapEdge(source=fid, target=rid))
        edges.append(DataMapEdge(source=rid, target=cid))
    unique = list(dict.fromkeys(edges))
    return DataMapOut(nodes=list(nodes.values()), edges=unique)
