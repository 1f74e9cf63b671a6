"""What-if plans of a flow, from the operators' declared effects (no data is read)."""

from __future__ import annotations

from carborder.decide.whatif import WhatIf, plan_whatif
from carborder.web.state import WorkspaceState

__all__ = ["whatif"]


def whatif(state: WorkspaceState, flow_id: str, *, max_steps: int = 3) -> WhatIf:
    """The flow's outcome now and the cheapest extra steps that lighten it.

    Raises:
        NotFoundError: no such flow.
    """
    state.decision(flow_id)  # NotFoundError for an unknown flow
    snap = state.snapshot()
    flow = next(f for f in snap.inventory.flows if f.id == flow_id)
    return plan_whatif(
        flow,
        inventory=snap.inventory,
        pack=state.pack,
        as_of=snap.as_of,
        detected=snap.detected,
        # the snapshot's counters already hold this year's exported people
        ytd_base=(
            snap.inventory.counters.individuals,
            snap.inventory.counters.sensitive_individuals,
        ),
        max_steps=max_steps,
    )
