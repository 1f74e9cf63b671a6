"""Pydantic models of the REST API (and of the pages, which render the same objects)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carborder.model.approval import ApprovalScope
from carborder.model.decision import Decision, ObligationDue
from carborder.model.facts import FactValue

__all__ = [
    "ApprovalOut",
    "ApproveIn",
    "AssetOut",
    "AuditEventOut",
    "AuditPage",
    "CounterOut",
    "DashboardOut",
    "DataMapEdge",
    "DataMapNode",
    "DataMapOut",
    "DeadlineOut",
    "DenyIn",
    "EvidenceOut",
    "ExportRequestIn",
    "ExportRequestOut",
    "FactOut",
    "FlowDetailOut",
    "FlowOut",
    "JobOut",
    "JobStarted",
    "MeOut",
    "RevokeIn",
    "RuleOut",
    "RulebookOut",
    "ScanIn",
    "ScanOut",
    "ScopeIn",
    "TokenIn",
    "TokenIssued",
    "TokenOut",
    "UserIn",
    "UserOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# -- identity ------------------------------------------------------------------------------


class MeOut(_Out):
    """The caller."""

    name: str = Field(description="User name.")
    role: str = Field(description="Role.")
    display_name: str | None = Field(default=None, description="Name shown on pages.")
    via: Literal["session", "token"] = Field(description="How the caller authenticated.")
    permissions: list[str] = Field(description="Permissions the role holds.")


class UserOut(_Out):
    """A user (never with a password hash)."""

    name: str = Field(description="User name (sign-in name).")
    role: str = Field(description="Role.")
    display_name: str | None = Field(default=None, description="Name shown on pages.")
    disabled: bool = Field(description="Disabled users cannot sign in or use tokens.")
    created: str = Field(description="When created (UTC).")
    created_by: str = Field(description="Who created it.")
    last_login: str | None = Field(default=None, description="Last sign-in (UTC).")
    has_password: bool = Field(description="False for token-only (program) accounts.")


class UserIn(_In):
    """A user to create."""

    name: str = Field(
        min_length=1, max_length=64, description="Lower-case letters, digits, '.', '_', '-'."
    )
    role: str = Field(description="admin, compliance_officer, legal_reviewer, ..., service.")
    password: str | None = Field(
        default=None,
        max_length=1024,
        description="At least 10 characters; omit for a token-only program account.",
    )
    display_name: str | None = Field(default=None, max_length=200, description="Shown name.")


class TokenOut(_Out):
    """An API token's public record (the secret is never returned again)."""

    id: str = Field(description="Public token id.")
    user: str = Field(description="User the token acts as.")
    label: str = Field(description="What it is for.")
    created: str = Field(description="When issued (UTC).")
    created_by: str = Field(description="Who issued it.")
    expires: str | None = Field(default=None, description="Expiry (UTC), if any.")
    last_used: str | None = Field(default=None, description="Last use (UTC, to the minute).")
    revoked: bool = Field(description="Revoked tokens are refused.")


class TokenIn(_In):
    """A token to issue."""

    user: str = Field(min_length=1, max_length=64, description="User the token acts as.")
    label: str = Field(default="api", max_length=200, description="What the token is for.")
    expires_days: int | None = Field(
        default=None, ge=1, le=3650, description="Days until it expires (none: no expiry)."
    )


class TokenIssued(_Out):
    """A newly issued token: the secret appears here once and is stored only as a hash."""

    token: str = Field(description="Send as 'Authorization: Bearer TOKEN'. Shown once.")
    info: TokenOut = Field(description="The token's public record.")


# -- flows, assets, facts ------------------------------------------------------------------


