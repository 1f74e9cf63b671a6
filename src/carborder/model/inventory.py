"""The inventory: handler, assets, recipients, flows, approvals and counters, cross-checked."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from carborder.errors import Msg, MsgValueError
from carborder.model._base import Strict
from carborder.model.approval import Approval
from carborder.model.asset import Asset
from carborder.model.counters import Counters
from carborder.model.flow import Flow
from carborder.model.handler import Handler
from carborder.model.recipient import Recipient

__all__ = ["Inventory"]


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]


class Inventory(Strict):
    """Everything decide() needs besides the rulebook and the date."""

    handler: Handler = Field(default_factory=Handler, description="The exporting organisation.")
    assets: list[Asset] = Field(default_factory=list, description="Data sets.")
    recipients: list[Recipient] = Field(default_factory=list, description="Overseas parties.")
    flows: list[Flow] = Field(default_factory=list, description="Outbound flows.")
    approvals: list[Approval] = Field(default_factory=list, description="Approvals held.")
    counters: Counters = Field(
        default_factory=Counters, description="Individuals already exported since 1 January."
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        for kind, ids in (
            ("asset", [a.id for a in self.assets]),
            ("recipient", [r.id for r in self.recipients]),
            ("flow", [f.id for f in self.flows]),
            ("approval", [a.id for a in self.approvals]),
        ):
            dup = _duplicates(ids)
            if dup:
                raise MsgValueError(Msg("err-duplicate-ids", kind=kind, ids=", ".join(dup)))
        asset_ids = {a.id for a in self.assets}
        recipient_ids = {r.id for r in self.recipients}
        flow_ids = {f.id for f in self.flows}
        for flow in self.flows:
            missing = [a for a in flow.assets if a not in asset_ids]
            if missing:
                raise MsgValueError(
                    Msg(
                        "err-flow-unknown-assets",
                        flow=flow.id,
                        assets=", ".join(missing),
                        known=", ".join(sorted(asset_ids)) or "-",
                    )
                )
            if flow.recipient not in recipient_ids:
                raise MsgValueError(
                    Msg(
                        "err-flow-unknown-recipient-known",
                        flow=flow.id,
                        recipient=flow.recipient,
                        known=", ".join(sorted(recipient_ids)) or "-",
                    )
                )
        for approval in self.approvals:
            missing = [f for f in approval.flows if f not in flow_ids]
            if missing:
                raise MsgValueError(
                    Msg(
                        "err-approval-unknown-flows", approval=approval.id, flows=", ".join(missing)
                    )
                )
        return self

    def asset(self, asset_id: str) -> Asset:
        """Return the asset with this id."""
        return next(a for a in self.assets if a.id == asset_id)

    def flow(self, flow_id: str) -> Flow:
        """Return the flow with this id."""
        return next(f for f in self.flows if f.id == flow_id)

    def recipient(self, recipient_id: str) -> Recipient:
        """Return the recipient with this id."""
        return next(r for r in self.recipients if r.id == recipient_id)
