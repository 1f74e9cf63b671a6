"""The scope of flows as they stand: what an approval recorded today would be granted for.

A compliance officer records an approval for the flows it was sought for; the scope the
engine later checks (``decide.approvals.scope_changes``) must read the same values, so this
module builds it from the same per-asset reading and aggregation as the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from carborder.decide.effective import effective_facts, known_facts
from carborder.decide.facts_view import UNKNOWN, aggregate, read_asset
from carborder.errors import InputError, Msg
from carborder.model.approval import ApprovalScope
from carborder.model.facts import Facts
from carborder.model.flow import Flow
from carborder.model.inventory import Inventory
from carborder.rulebook.pack import Pack

__all__ = ["flow_values", "scope_of_flows"]

#: Scope dimension → the aggregated fact the engine compares it with.
_KIND_FACTS = {
    "content_kinds": "content.kinds",
    "pi_kinds": "pi.kinds",
    "sensitive_kinds": "pi.sensitive_kinds",
}


def _kinds(value: Any) -> list[str]:
    # unknown today = not recorded (never checked), rather than a guess
    if value is UNKNOWN or value is None:
        return []
    return sorted({str(v) for v in (value if isinstance(value, list) else [value])})


def flow_values(
    inventory: Inventory,
    flows: Sequence[Flow],
    pack: Pack,
    as_of: date,
    detected: Mapping[str, Facts] | None = None,
) -> dict[str, Any]:
    """The flows' facts aggregated as the engine compares them with a recorded scope.

    Each flow's data as it leaves (declared facts, scans, then its own plan), read per asset
    on ``as_of`` and combined with the stricter reading.
    """
    known = known_facts(inventory, pack, detected)
    per_asset = [
        read_asset(pack, facts, as_of)
        for f in flows
        for facts in effective_facts(f, known, pack).values()
    ]
    return aggregate(pack, per_asset)


def scope_of_flows(
    inventory: Inventory,
    flow_ids: Sequence[str],
    pack: Pack,
    as_of: date,
    detected: Mapping[str, Facts] | None = None,
) -> ApprovalScope:
    """The scope of ``flow_ids`` now: purposes, methods, recipients, data sets, kinds, storage.

    Several flows give the union of each dimension. Kinds are read like the engine reads them
    (each flow's effective facts: declared facts overlaid with scans, stricter value first,
    then the flow's plan); a kind nobody knows yet is left unrecorded.

    Raises:
        InputError: an unknown flow, or flows that state different overseas storage (one
            approval records one storage place and period: write the scope in a file).
    """
    by_id = {f.id: f for f in inventory.flows}
    missing = [f for f in flow_ids if f not in by_id]
    if missing:
        raise InputError(Msg("err-unknown-flows", flows=", ".join(missing)))
    flows = [by_id[f] for f in flow_ids]
    storages = {f.overseas_storage for f in flows}
    if len(storages) > 1:
        raise InputError(Msg("err-flows-storage-differ"), hint=Msg("hint-flows-storage-differ"))
    assets = sorted({a for f in flows for a in f.assets})
    values = flow_values(inventory, flows, pack, as_of, detected)
    return ApprovalScope(
        purposes=sorted({f.scenario for f in flows}),
        activities=sorted({f.activity.value for f in flows}),
        recipients=sorted({f.recipient for f in flows}),
        assets=assets,
        content_kinds=_kinds(values.get(_KIND_FACTS["content_kinds"], UNKNOWN)),
        pi_kinds=_kinds(values.get(_KIND_FACTS["pi_kinds"], UNKNOWN)),
        sensitive_kinds=_kinds(values.get(_KIND_FACTS["sensitive_kinds"], UNKNOWN)),
        storage=next(iter(storages)),
    )
