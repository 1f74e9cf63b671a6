"""Approvals held: assessment results, contract filings, certificates, MNR approvals."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from carborder.model._base import Strict

__all__ = ["Approval"]


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