class FlowOut(_Out):
    """A flow with its current decision in brief."""

    id: str = Field(description="Flow id.")
    name: str | None = Field(default=None, description="Flow name.")
    activity: str = Field(description="transfer, remote_access or offshore_processing.")
    scenario: str = Field(description="Business scenario.")
    assets: list[str] = Field(description="Assets the flow carries.")
    recipient: str = Field(description="Recipient id.")
    recipient_name: str | None = Field(default=None, description="Recipient name.")
    country: str = Field(description="Recipient country (ISO 3166 alpha-2).")
    pathway: str = Field(
        description="exempt, standard_contract_or_certification, security_assessment."
    )
    status: str = Field(description="allowed, needs_approval, blocked, needs_review.")
    reasons: list[str] = Field(description="Rule ids that determined pathway and status.")
    confidence: str = Field(description="Weakest confidence of the determining rules.")
    summary_zh: str = Field(description="Decision in one sentence, Chinese.")
    summary_en: str = Field(description="Decision in one sentence, English.")


class EvidenceOut(_Out):
    """Where a detected fact was seen; examples are masked and only for roles allowed them."""

    file: str = Field(description="File name (inside the workspace).")
    column: str | None = Field(default=None, description="Column, field, topic or signal.")
    detector: str = Field(description="Detector name and version.")
    matches: int = Field(description="Validated matches.")
    rows: int = Field(description="Rows or messages examined.")
    confidence: float = Field(description="Detector confidence, 0-1.")
    examples: list[str] = Field(
        default_factory=list, description="Masked examples (never raw values)."
    )


class FactOut(_Out):
    """One fact of an asset: the value used, who established it, and the evidence."""

    name: str = Field(description="Fact name from the rulebook vocabulary.")
    value: FactValue | None = Field(description="Value the decision reads (merged).")
    declared: FactValue | None = Field(default=None, description="Value a person declared.")
    detected: FactValue | None = Field(default=None, description="Value a scan detected.")
    source: Literal["declared", "detected", "both"] = Field(description="Where it came from.")
    conflict: bool = Field(description="Declared and detected disagree (stricter one used).")
    meaning_zh: str = Field(default="", description="What the fact means, Chinese.")
    meaning_en: str = Field(default="", description="What the fact means, English.")
    evidence: list[EvidenceOut] = Field(default_factory=list, description="Scan evidence.")


class AssetOut(_Out):
    """A data set with its facts and where they came from."""

    id: str = Field(description="Asset id.")
    name: str | None = Field(default=None, description="Name.")
    description: str | None = Field(default=None, description="What it is.")
    location: str | None = Field(default=None, description="Where it is stored.")
    flows: list[str] = Field(description="Flows that carry it.")
    scanned_at: str | None = Field(default=None, description="When last scanned (UTC).")
    sampled: bool = Field(default=False, description="Whether the scan read only a sample.")
    facts: list[FactOut] = Field(description="Facts, by name.")


class FlowDetailOut(_Out):
    """A flow with the full decision (trace with instrument and article) and its assets."""

    flow: FlowOut = Field(description="The flow in brief.")
    plan: list[dict[str, Any]] = Field(description="The flow's de-identification plan.")
    decision: Decision = Field(description="The full decision with its cited trace.")
    assets: list[AssetOut] = Field(description="Assets with facts and their provenance.")


# -- dashboard, data map, counters, deadlines ----------------------------------------------


class CounterOut(_Out):
    """Year-to-date people against one threshold of the rulebook."""

    threshold: str = Field(description="Threshold parameter id.")
    title_zh: str = Field(description="Threshold title, Chinese.")
    title_en: str = Field(description="Threshold title, English.")
    fact: str = Field(description="Counter fact: pi.individuals or pi.sensitive_individuals.")
    current: int = Field(description="People so far this year.")
    limit: int = Field(description="Threshold value in force.")
    ratio: float = Field(description="current / limit.")


class DeadlineOut(_Out):
    """A dated obligation of a flow."""

    flow: str = Field(description="Flow id.")
    obligation: ObligationDue = Field(description="The obligation with its due date.")
    days_left: int = Field(description="Days from today to the due date (negative: overdue).")


