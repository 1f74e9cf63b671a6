"""Keyed counter fingerprints: counters get a key version; unkeyed fingerprints are destroyed.

Stores made before this revision kept ``sha256("carborder-identity\\n" + value)`` of every
person in ``counters`` and in the pending deltas of ``export_runs``: anyone reading the
database could confirm an ID or phone number. Those fingerprints cannot be re-keyed (the
values are gone), so each counter keeps its number as a count-only row of key version
``legacy-unkeyed`` and the fingerprints are deleted; exports from now on add keyed
fingerprints under the workspace's counter key. A person exported both before and after the
upgrade may be counted twice this year (never fewer). Each migrated counter is recorded in
the audit chain, so ``audit verify`` can cross-check it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

__all__ = ["downgrade", "upgrade"]

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_LEGACY = "legacy-unkeyed"
_ACTOR = "carborder-migration"


def _old_estimate(exact: bytes | None, hll: bytes | None, stored: int) -> int:
    """The count a legacy row stood for: its exact set size, else its HLL estimate."""
    if exact is not None:
        return max(stored, len(exact) // 16)
    if hll:
        import datasketches

        sketch = datasketches.hll_sketch.deserialize(hll)
        return max(stored, int(-(-sketch.get_estimate() // 1)))
    return stored


def _state_sha256(estimate: int) -> str:
    # the same digest the store computes for a count-only row (no blobs)
    return hashlib.sha256(f"{estimate}\nH\n".encode()).hexdigest()


def _counters_table() -> sa.Table:
    return op.create_table(
        "counters",
        sa.Column("handler_id", sa.String(128), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("estimate", sa.Integer(), nullable=False),
        sa.Column("exact_blob", sa.LargeBinary(), nullable=True),
        sa.Column("hll_blob", sa.LargeBinary(), nullable=False),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("handler_id", "year", "kind", "key_id", name="pk_counters"),
    )


def _append_events(conn: sa.Connection, payloads: list[dict[str, Any]], now: str) -> None:
    from carborder.audit.chain import canonical_json, link_hash

    head = conn.execute(sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")).one()
    seq, prev = int(head.seq), str(head.hash)
    for payload in payloads:
        seq += 1
        digest = link_hash(prev, seq, "counters.updated", _ACTOR, now, payload)
        conn.execute(
            sa.text(
                "INSERT INTO audit_events (seq, name, actor, created, payload_json, prev_hash, "
                "hash) VALUES (:seq, :name, :actor, :created, :payload, :prev, :hash)"
            ),
            {
                "seq": seq,
                "name": "counters.updated",
                "actor": _ACTOR,
                "created": now,
                "payload": canonical_json(payload).decode("utf-8"),
                "prev": prev,
                "hash": digest,
            },
        )
        prev = digest
    conn.execute(
        sa.text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"),
        {"seq": seq, "hash": prev},
    )


def _pending_counts(pending_json: str) -> str:
    """A committing run's pending delta as legacy counts (no fingerprints)."""
    pending = json.loads(pending_json)
    delta: dict[str, Any] = {}
    for kind, blob in sorted((pending.get("delta") or {}).items()):
        data = json.loads(base64.b64decode(blob))
        exact = base64.b64decode(data["exact"]) if data.get("exact") is not None else None
        hll = base64.b64decode(data.get("hll") or "")
        count = _old_estimate(exact, hll, 0)
        delta[kind] = {"key_id": _LEGACY, "count": count, "exact": None, "hll": ""}
    return json.dumps({**pending, "delta": delta, "format": 2})


def upgrade() -> None:
    """Re-create counters with a key version; keep counts, destroy unkeyed fingerprints."""
    conn = op.get_bind()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    old = conn.execute(
        sa.text(
            "SELECT handler_id, year, kind, estimate, exact_blob, hll_blob, version FROM counters"
        )
    ).all()
    op.drop_table("counters")
    table = _counters_table()
    rows = []
    payloads = []
    for r in sorted(old, key=lambda r: (r.handler_id, r.year, r.kind)):
        estimate = _old_estimate(r.exact_blob, r.hll_blob, int(r.estimate))
        version = int(r.version) + 1
        rows.append(
            {
                "handler_id": r.handler_id,
                "year": int(r.year),
                "kind": r.kind,
                "key_id": _LEGACY,
                "estimate": estimate,
                "exact_blob": None,
                "hll_blob": b"",
                "updated": now,
                "version": version,
            }
        )
        payloads.append(
            {
                "handler_id": r.handler_id,
                "year": int(r.year),
                "kind": r.kind,
                "key_id": _LEGACY,
                "estimate": estimate,
                "version": version,
                "state_sha256": _state_sha256(estimate),
                "run_id": None,
                "reason": "migrated: unkeyed fingerprints destroyed, count kept",
            }
        )
    if rows:
        op.bulk_insert(table, rows)
    for run in conn.execute(
        sa.text("SELECT id, status, pending_json FROM export_runs WHERE pending_json IS NOT NULL")
    ).all():
        value = _pending_counts(run.pending_json) if run.status == "committing" else None
        conn.execute(
            sa.text("UPDATE export_runs SET pending_json = :p WHERE id = :id"),
            {"p": value, "id": run.id},
        )
    if payloads:
        _append_events(conn, payloads, now)


def downgrade() -> None:
    """Not possible: the unkeyed fingerprints this revision destroyed cannot come back."""
    raise NotImplementedError(
        "revision 0002 destroyed unkeyed identity fingerprints on purpose; restore a backup "
        "to go back to 0001"
    )
