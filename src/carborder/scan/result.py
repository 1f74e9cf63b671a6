"""What a scan returns: facts with provenance, per-file reports and per-file errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carborder.model.facts import Evidence, FactValue

__all__ = ["SKIP_REASONS", "FileError", "FileReport", "FileWarning", "ScanResult"]

#: Why a file was not scanned (``FileReport.reason`` of a skipped file).
SKIP_REASONS = ("unsupported format", "empty", "unreadable")


class FileReport(BaseModel):
    """How one file went."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path as scanned.")
    reader: str = Field(description="Reader name, e.g. 'parquet'.")
    rows: int = Field(
        default=0, ge=0, description="Records examined, counted in `unit` (rows, messages...)."
    )
    unit: str = Field(
        default="rows", description="What `rows` counts: rows, messages, CAN frames, images..."
    )
    channels: int = Field(
        default=0, ge=0, description="Channels of a vehicle file (topics, CAN ids, streams)."
    )
    channel_unit: str = Field(default="", description="What `channels` counts, e.g. 'CAN ids'.")
    bytes: int = Field(default=0, ge=0, description="Bytes of the file covered by the scan.")
    status: Literal["ok", "error", "skipped"] = Field(default="ok", description="Outcome.")
    reason: str | None = Field(
        default=None,
        description="Why a file was skipped: unsupported format, empty or unreadable (+ detail).",
    )


class FileError(BaseModel):
    """A file that could not be scanned (fully), and why."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path.")
    reason: str = Field(description="What went wrong, readable by a person.")
    code: str = Field(default="scan-input", description="Stable error code.")


class FileWarning(BaseModel):
    """Something a person should know about a file that was scanned (e.g. a poor DBC match)."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path.")
    message: str = Field(description="What was noticed, readable by a person.")
    code: str = Field(default="scan-warning", description="Stable warning code.")


class ScanResult(BaseModel):
    """Detected facts, where each was seen, and what was (not) read."""

    @property
    def skipped(self) -> list[FileReport]:
        """Files that were not scanned, each with its reason."""
        return [f for f in self.files if f.status == "skipped"]

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
    warnings: list[FileWarning] = Field(default_factory=list, description="Per-file warnings.")
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
            "warnings": [w.model_dump(mode="json") for w in self.warnings],
            "details": self.details,
            "asset": self.asset,
            "sampled": self.sampled,
            "scanned_at": self.scanned_at.isoformat(),
        }
