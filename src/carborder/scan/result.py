"""What a scan returns: facts with provenance, per-file reports and per-file errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carborder.model.facts import Evidence, FactValue

__all__ = ["FileError", "FileReport", "ScanResult"]


class FileReport(BaseModel):
    """How one file went."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path as scanned.")
    reader: str = Field(description="Reader name, e.g. 'parquet'.")
    rows: int = Field(default=0, ge=0, description="Rows (records, messages) examined.")
    bytes: int = Field(default=0, ge=0, description="Bytes of the file covered by the scan.")
    status: Literal["ok", "error", "skipped"] = Field(default="ok", description="Outcome.")


class FileError(BaseModel):
    """A file that could not be scanned (fully), and why."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path.")
    reason: str = Field(description="What went wrong, readable by a person.")
    code: str = Field(default="scan-input", description="Stable error code.")


class ScanResult(BaseModel):
    """Detected facts, where each was seen, and what was (not) read."""

    model_config = ConfigDict(extra="forbid")

    asset: str | None = Field(default=None, description="Asset id the scan describes.")
    scanned_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), description="When the scan finished (UTC)."
    )
    sampled: bool = Field(default=False, description="True when only a sample of rows was read.")
    facts: dict[str, FactValue] = Field(default_factory=dict, description="Detected facts.")
    evidence: dict[str, list[Evidence]] = Field(
        default_factory=dict, description="Evidence per fact name."
    )
    files: list[FileReport] = Field(default_factory=list, description="Per-file reports.")
    errors: list[FileError] = Field(default_factory=list, description="Per-file errors.")
    details: dict[str, Any] = Field(
        default_factory=dict, description="Figures that are not facts (CRS guess, timings...)."
    )

    def summary_json(self) -> dict[str, Any]:
        """The CLI's JSON document: facts, evidence, files, errors (+ details)."""
        return {
            "facts": self.facts,
            "evidence": {
                k: [e.model_dump(mode="json") for e in v] for k, v in sorted(self.evidence.items())
            },
            "files": [f.model_dump(mode="json") for f in self.files],
            "errors": [e.model_dump(mode="json") for e in self.errors],
            "details": self.details,
            "asset": self.asset,
            "sampled": self.sampled,
            "scanned_at": self.scanned_at.isoformat(),
        }
