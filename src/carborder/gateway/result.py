"""What an export run returns: its outcome, messages (en/zh), files and counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from carborder.errors import Msg

__all__ = ["ExportResult"]


@dataclass
class ExportResult:
    """What an export did; ``exit_code`` is 0 released/unchanged/dry-run, 1 refused."""

    status: Literal["released", "refused", "dry_run", "unchanged"]
    run_id: str
    flow: str
    decision_id: str | None = None
    decision_status: str | None = None
    pathway: str | None = None
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    message_zh: str = ""
    output: Path | None = None
    manifest: Path | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    warnings: list[str] = field(default_factory=list)
    warnings_zh: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    broken_promises: list[str] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)

    def say(self, message: Msg) -> None:
        """Set the outcome message, in English and Chinese, from the catalogue."""
        self.message, self.message_zh = message.format("en"), message.format("zh")

    def warn(self, *warnings: Msg) -> None:
        """Add warnings, in English and Chinese, from the catalogue."""
        for w in warnings:
            self.warnings.append(w.format("en"))
            self.warnings_zh.append(w.format("zh"))

    @property
    def exit_code(self) -> int:
        """CLI exit code."""
        return 1 if self.status == "refused" else 0

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "status": self.status,
            "run_id": self.run_id,
            "flow": self.flow,
            "decision_id": self.decision_id,
            "decision_status": self.decision_status,
            "pathway": self.pathway,
            "reasons": self.reasons,
            "message": self.message,
            "message_zh": self.message_zh,
            "output": str(self.output) if self.output else None,
            "manifest": str(self.manifest) if self.manifest else None,
            "files": self.files,
            "rows": self.rows,
            "warnings": self.warnings,
            "warnings_zh": self.warnings_zh,
            "counters": self.counters,
            "broken_promises": self.broken_promises,
            "plan": self.plan,
        }