class DashboardOut(_Out):
    """Everything the dashboard shows."""

    as_of: str = Field(description="Date decisions are made for.")
    year: int = Field(description="Counting year.")
    flows: int = Field(description="Number of flows.")
    by_status: dict[str, int] = Field(description="Flows per status.")
    by_pathway: dict[str, int] = Field(description="Flows per pathway.")
    counters: list[CounterOut] = Field(description="Year-to-date people against thresholds.")
    deadlines: dict[str, list[DeadlineOut]] = Field(
        description="Deadlines due within 30, 60 and 90 days (keys '30', '60', '90'), and overdue."
    )
    important_data_flows: int = Field(description="Flows carrying (possible) important data.")
    pending_exports: int = Field(description="Export requests waiting for approval.")
    refused_runs: int = Field(description="Gateway refusals (fail-closed events) on record.")


class DataMapNode(_Out):
    """A node of the data map."""

    id: str = Field(description="Node id, e.g. 'asset:tsp_trips'.")
    kind: Literal["asset", "flow", "recipient", "country"] = Field(description="Node kind.")
    label: str = Field(description="Label.")
    status: str | None = Field(default=None, description="Flow status (flows only).")


class DataMapEdge(_Out):
    """An edge: asset → flow → recipient → country."""

    source: str = Field(description="Source node id.")
    target: str = Field(description="Target node id.")


class DataMapOut(_Out):
    """Assets → flows → recipients by country."""

    nodes: list[DataMapNode] = Field(description="Nodes.")
    edges: list[DataMapEdge] = Field(description="Edges.")


# -- scans, jobs ---------------------------------------------------------------------------


class ScanIn(_In):
    """A scan to run in the background."""

    asset: str = Field(min_length=1, max_length=128, description="Asset the data belongs to.")
    inputs: list[str] = Field(
        min_length=1, max_length=100, description="Files or folders inside the workspace."
    )
    sample: int | None = Field(default=None, ge=1, description="Read at most N rows per file.")


class ScanOut(_Out):
    """The saved scan of an asset."""

    asset: str = Field(description="Asset id.")
    scanned_at: str = Field(description="When (UTC).")
    sampled: bool = Field(description="Sample only.")
    facts: dict[str, FactValue] = Field(description="Detected facts.")
    files: int = Field(description="Files read.")
    errors: int = Field(description="Files that could not be read.")


class JobOut(_Out):
    """A background job and its progress."""

    id: str = Field(description="Job id.")
    kind: str = Field(description="scan, export, filing_build, audit_verify, manifest_verify.")
    status: str = Field(description="queued, running, succeeded, failed.")
    progress: float = Field(description="0-1.")
    stage: str = Field(description="What it is doing now.")
    created_by: str = Field(description="Who started it.")
    created: str = Field(description="When queued (UTC).")
    params: dict[str, Any] = Field(default_factory=dict, description="What it was asked to do.")
    started: str | None = Field(default=None, description="When started.")
    finished: str | None = Field(default=None, description="When finished.")
    result: dict[str, Any] | None = Field(default=None, description="Result when succeeded.")
    error: dict[str, Any] | None = Field(default=None, description="Error when failed.")


class JobStarted(_Out):
    """A job was queued; poll ``GET /api/v1/jobs/{id}``."""

    job: JobOut = Field(description="The job.")
    location: str = Field(description="Where to poll it.")


# -- approvals -----------------------------------------------------------------------------


class ApprovalOut(_Out):
    """An approval held (security assessment, contract filing, certification, MNR...)."""

    id: str = Field(description="Reference.")
    kind: str = Field(description="Approval kind (from the pack).")
    flows: list[str] = Field(description="Flows covered.")
    issued: str = Field(description="Issue or filing date.")
    valid_until: str | None = Field(default=None, description="Last valid day.")
    revoked: bool = Field(description="Revoked or withdrawn.")
    evidence_sha256: str | None = Field(default=None, description="SHA-256 of the evidence.")
    has_evidence_file: bool = Field(description="Whether the server holds the evidence file.")
    note: str | None = Field(default=None, description="Note.")
    source: Literal["inventory", "database"] = Field(description="Where it is recorded.")
    scope: ApprovalScope | None = Field(
        default=None, description="What it was granted for; null = not recorded."
    )


class ScopeIn(_In):
    """The scope an approval was granted for: given, or taken from its flows as they are now."""

    scope: ApprovalScope | None = Field(default=None, description="What it was granted for.")
    scope_from_flow: bool = Field(
        default=False, description="Record the approval's flows as they leave now as the scope."
    )


