"""What a scan returns: facts with provenance, per-file reports and per-file errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carborder.errors import CarborderError, Msg
from carborder.model.facts import Evidence, FactValue

__all__ = [
    "SKIP_REASONS",
    "FileError",
    "FileReport",
    "FileWarning",
    "ScanResult",
    "in_every_language",
]


def in_every_language(text: Msg | CarborderError) -> dict[str, str]:
    """A catalogue message (or an error with its hint) in every language: ``{"en", "zh"}``.

    Control bytes (a file's content quoted in a message) are escaped. Per-file reasons are kept in a scan result, which is saved, pickled between workers and
    printed later in the reader's language; a zh/en pair travels where a :class:`Msg` cannot.
    """
    from carborder.i18n import LANGS
    from carborder.safety.text import printable

    out = {}
    for lang in LANGS:
        if isinstance(text, Msg):
            out[lang.value] = printable(text.format(lang.value))
        else:  # messages may quote file content: control bytes escaped, as on the terminal
            message, hint = text.localized(lang.value)
            out[lang.value] = printable(message + (f" → {hint}" if hint else ""))
    return out


_I18N_DESCRIPTION = "The same text in each language carborder speaks (en, zh), when known."

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
    reason_i18n: dict[str, str] = Field(default_factory=dict, description=_I18N_DESCRIPTION)

    def reason_in(self, lang: str) -> str | None:
        """The reason in ``lang`` (English when only English is known)."""
        return self.reason_i18n.get(lang) or self.reason


class FileError(BaseModel):
    """A file that could not be scanned (fully), and why."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path.")
    reason: str = Field(description="What went wrong, readable by a person.")
    code: str = Field(default="scan-input", description="Stable error code.")
    reason_i18n: dict[str, str] = Field(default_factory=dict, description=_I18N_DESCRIPTION)

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang`` (English when only English is known)."""
        return self.reason_i18n.get(lang) or self.reason


class FileWarning(BaseModel):
    """Something a person should know about a file that was scanned (e.g. a poor DBC match)."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path.")
    message: str = Field(description="What was noticed, readable by a person.")
    code: str = Field(default="scan-warning", description="Stable warning code.")
    message_i18n: dict[str, str] = Field(default_factory=dict, description=_I18N_DESCRIPTION)

    @classmethod
    def of(cls, path: str, note: str | dict[str, str]) -> FileWarning:
        """A warning from a reader's note: English text, or a zh/en pair."""
        if isinstance(note, str):
            return cls(path=path, message=note)
        return cls(path=path, message=note["en"], message_i18n=note)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (English when only English is known)."""
        return self.message_i18n.get(lang) or self.message


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
