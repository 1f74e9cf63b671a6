"""Bring a database to the migration head: Alembic for existing databases, models for new ones.

No alembic.ini is needed. Importing Alembic (its script machinery, Mako, every dialect's DDL)
and running the chain cost a fresh process about 0.15 CPU-seconds, which a one-shot command
on a new workspace paid before doing anything. So a database already at the head opens
without Alembic, and a new, empty one is created from the table models (``create_all``),
seeded as migration 0001 seeds it and stamped at the head, in one transaction. A test builds
the same database both ways on SQLite and PostgreSQL and requires identical schemas and rows.
A database at any other revision still goes through Alembic, which refuses unknown ones.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)

from carborder.audit.chain import GENESIS_HASH

__all__ = ["MIGRATIONS_DIR", "head_revisions", "migrate", "schema_metadata"]

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


def schema_metadata() -> MetaData:
    """The models of every table the migrations create: the store's and the server's."""
    import carborder.store.server_tables  # noqa: F401  (registers the server's tables)
    from carborder.store.tables import metadata

    return metadata


def _version_table() -> Table:
    # Alembic's own definition of its version table (alembic.runtime.migration)
    return Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )


def _serialise(conn: Connection) -> None:
    """Keep two processes from creating the same tables at once.

    On SQLite the store's engine already began the transaction with ``BEGIN IMMEDIATE``
    (the write lock); on PostgreSQL an advisory transaction lock does it.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(727172)"))


def _created_at_head(engine: Engine) -> bool:
    """Create an empty database's tables from the models and stamp it at the head.

    Returns False, having changed nothing, when the database holds any table already, or
    when anything fails (Alembic then decides and reports, as before).
    """
    heads = head_revisions()
    if len(heads) != 1:  # a branched chain: leave stamping several heads to Alembic
        return False
    (head,) = heads
    metadata = schema_metadata()
    try:
        with engine.begin() as conn:
            _serialise(conn)
            if inspect(conn).get_table_names():
                return False
            metadata.create_all(conn)
            # what migration 0001 seeds: the audit chain's head, before any event
            conn.execute(
                metadata.tables["audit_head"].insert().values(id=1, seq=0, hash=GENESIS_HASH)
            )
            version = _version_table()
            version.create(conn)
            conn.execute(version.insert().values(version_num=head))
    except Exception:  # locked, read-only, unreachable: Alembic decides and reports
        return False
    return True


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision``; concurrent callers are serialised.

    A database already at the head is left alone and a new, empty one is created at the head
    from the models, both without starting Alembic (see the module's note). Otherwise, on
    SQLite the transaction starts with ``BEGIN IMMEDIATE``; on PostgreSQL an advisory
    transaction lock keeps two processes from creating the same tables at once; a database
    at a revision this version does not know is refused by Alembic.
    """
    if revision == "head" and (_at_head(engine) or _created_at_head(engine)):
        return
    from alembic import command  # only when there is something to migrate (see above)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        _serialise(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
