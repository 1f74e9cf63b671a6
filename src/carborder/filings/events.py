"""The audit event written for every filing pack generated."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from carborder.audit.events import AuditEvent

__all__ = ["FilingGenerated"]


class FilingGenerated(AuditEvent):
    """A filing pack was generated (documents, signed manifest, completeness, --force)."""

    name: ClassVar[str] = "filing.generated"

    flow_id: str | None = Field(description="Flow filed for; null for workspace-wide reports.")
    year: int | None = Field(default=None, description="Report year (annual report).")
    pathway: str | None = Field(description="Pathway of the flow's decision.")
    decision_id: str | None = Field(description="Decision the documents were chosen by.")
    documents: list[str] = Field(description="Document kinds generated.")
    forced: bool = Field(description="Generated with --force against the decision.")
    complete: bool = Field(description="No required human field was missing.")
    pack: str = Field(description="ZIP file name.")
    pack_sha256: str = Field(description="SHA-256 of the ZIP.")
    manifest_sha256: str = Field(description="SHA-256 of the signed manifest inside the ZIP.")
