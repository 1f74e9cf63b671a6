"""Approvals record their scope: what they were granted for (purposes, methods, recipients, ...).

An approval stops covering a flow whose purpose, data kinds, recipient or overseas storage
changed since it was granted (re-declaration, re-filing). Approvals recorded before this
revision have no scope (NULL): they still cover, and the engine asks for the scope to be
recorded.

Revision ID: 0003
Revises: web0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0003"
down_revision: str | None = "web0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the nullable JSON text column ``approvals.scope_json``."""
    with op.batch_alter_table("approvals") as batch:
        batch.add_column(sa.Column("scope_json", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the recorded scopes (approvals then cover without a change check)."""
    with op.batch_alter_table("approvals") as batch:
        batch.drop_column("scope_json")
