"""Initial schema: scans, approvals, decisions, export runs, manifests, audit chain, counters.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_GENESIS = "0" * 64


def upgrade() -> None:
    """Create every table and seed the audit head."""
    op.create_table(
        "scans",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("facts_json", sa.Text(), nullable=False),
        sa.Column("evidence_json", sa.Text(), nullable=False),
        sa.Column("columns_json", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scans"),
    )
    op.create_index("ix_scans_input_sha256", "scans", ["input_sha256"])
    op.create_table(
        "scan_files",
        sa.Column("scan_id", sa.String(64), nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name="fk_scan_files_scan_id_scans", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("scan_id", "path", name="pk_scan_files"),
    )
    op.create_index("ix_scan_files_sha256", "scan_files", ["sha256"])
    op.create_table(
        "detected_facts",
        sa.Column("scan_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name="fk_detected_facts_scan_id_scans", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("scan_id", "name", name="pk_detected_facts"),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("flows_json", sa.Text(), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("evidence_sha256", sa.String(64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_approvals"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("flow_id", sa.String(128), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("pack", sa.String(128), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("pathway", sa.String(64), nullable=True),
        sa.Column("input_sha256", sa.String(64), nullable=False),
        sa.Column("input_json", sa.Text(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
    )
    op.create_index("ix_decisions_flow_id", "decisions", ["flow_id"])
    op.create_table(
        "export_runs",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("flow_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("finished", sa.String(32), nullable=True),
        sa.Column("output", sa.String(1024), nullable=True),
        sa.Column("decision_id", sa.String(64), nullable=True),
        sa.Column("manifest_sha256", sa.String(64), nullable=True),
        sa.Column("pending_json", sa.Text(), nullable=True),
        sa.Column("error_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_export_runs"),
    )
    op.create_index("ix_export_runs_flow_id", "export_runs", ["flow_id"])
    op.create_index("ix_export_runs_status", "export_runs", ["status"])
    op.create_table(
        "manifests",
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["export_runs.id"],
            name="fk_manifests_run_id_export_runs",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", name="pk_manifests"),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_created", "audit_events", ["created"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": _GENESIS}])
    op.create_table(
        "counters",
        sa.Column("handler_id", sa.String(128), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("estimate", sa.Integer(), nullable=False),
        sa.Column("exact_blob", sa.LargeBinary(), nullable=True),
        sa.Column("hll_blob", sa.LargeBinary(), nullable=False),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("handler_id", "year", "kind", name="pk_counters"),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in (
        "counters",
        "audit_head",
        "audit_events",
        "manifests",
        "export_runs",
        "decisions",
        "approvals",
        "detected_facts",
        "scan_files",
        "scans",
    ):
        op.drop_table(table)
