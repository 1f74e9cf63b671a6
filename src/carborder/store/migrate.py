"""Run Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

__all__ = ["MIGRATIONS_DIR", "head_revisions", "migrate"]

#: Where env.py and versions/ live (shipped as package data).
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


@cache
def head_revisions() -> frozenset[str]:
    """The revisions no migration builds on, read from ``versions/`` without Alembic.

    Importing Alembic (and its script machinery) costs a fresh process about a third of a
    second; almost every process opens a database that is already at the head, so
    :func:`migrate` compares against these first and hands over to Alembic only when the
    database is elsewhere. A test checks them against Alembic's own heads.
    """
    revisions: set[str] = set()
    below: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        below.update(_DOWN.findall(source))
    return frozenset(revisions - below)


def _at_head(engine: Engine) -> bool:
    """Whether the database's stamped revisions are exactly the heads (False when unsure)."""
    try:
        with engine.connect() as conn:
            # a new database has no version table: asked, not queried, since a failed query
            # is turned into a translated error by the engine's handler before we see it
            if not inspect(conn).has_table("alembic_version"):
                return False
            stamped = {
                str(r)
                for r in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            }
    except Exception:  # locked, damaged, unreachable: Alembic decides and reports
        return False
    return bool(stamped) and stamped == head_revisions()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision``; concurrent callers are serialised.

    A database already at the head is left alone without starting Alembic. Otherwise, on
    SQLite the transaction starts with ``BEGIN IMMEDIATE``; on PostgreSQL an advisory
    transaction lock keeps two processes from creating the same tables at once; a database
    at a revision this version does not know is refused by Alembic.
    """
    if revision == "head" and _at_head(engine):
        return
    from alembic import command  # only when there is something to migrate (see above)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(727172)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