class RevokeIn(_In):
    """Why an approval is revoked."""

    reason: str | None = Field(default=None, max_length=2000, description="Reason.")


# -- exports -------------------------------------------------------------------------------


class ExportRequestIn(_In):
    """A request to export a flow's data (another person must approve it)."""

    flow: str = Field(min_length=1, max_length=128, description="Flow id.")
    inputs: list[str] = Field(
        min_length=1, max_length=100, description="Input files or folders inside the workspace."
    )
    asset: str | None = Field(default=None, max_length=128, description="Asset of the inputs.")
    subject: str | None = Field(
        default=None, max_length=128, description="Column identifying people (for counters)."
    )
    purpose: str | None = Field(default=None, max_length=2000, description="Why it is needed.")


class ApproveIn(_In):
    """An approval of an export request."""

    note: str | None = Field(default=None, max_length=2000, description="Note.")


class DenyIn(_In):
    """A denial of an export request."""

    reason: str | None = Field(default=None, max_length=2000, description="Reason.")


class ExportRequestOut(_Out):
    """An export request, its decision by a second person and the gateway's outcome."""

    id: str = Field(description="Request id.")
    flow: str = Field(description="Flow id.")
    asset: str | None = Field(default=None, description="Asset.")
    inputs: list[str] = Field(description="Inputs inside the workspace.")
    subject: str | None = Field(default=None, description="Subject column.")
    purpose: str | None = Field(default=None, description="Purpose.")
    status: str = Field(description="requested, running, released, refused, failed, denied.")
    requested_by: str = Field(description="Who asked.")
    requested: str = Field(description="When (UTC).")
    decided_by: str | None = Field(default=None, description="Who approved or denied.")
    decided: str | None = Field(default=None, description="When.")
    decision_note: str | None = Field(default=None, description="Note or reason.")
    job: JobOut | None = Field(default=None, description="The export job, once approved.")
    run_id: str | None = Field(default=None, description="Gateway run id.")
    output: str | None = Field(default=None, description="Output folder inside the workspace.")
    result: dict[str, Any] | None = Field(default=None, description="Gateway result.")


# -- audit, rulebook -----------------------------------------------------------------------


class AuditEventOut(_Out):
    """One event of the hash chain."""

    seq: int = Field(description="Sequence number.")
    name: str = Field(description="Event name.")
    actor: str = Field(description="Who.")
    created: str = Field(description="When (UTC).")
    payload: dict[str, Any] = Field(description="Event payload.")
    prev_hash: str = Field(description="Hash of the previous event.")
    hash: str = Field(description="This event's hash.")


class AuditPage(_Out):
    """A page of events, newest first; ``next_before`` continues it."""

    head_seq: int = Field(description="Latest sequence number.")
    events: list[AuditEventOut] = Field(description="Events.")
    next_before: int | None = Field(default=None, description="Pass as before= for the next page.")


class RuleOut(_Out):
    """A rule or parameter of the rulebook with its citations and confidence."""

    id: str = Field(description="Rule id.")
    kind: str = Field(
        description="important_data, exemption, pathway, gate, obligation, review, parameter."
    )
    title_zh: str = Field(description="Title, Chinese.")
    title_en: str = Field(description="Title, English.")
    confidence: str = Field(description="source, secondary or unverified.")
    cites: list[dict[str, Any]] = Field(description="Instrument, article, titles.")
    effective_from: str | None = Field(default=None, description="First day in force.")
    detail: dict[str, Any] = Field(default_factory=dict, description="The rule as written.")


class RulebookOut(_Out):
    """The rulebook pack in use."""

    id: str = Field(description="Pack id.")
    version: str = Field(description="Pack version.")
    effective_from: str = Field(description="First day the pack applies.")
    title_zh: str = Field(description="Title, Chinese.")
    title_en: str = Field(description="Title, English.")
    disclaimer_zh: str = Field(description="Disclaimer, Chinese.")
    disclaimer_en: str = Field(description="Disclaimer, English.")
    rules: list[RuleOut] = Field(description="Rules and parameters (without their detail).")
