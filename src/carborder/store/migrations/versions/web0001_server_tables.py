"""Server tables: users, API tokens, sessions, login attempts, jobs, export requests, filings.

Revision ID: web0001
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "web0001"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the server's tables (see ``carborder.store.server_tables``)."""
    op.create_table(
        "web_users",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("last_login", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_web_users"),
    )
    op.create_table(
        "web_tokens",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("expires", sa.String(32), nullable=True),
        sa.Column("last_used", sa.String(32), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_name"],
            ["web_users.name"],
            name="fk_web_tokens_user_name_web_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_web_tokens"),
        sa.UniqueConstraint("token_sha256", name="uq_web_tokens_token_sha256"),
    )
    op.create_index("ix_web_tokens_user_name", "web_tokens", ["user_name"])
    op.create_table(
        "web_sessions",
        sa.Column("id_sha256", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("last_seen", sa.String(32), nullable=False),
        sa.Column("expires", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_name"],
            ["web_users.name"],
            name="fk_web_sessions_user_name_web_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_sha256", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_user_name", "web_sessions", ["user_name"])
    op.create_index("ix_web_sessions_expires", "web_sessions", ["expires"])
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_login_attempts"),
    )
    op.create_index("ix_web_login_attempts_user_name", "web_login_attempts", ["user_name"])
    op.create_index("ix_web_login_attempts_client", "web_login_attempts", ["client"])
    op.create_index("ix_web_login_attempts_at", "web_login_attempts", ["at"])
    op.create_table(
        "web_jobs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("stage", sa.String(200), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("started", sa.String(32), nullable=True),
        sa.Column("finished", sa.String(32), nullable=True),
        sa.Column("params_json", sa.Text(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("error_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_jobs"),
    )
    op.create_index("ix_web_jobs_kind", "web_jobs", ["kind"])
    op.create_index("ix_web_jobs_status", "web_jobs", ["status"])
    op.create_index("ix_web_jobs_created", "web_jobs", ["created"])
    op.create_table(
        "web_export_requests",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("flow_id", sa.String(128), nullable=False),
        sa.Column("asset", sa.String(128), nullable=True),
        sa.Column("inputs_json", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(128), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested", sa.String(32), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided", sa.String(32), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("job_id", sa.String(32), nullable=True),
        sa.Column("run_id", sa.String(64), nullable=True),
        sa.Column("output", sa.String(1024), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_export_requests"),
    )
    op.create_index("ix_web_export_requests_flow_id", "web_export_requests", ["flow_id"])
    op.create_index("ix_web_export_requests_status", "web_export_requests", ["status"])
    op.create_index("ix_web_export_requests_requested", "web_export_requests", ["requested"])
    op.create_table(
        "web_filings",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("edition", sa.String(64), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("scope_json", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("drafted_by", sa.String(64), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.Column("signed_by", sa.String(64), nullable=True),
        sa.Column("signed", sa.String(32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document_sha256", sa.String(64), nullable=True),
        sa.Column("job_id", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_filings"),
    )
    op.create_index("ix_web_filings_status", "web_filings", ["status"])
    op.create_table(
        "web_filing_fields",
        sa.Column("filing_id", sa.String(32), nullable=False),
        sa.Column("field_id", sa.String(200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["web_filings.id"],
            name="fk_web_filing_fields_filing_id_web_filings",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("filing_id", "field_id", name="pk_web_filing_fields"),
    )


def downgrade() -> None:
    """Drop the server's tables."""
    for table in (
        "web_filing_fields",
        "web_filings",
        "web_export_requests",
        "web_jobs",
        "web_login_attempts",
        "web_sessions",
        "web_tokens",
        "web_users",
    ):
        op.drop_table(table)
