"""Append-only audit chain: typed events linked by SHA-256, so edits, deletions and moves show."""

from __future__ import annotations

from carborder.audit.chain import (
    GENESIS_HASH,
    ChainProblem,
    ChainReport,
    StoredEvent,
    canonical_json,
    link_hash,
    verify_events,
)
from carborder.audit.clock import Clock, system_clock
from carborder.audit.events import (
    EVENT_TYPES,
    ApprovalAdded,
    ApprovalRevoked,
    ApprovalScoped,
    AuditEvent,
    CounterUpdated,
    DecisionRecorded,
    ExportRecovered,
    ExportRefused,
    ExportReleased,
    KeyGenerated,
    KeyRotated,
    ScanRecorded,
    ThresholdWarning,
)

__all__ = [
    "EVENT_TYPES",
    "GENESIS_HASH",
    "ApprovalAdded",
    "ApprovalRevoked",
    "ApprovalScoped",
    "AuditEvent",
    "ChainProblem",
    "ChainReport",
    "Clock",
    "CounterUpdated",
    "DecisionRecorded",
    "ExportRecovered",
    "ExportRefused",
    "ExportReleased",
    "KeyGenerated",
    "KeyRotated",
    "ScanRecorded",
    "StoredEvent",
    "ThresholdWarning",
    "canonical_json",
    "link_hash",
    "system_clock",
    "verify_events",
]
