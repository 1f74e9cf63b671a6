"""Approvals held: assessment results, contract filings, certificates, MNR approvals."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from carborder.model._base import Strict
from carborder.model.flow import OverseasStorage

__all__ = ["Approval", "ApprovalScope"]


class ApprovalScope(Strict):
    """What an approval was granted for, as declared when it was sought.

    A later change of purpose, method, data sets, data kinds, recipient or overseas storage
    means the approval no longer covers the flow (re-declaration, re-filing). Empty lists and
    nulls are dimensions nobody recorded; they are not checked.
    """

    purposes: list[str] = Field(
        default_factory=list, description="Business purposes (flow scenarios) approved."
    )
    activities: list[str] = Field(
        default_factory=list, description="Outbound methods approved: transfer, remote_access, ..."
    )
    recipients: list[str] = Field(default_factory=list, description="Recipient ids approved.")
    assets: list[str] = Field(default_factory=list, description="Data sets (asset ids) approved.")
    content_kinds: list[str] = Field(
        default_factory=list, description="Kinds of content approved (content.kinds)."
    )
    pi_kinds: list[str] = Field(
        default_factory=list, description="Kinds of personal information approved (pi.kinds)."
    )
    sensitive_kinds: list[str] = Field(
        default_factory=list, description="Kinds of sensitive PI approved (pi.sensitive_kinds)."
    )
    individuals: int | None = Field(
        default=None, ge=0, description="Individuals (non-sensitive PI) declared; informative."
    )
    sensitive_individuals: int | None = Field(
        default=None, ge=0, description="Individuals (sensitive PI) declared; informative."
    )
    storage: OverseasStorage | None = Field(
        default=None, description="Overseas storage place and period approved."
    )


class Approval(Strict):
    """A granted approval or filing that covers some flows."""

    id: str = Field(description="Reference number or stable id.")
    kind: str = Field(
        description="security_assessment, standard_contract, certification, mnr_approval, ..."
    )
    flows: list[str] = Field(default_factory=list, description="Ids of the flows it covers.")
    issued: date = Field(description="Date issued or filed (YYYY-MM-DD).")
    valid_until: date | None = Field(
        default=None, description="Last valid day; null = no expiry (the pack may set a default)."
    )
    revoked: bool = Field(default=False, description="Withdrawn or revoked.")
    evidence_sha256: str | None = Field(default=None, description="Hash of the evidence file.")
    note: str | None = Field(default=None, description="Free text.")
    scope: ApprovalScope | None = Field(
        default=None,
        description="What it was granted for; null = not recorded (changes cannot be checked).",
    )
