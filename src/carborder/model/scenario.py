"""A scenario: one whole case (inventory, date, expectations) — the unit of rulebook tests."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from carborder.model._base import Strict
from carborder.model.approval import Approval
from carborder.model.asset import Asset
from carborder.model.counters import Counters
from carborder.model.flow import Flow
from carborder.model.handler import Handler
from carborder.model.inventory import Inventory
from carborder.model.recipient import Recipient

__all__ = ["Expect", "ExpectCite", "Scenario"]


class ExpectCite(Strict):
    """An expected citation."""

    instrument: str
    article: str


class Expect(Strict):
    """What a flow's decision must show (lists are 'at least these')."""

    pathway: str
    status: str | None = None
    reasons: list[str] = Field(default_factory=list)
    important: list[str] | None = Field(
        default=None, description="Exactly these matched catalogue items (null = not checked)."
    )
    exemption: str | None = Field(default=None, description="An exemption that must apply.")
    cites: list[ExpectCite] = Field(default_factory=list)
    obligations: list[str] = Field(default_factory=list)
    not_obligations: list[str] = Field(default_factory=list)
    approval: str | None = Field(default=None, description="Expected approval status.")
    notes: list[str] = Field(default_factory=list, description="Review notes that must appear.")
    confidence: str | None = None


class Scenario(Strict):
    """A complete case for ``carborder decide``."""

    name: str = Field(description="One sentence saying what the case shows.")
    description: str | None = None
    as_of: date
    handler: Handler = Field(default_factory=Handler)
    assets: list[Asset] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    counters: Counters = Field(default_factory=Counters)
    approvals: list[Approval] = Field(default_factory=list)
    expect: dict[str, Expect] = Field(default_factory=dict)

    def inventory(self) -> Inventory:
        """The scenario's inventory (cross-checked)."""
        return Inventory(
            handler=self.handler,
            assets=self.assets,
            recipients=self.recipients,
            flows=self.flows,
            approvals=self.approvals,
            counters=self.counters,
        )
