"""The PostgreSQL test database: where it is, whether it answers, and a throw-away schema.

Store and web tests run on PostgreSQL when one answers on 127.0.0.1:5432 (database ``test``,
user postgres or root, trust auth) and skip with :data:`SKIP_REASON` otherwise; each test gets
its own schema, dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["PG_URLS", "SKIP_REASON", "pg_schema", "reachable_pg_url"]

PG_URLS = (
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://root@127.0.0.1:5432/test",
)

SKIP_REASON = (
    "PostgreSQL unreachable at 127.0.0.1:5432 (database 'test', user postgres or root, "
    "trust auth); the SQLite variant of this test still runs"
)


def _raw(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (psycopg does not know the driver suffix)."""
    return url.replace("postgresql+psycopg", "postgresql")


def reachable_pg_url() -> str | None:
    """The first of :data:`PG_URLS` that connects *and* answers a query, or None.

    A server that accepts the connection but cannot run ``SELECT 1`` (starting up, shutting
    down, out of connections) is no test database.
    """
    try:
        import psycopg
    except ImportError:
        return None
    for url in PG_URLS:
        try:
            with psycopg.connect(_raw(url), connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            return url
        except psycopg.Error:
            continue
    return None


@contextmanager
def pg_schema(url: str, prefix: str = "cb_test") -> Iterator[str]:
    """A fresh schema named ``<prefix>_<random>`` in the test database, dropped on exit."""
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_raw(url), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        with psycopg.connect(_raw(url), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
