"""Storage: SQLAlchemy tables, Alembic migrations and a repository (SQLite or PostgreSQL)."""

from __future__ import annotations

from carborder.store.engine import default_url, make_engine
from carborder.store.migrate import migrate
from carborder.store.repository import (
    Store,
    StoredDecision,
    StoredRun,
    StoredScan,
    counter_state_sha256,
)
from carborder.store.sketch import LEGACY_KEY_ID, DistinctSketch, YearCount, identity_digest

__all__ = [
    "LEGACY_KEY_ID",
    "DistinctSketch",
    "Store",
    "StoredDecision",
    "StoredRun",
    "StoredScan",
    "YearCount",
    "counter_state_sha256",
    "default_url",
    "identity_digest",
    "make_engine",
    "migrate",
]
