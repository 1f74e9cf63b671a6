"""Audit events of the server: accounts, sign-ins, refusals, export requests, filings, jobs.

They join the same hash chain as the gateway's events, so an auditor sees who requested an
export, who approved it and what the gateway then did, in one verified sequence.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from carborder.audit.events import AuditEvent

__all__ = [
    "AccessDenied",
    "AuditVerified",
    "ExportApproved",
    "ExportDenied",
    "ExportRequested",
    "FilingCreated",
    "FilingFieldSet",
    "FilingSigned",
    "LoginFailed",
    "LoginSucceeded",
    "TokenCreated",
    "TokenRevoked",
    "UserAdded",
    "UserDisabled",
]


class UserAdded(AuditEvent):
    """A user was created."""

    name: ClassVar[str] = "web.user_added"

    user: str = Field(description="User name.")
    role: str = Field(description="Role given.")


class UserDisabled(AuditEvent):
    """A user was disabled; sessions ended, tokens no longer accepted."""

    name: ClassVar[str] = "web.user_disabled"

    user: str = Field(description="User name.")


class TokenCreated(AuditEvent):
    """An API token was issued (its secret is never logged)."""

    name: ClassVar[str] = "web.token_created"

    token_id: str = Field(description="Public token id.")
    user: str = Field(description="User the token acts as.")
    label: str = Field(description="What the token is for.")


class TokenRevoked(AuditEvent):
    """An API token was revoked."""

    name: ClassVar[str] = "web.token_revoked"

    token_id: str = Field(description="Public token id.")


class LoginSucceeded(AuditEvent):
    """A user signed in to the web pages."""

    name: ClassVar[str] = "web.login"

    user: str = Field(description="User name.")
    client: str = Field(description="Client address.")


class LoginFailed(AuditEvent):
    """A sign-in failed (wrong name or password, disabled user, or rate limit)."""

    name: ClassVar[str] = "web.login_failed"

    user: str = Field(description="Name given.")
    client: str = Field(description="Client address.")
    reason: str = Field(description="credentials, disabled or rate_limited.")


class AccessDenied(AuditEvent):
    """A signed-in user or token asked for something its role does not allow."""

    name: ClassVar[str] = "web.access_denied"

    user: str = Field(description="User name.")
    permission: str = Field(description="Permission required.")
    method: str = Field(description="HTTP method.")
    path: str = Field(description="Path asked for.")
    reason: str = Field(default="role", description="role or separation_of_duties.")


class ExportRequested(AuditEvent):
    """Someone asked to export a flow's data (it waits for another person's approval)."""

    name: ClassVar[str] = "web.export_requested"

    request_id: str = Field(description="Export request id.")
    flow_id: str = Field(description="Flow.")
    inputs: list[str] = Field(description="Input paths inside the workspace.")


class ExportApproved(AuditEvent):
    """A second person approved an export request; the gateway run starts as a job."""

    name: ClassVar[str] = "web.export_approved"

    request_id: str = Field(description="Export request id.")
    flow_id: str = Field(description="Flow.")
    requested_by: str = Field(description="Who asked for it.")
    job_id: str = Field(description="Background job running the export.")


class ExportDenied(AuditEvent):
    """An export request was denied."""

    name: ClassVar[str] = "web.export_denied"

    request_id: str = Field(description="Export request id.")
    flow_id: str = Field(description="Flow.")
    reason: str | None = Field(default=None, description="Why.")


class FilingCreated(AuditEvent):
    """A filing draft was created."""

    name: ClassVar[str] = "web.filing_created"

    filing_id: str = Field(description="Filing id.")
    type: str = Field(description="Filing type.")


class FilingFieldSet(AuditEvent):
    """A person answered a human field of a filing (the value itself is not logged)."""

    name: ClassVar[str] = "web.filing_field_set"

    filing_id: str = Field(description="Filing id.")
    field_id: str = Field(description="Field id.")
    value_sha256: str = Field(description="SHA-256 of the answer.")


class FilingSigned(AuditEvent):
    """A complete filing was signed off by someone other than its drafter."""

    name: ClassVar[str] = "web.filing_signed"

    filing_id: str = Field(description="Filing id.")
    drafted_by: str = Field(description="Who drafted it.")
    document_sha256: str | None = Field(default=None, description="SHA-256 of what was signed.")


class AuditVerified(AuditEvent):
    """The audit chain was verified from the server."""

    name: ClassVar[str] = "web.audit_verified"

    ok: bool = Field(description="Whether the chain verified.")
    events: int = Field(description="Events checked.")
    head_seq: int = Field(description="Head sequence number.")
