"""Storage: SQLAlchemy tables, Alembic migrations and a repository (SQLite or PostgreSQL)."""

from __future__ import annotations

from carborder.store.engine import default_url, make_engine
from carborder.store.migrate import migrate
from carborder.store.repository import Store, StoredDecision, StoredRun, StoredScan
from carborder.store.sketch import DistinctSketch, identity_digest

__all__ = [
    "DistinctSketch",
    "Store",
    "StoredDecision",
    "StoredRun",
    "StoredScan",
    "default_url",
    "identity_digest",
    "make_engine",
    "migrate",
]
