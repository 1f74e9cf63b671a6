"""Store fixtures: the same tests run on SQLite and on PostgreSQL (own schema, dropped after)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.postgres import SKIP_REASON, pg_schema, reachable_pg_url

from carborder.store import Store


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = reachable_pg_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url


def _pg_store(url: str) -> Iterator[Store]:
    with pg_schema(url) as schema:
        store = Store.open(url, schema=schema)
        try:
            yield store
        finally:
            store.close()


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
