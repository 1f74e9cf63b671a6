"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

__all__ = ["MIGRATIONS_DIR", "migrate"]

#: Where env.py and versions/ live (shipped as package data).
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision``; concurrent callers are serialised.

    On SQLite the transaction starts with ``BEGIN IMMEDIATE``; on PostgreSQL an advisory
    transaction lock keeps two processes from creating the same tables at once.
    """
    cfg = _config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(727172)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
