"""Typed audit events: each class has a stable ``name`` and a payload validated by pydantic."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "EVENT_TYPES",
    "ApprovalAdded",
    "ApprovalRevoked",
    "ApprovalScoped",
    "AuditAnchored",
    "AuditEvent",
    "CounterUpdated",
    "DecisionRecorded",
    "ExportRecovered",
    "ExportRefused",
    "ExportReleased",
    "KeyGenerated",
    "KeyRotated",
    "ScanRecorded",
    "ThresholdWarning",
]

#: Every event class by its ``name``; filled by ``AuditEvent.__init_subclass__``.
EVENT_TYPES: dict[str, type[AuditEvent]] = {}


class AuditEvent(BaseModel):
    """Base of every audit event; the fields are the payload, ``name`` identifies the kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name", "")
        if not name:
            raise TypeError(f"{cls.__name__} must set a ClassVar 'name'")
        if name in EVENT_TYPES and EVENT_TYPES[name] is not cls:
            raise TypeError(f"audit event name '{name}' is already used by {EVENT_TYPES[name]}")
        EVENT_TYPES[name] = cls

    def payload(self) -> dict[str, Any]:
        """Return the JSON-ready payload stored in the chain."""
        return self.model_dump(mode="json")


class ApprovalAdded(AuditEvent):
    """An approval (assessment result, contract filing, certificate) was recorded."""

    name: ClassVar[str] = "approval.added"

    approval_id: str = Field(description="Approval reference.")
    kind: str = Field(description="Approval kind.")
    flows: list[str] = Field(default_factory=list, description="Flows it covers.")
    issued: str = Field(description="Issue date, ISO.")
    valid_until: str | None = Field(default=None, description="Last valid day, ISO.")
    evidence_sha256: str | None = Field(default=None, description="SHA-256 of the evidence file.")
    scope: dict[str, Any] | None = Field(
        default=None, description="What it was granted for (ApprovalScope); null = not recorded."
    )
    scope_sha256: str | None = Field(
        default=None, description="SHA-256 of the scope's canonical JSON; null = not recorded."
    )


class ApprovalScoped(AuditEvent):
    """The scope an approval was granted for was recorded after the approval itself."""

    name: ClassVar[str] = "approval.scoped"

    approval_id: str = Field(description="Approval reference.")
    scope: dict[str, Any] = Field(description="What it was granted for (ApprovalScope).")
    scope_sha256: str = Field(description="SHA-256 of the scope's canonical JSON.")
    source: str = Field(description="Where the scope came from: a file (its SHA-256) or the flows.")


class ApprovalRevoked(AuditEvent):
    """An approval was revoked or withdrawn."""

    name: ClassVar[str] = "approval.revoked"

    approval_id: str = Field(description="Approval reference.")
    reason: str | None = Field(default=None, description="Why it was revoked.")


class AuditAnchored(AuditEvent):
    """The chain head was signed into an anchor for the handler to keep outside the database."""

    name: ClassVar[str] = "audit.anchored"

    seq: int = Field(description="Sequence number of the head the anchor signs.")
    hash: str = Field(description="Hash of that head.")
    anchor_sha256: str = Field(description="SHA-256 of the anchor file's bytes.")
    key_id: str = Field(description="Workspace key that signed it.")
    written_to: str | None = Field(default=None, description="File written; null = printed.")


class ScanRecorded(AuditEvent):
    """Input files were scanned and the detected facts stored."""

    name: ClassVar[str] = "scan.recorded"

    scan_id: str = Field(description="Stored scan id.")
    files: list[str] = Field(description="SHA-256 of each scanned file.")
    facts_sha256: str = Field(description="SHA-256 of the canonical detected facts.")


class DecisionRecorded(AuditEvent):
    """A decision was computed and stored (replayable from its input digest)."""

    name: ClassVar[str] = "decision.recorded"

    decision_id: str = Field(description="Decision id.")
    flow_id: str = Field(description="Flow decided.")
    status: str = Field(description="Decision status.")
    pathway: str | None = Field(default=None, description="Pathway.")
    pack: str = Field(description="pack id@version.")
    as_of: str = Field(description="Date the decision is valid for, ISO.")
    input_sha256: str = Field(description="SHA-256 of the canonical decision input.")


class ExportRefused(AuditEvent):
    """The gateway refused an export."""

    name: ClassVar[str] = "export.refused"

    run_id: str = Field(description="Export run id.")
    flow_id: str = Field(description="Flow.")
    code: str = Field(description="Stable error code.")
    reasons: list[str] = Field(default_factory=list, description="Rule ids or checks that refused.")
    message: str = Field(description="Human-readable reason.")
    decision_id: str | None = Field(default=None, description="Decision id, when one was made.")


class ExportReleased(AuditEvent):
    """The gateway released an export: outputs in place, manifest signed, counters updated."""

    name: ClassVar[str] = "export.released"

    run_id: str = Field(description="Export run id.")
    flow_id: str = Field(description="Flow.")
    decision_id: str = Field(description="Decision id.")
    output: str = Field(description="Output directory.")
    manifest_sha256: str = Field(description="SHA-256 of manifest.json.")
    files: int = Field(description="Number of output files.")
    rows: int = Field(description="Rows released.")


class ExportRecovered(AuditEvent):
    """A run interrupted after its outputs were committed was completed on a later start."""

    name: ClassVar[str] = "export.recovered"

    run_id: str = Field(description="Export run id.")
    outcome: str = Field(description="'released' or 'abandoned'.")


class ThresholdWarning(AuditEvent):
    """A year-to-date counter is close to a threshold of the rulebook pack."""

    name: ClassVar[str] = "counters.threshold_warning"

    threshold_id: str = Field(description="Threshold rule id.")
    fact: str = Field(description="Counter fact name.")
    current: int = Field(description="Current year-to-date estimate.")
    limit: int = Field(description="Threshold value from the pack.")


class CounterUpdated(AuditEvent):
    """A year-to-date counter changed (one key version); ``audit verify`` checks the row."""

    name: ClassVar[str] = "counters.updated"

    handler_id: str = Field(description="Handler whose counter it is.")
    year: int = Field(description="Calendar year counted (restarts on 1 January).")
    kind: str = Field(description="Counter kind (pi.individuals, pi.sensitive_individuals).")
    key_id: str = Field(description="Counter-key version of the fingerprints.")
    estimate: int = Field(description="Individuals in this key version after the change.")
    version: int = Field(description="Row version after the change.")
    state_sha256: str = Field(description="SHA-256 of the stored count and sketches.")
    run_id: str | None = Field(default=None, description="Export run that caused it, if any.")
    reason: str | None = Field(default=None, description="Why, when not an export.")


class KeyGenerated(AuditEvent):
    """A workspace key was created (its id only; secrets never enter the chain)."""

    name: ClassVar[str] = "key.generated"

    kind: str = Field(description="signing, pseudonym or counter.")
    key_id: str = Field(description="Public id of the new key.")


class KeyRotated(AuditEvent):
    """A workspace key was replaced by a new one."""

    name: ClassVar[str] = "key.rotated"

    kind: str = Field(description="signing, pseudonym or counter.")
    old_key_id: str | None = Field(default=None, description="Id of the key replaced.")
    new_key_id: str = Field(description="Id of the new active key.")
