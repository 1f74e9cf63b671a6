"""Flows and assets as the API and pages show them: decision, facts, provenance, evidence."""

from __future__ import annotations

from pathlib import Path

from carborder.decide import merge_declared_detected
from carborder.errors import Msg
from carborder.model.asset import Asset
from carborder.model.decision import Decision
from carborder.model.facts import Evidence
from carborder.model.flow import Flow
from carborder.rulebook.pack import Pack
from carborder.web.errors import NotFoundError
from carborder.web.schemas import AssetOut, EvidenceOut, FactOut, FlowDetailOut, FlowOut
from carborder.web.state import Snapshot, WorkspaceState
from carborder.web.views.masking import mask_sample

__all__ = ["asset_out", "find_asset", "flow_detail", "flow_out", "list_assets", "list_flows"]

#: Evidence entries shown per fact (the rest are counted, not listed).
_EVIDENCE_PER_FACT = 20


def flow_out(flow: Flow, decision: Decision, snap: Snapshot) -> FlowOut:
    """A flow with its decision in brief."""
    recipient = next((r for r in snap.inventory.recipients if r.id == flow.recipient), None)
    return FlowOut(
        id=flow.id,
        name=flow.name,
        activity=flow.activity.value,
        scenario=flow.scenario,
        assets=list(flow.assets),
        recipient=flow.recipient,
        recipient_name=recipient.name if recipient else None,
        country=recipient.country if recipient else "",
        pathway=decision.pathway.value,
        status=decision.status.value,
        reasons=list(decision.reasons),
        confidence=decision.confidence,
        summary_zh=decision.summary_zh,
        summary_en=decision.summary_en,
    )


def list_flows(
    state: WorkspaceState,
    *,
    status: str | None = None,
    pathway: str | None = None,
    country: str | None = None,
    q: str | None = None,
) -> list[FlowOut]:
    """Every flow with its decision, optionally filtered."""
    decisions = {d.flow: d for d in state.decisions()}
    snap = state.snapshot()
    out = [flow_out(f, decisions[f.id], snap) for f in snap.inventory.flows]
    if status:
        out = [f for f in out if f.status == status]
    if pathway:
        out = [f for f in out if f.pathway == pathway]
    if country:
        out = [f for f in out if f.country.upper() == country.upper()]
    if q:
        needle = q.lower()
        out = [
            f
            for f in out
            if needle in f.id.lower()
            or needle in (f.name or "").lower()
            or needle in f.recipient.lower()
        ]
    return out


def _evidence(items: list[Evidence], *, samples: bool) -> list[EvidenceOut]:
    return [
        EvidenceOut(
            file=Path(e.file).name,
            column=e.column,
            detector=f"{e.detector} v{e.detector_version}",
            matches=e.matches,
            rows=e.rows,
            confidence=e.confidence,
            examples=[mask_sample(x) for x in e.examples] if samples else [],
        )
        for e in items[:_EVIDENCE_PER_FACT]
    ]


def asset_out(asset: Asset, snap: Snapshot, pack: Pack, *, samples: bool) -> AssetOut:
    """An asset's facts: declared, detected, merged, conflicts, evidence (masked samples)."""
    scan = snap.scans.get(asset.id)
    detected = dict(scan.facts) if scan is not None else {}
    merged, conflicts = merge_declared_detected(pack, asset.facts, detected)
    conflicting = {c.fact for c in conflicts}
    facts: list[FactOut] = []
    for name in sorted(set(merged) | set(asset.facts) | set(detected)):
        spec = pack.facts.get(name)
        in_declared, in_detected = name in asset.facts, name in detected
        facts.append(
            FactOut(
                name=name,
                value=merged.get(name),
                declared=asset.facts.get(name),
                detected=detected.get(name),
                source="both"
                if in_declared and in_detected
                else "declared"
                if in_declared
                else "detected",
                conflict=name in conflicting,
                meaning_zh=spec.zh if spec else "",
                meaning_en=spec.en if spec else "",
                evidence=_evidence(scan.evidence.get(name, []), samples=samples) if scan else [],
            )
        )
    return AssetOut(
        id=asset.id,
        name=asset.name,
        description=asset.description,
        location=asset.location,
        flows=[f.id for f in snap.inventory.flows if asset.id in f.assets],
        scanned_at=scan.scanned_at.isoformat() if scan else None,
        sampled=scan.sampled if scan else False,
        facts=facts,
    )


def list_assets(state: WorkspaceState, *, samples: bool) -> list[AssetOut]:
    """Every asset with its facts."""
    snap = state.snapshot()
    return [asset_out(a, snap, state.pack, samples=samples) for a in snap.inventory.assets]


def flow_detail(state: WorkspaceState, flow_id: str, *, samples: bool) -> FlowDetailOut:
    """One flow: full decision with its cited trace, plan, and its assets' facts.

    Raises:
        NotFoundError: no such flow.
    """
    decision = state.decision(flow_id)
    snap = state.snapshot()
    flow = next(f for f in snap.inventory.flows if f.id == flow_id)
    assets = {a.id: a for a in snap.inventory.assets}
    return FlowDetailOut(
        flow=flow_out(flow, decision, snap),
        plan=[s.model_dump(mode="json") for s in flow.deid],
        decision=decision,
        assets=[asset_out(assets[a], snap, state.pack, samples=samples) for a in flow.assets],
    )


def find_asset(state: WorkspaceState, asset_id: str, *, samples: bool) -> AssetOut:
    """One asset.

    Raises:
        NotFoundError: no such asset.
    """
    snap = state.snapshot()
    for a in snap.inventory.assets:
        if a.id == asset_id:
            return asset_out(a, snap, state.pack, samples=samples)
    raise NotFoundError(
        Msg("web-no", what=Msg("thing-asset"), id=str(asset_id)),
        hint=Msg("web-hint-see", url="/api/v1/assets"),
    )
