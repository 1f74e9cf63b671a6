"""Store fixtures: the same tests run on SQLite and on PostgreSQL (own schema, dropped after)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from carborder.store import Store

PG_URLS = (
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://root@127.0.0.1:5432/test",
)


def _pg_url() -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    for url in PG_URLS:
        try:
            with psycopg.connect(
                url.replace("postgresql+psycopg", "postgresql"), connect_timeout=3
            ) as conn:
                conn.execute("SELECT 1")
            return url
        except psycopg.Error:
            continue
    return None


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = _pg_url()
    if url is None:
        pytest.skip(
            "PostgreSQL unreachable at 127.0.0.1:5432 (database 'test', user postgres or root, "
            "trust auth); the SQLite variant of this test still runs"
        )
    return url


def _pg_store(url: str) -> Iterator[Store]:
    import psycopg

    schema = f"cb_test_{uuid.uuid4().hex[:12]}"
    raw = url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    store = Store.open(url, schema=schema)
    try:
        yield store
    finally:
        store.close()
        with psycopg.connect(raw, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store on each engine."""
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 'carborder.db'}")
        try:
            yield s
        finally:
            s.close()
    else:
        yield from _pg_store(request.getfixturevalue("pg_url"))
