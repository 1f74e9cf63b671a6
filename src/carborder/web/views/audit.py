"""The audit log, newest first, paged by sequence number (fast on millions of events)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from carborder.store.repository import Store
from carborder.store.tables import AuditEventRow
from carborder.web.schemas import AuditEventOut, AuditPage

__all__ = ["audit_page"]


def audit_page(
    store: Store,
    *,
    before: int | None = None,
    limit: int = 50,
    name: str | None = None,
    actor: str | None = None,
) -> AuditPage:
    """Events with ``seq < before`` (default: from the head), newest first."""
    head, _hash = store.audit_head()
    q = select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(limit + 1)
    if before is not None:
        q = q.where(AuditEventRow.seq < before)
    if name:
        q = q.where(AuditEventRow.name == name)
    if actor:
        q = q.where(AuditEventRow.actor == actor)
    with Session(store.engine) as s:
        rows = list(s.execute(q).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    events = [
        AuditEventOut(
            seq=r.seq,
            name=r.name,
            actor=r.actor,
            created=r.created,
            payload=json.loads(r.payload_json),
            prev_hash=r.prev_hash,
            hash=r.hash,
        )
        for r in rows
    ]
    return AuditPage(
        head_seq=head, events=events, next_before=rows[-1].seq if more and rows else None
    )
