"""The server's own tables (users, tokens, sessions, jobs, export requests, filings).

They live beside the core store's tables on the same metadata, so one Alembic chain creates
both; migration ``web0001`` creates them. They are kept here, in the store, rather than in the
server's package: a new database is created from the models of every table the migrations
make (:mod:`carborder.store.migrate`), and that must not import the web server. Timestamps are fixed-width UTC strings, as in the
core store, so both engines sort them alike. Secrets are never stored: passwords as argon2
hashes, tokens and session ids as SHA-256 digests.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carborder.store.tables import Base

__all__ = [
    "ExportRequestRow",
    "FilingFieldRow",
    "FilingRow",
    "JobRow",
    "LoginAttemptRow",
    "SessionRow",
    "TokenRow",
    "UserRow",
]


class UserRow(Base):
    """A person or program allowed to use the server, with one role."""

    __tablename__ = "web_users"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))
    last_login: Mapped[str | None] = mapped_column(String(32), nullable=True)


class TokenRow(Base):
    """An API token of a user: only its SHA-256 is kept (the token is shown once)."""

    __tablename__ = "web_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("web_users.name", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))
    expires: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_used: Mapped[str | None] = mapped_column(String(32), nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionRow(Base):
    """A signed-in browser: the cookie carries a random id, the table its SHA-256."""

    __tablename__ = "web_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("web_users.name", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    last_seen: Mapped[str] = mapped_column(String(32))
    expires: Mapped[str] = mapped_column(String(32), index=True)


class LoginAttemptRow(Base):
    """A failed sign-in, kept for the rate limit (per name and per client address)."""

    __tablename__ = "web_login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_name: Mapped[str] = mapped_column(String(64), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[str] = mapped_column(String(32), index=True)


class JobRow(Base):
    """Background work (scan, export, filing build, audit verification) and its progress."""

    __tablename__ = "web_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    stage: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32), index=True)
    started: Mapped[str | None] = mapped_column(String(32), nullable=True)
    finished: Mapped[str | None] = mapped_column(String(32), nullable=True)
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class ExportRequestRow(Base):
    """A request to export a flow's data; a different person must approve it before it runs."""

    __tablename__ = "web_export_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(128), index=True)
    asset: Mapped[str | None] = mapped_column(String(128), nullable=True)
    inputs_json: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(128), nullable=True)
    purpose: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested: Mapped[str] = mapped_column(String(32), index=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    output: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class FilingRow(Base):
    """A filing being prepared: its type, scope, status and who drafted and signed it."""

    __tablename__ = "web_filings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    edition: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    scope_json: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), index=True)
    drafted_by: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    updated: Mapped[str] = mapped_column(String(32))
    signed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signed: Mapped[str | None] = mapped_column(String(32), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class FilingFieldRow(Base):
    """A human answer in a filing, with who gave it and when (its provenance)."""

    __tablename__ = "web_filing_fields"

    filing_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("web_filings.id", ondelete="CASCADE"), primary_key=True
    )
    field_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[str] = mapped_column(String(32))
