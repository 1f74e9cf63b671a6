"""A new database created from the models equals the one the migrations build.

``migrate`` creates a new, empty database with ``create_all``, seeds it and stamps it at the
head instead of running the Alembic chain (start-up cost). The same database is built both
ways, on SQLite and on PostgreSQL, and everything the engines report must be equal: tables,
columns in order with types, nullability, defaults and auto-increment, keys, foreign keys
with their actions, indexes, unique and check constraints, sequences, and every row.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from tests.postgres import SKIP_REASON, pg_schema, reachable_pg_url

from carborder.store import Store, make_engine, migrate
from carborder.store.migrate import head_revisions


def _described(engine: Engine) -> dict[str, Any]:
    """Everything the engine reports about the schema, and every row, comparable as data."""

    def by_name(items: list[Any]) -> list[Any]:
        return sorted(items, key=lambda d: (str(d.get("name")), str(d)))

    tables: dict[str, Any] = {}
    with engine.connect() as conn:  # one connection: SQLite's store engine locks per begin
        insp = inspect(conn)
        for name in sorted(insp.get_table_names()):
            tables[name] = {
                "columns": [
                    {k: str(v) if k == "type" else v for k, v in c.items() if k != "comment"}
                    for c in insp.get_columns(name)
                ],
                "primary_key": insp.get_pk_constraint(name),
                "foreign_keys": by_name(insp.get_foreign_keys(name)),
                "indexes": by_name(insp.get_indexes(name)),
                "unique": by_name(insp.get_unique_constraints(name)),
                "checks": by_name(insp.get_check_constraints(name)),
                "rows": sorted(
                    tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"')).all()
                ),
            }
        postgres = engine.dialect.name == "postgresql"
        sequences = sorted(insp.get_sequence_names()) if postgres else []
    return {"tables": tables, "sequences": sequences}


def _through_alembic(engine: Engine) -> None:
    # the head named as a revision, not "head": migrate() then runs the whole Alembic chain
    (head,) = head_revisions()
    migrate(engine, head)


def _alembic_modules(engine_code: str) -> list[str]:
    code = (
        "import sys\n"
        f"{engine_code}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return eval(out.stdout.strip())  # a printed list of module names


@contextmanager
def _engines(kind: str, tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two empty databases of ``kind``: one for each way of building the schema."""
    if kind == "sqlite":
        a = make_engine(f"sqlite:///{tmp_path / 'alembic.db'}")
        b = make_engine(f"sqlite:///{tmp_path / 'models.db'}")
        try:
            yield a, b
        finally:
            a.dispose()
            b.dispose()
        return
    url = reachable_pg_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    with pg_schema(url) as sa, pg_schema(url) as sb:
        a, b = make_engine(url, schema=sa), make_engine(url, schema=sb)
        try:
            yield a, b
        finally:
            a.dispose()
            b.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_new_database_from_the_models_equals_the_migrated_one(kind: str, tmp_path: Path) -> None:
    with _engines(kind, tmp_path) as (by_alembic, by_models):
        _through_alembic(by_alembic)
        migrate(by_models)
        built, created = _described(by_alembic), _described(by_models)
        assert set(created["tables"]) == set(built["tables"])
        for name in built["tables"]:
            assert created["tables"][name] == built["tables"][name], name
        assert created == built
        assert ("1", 0, "0" * 64) in [
            (str(r[0]), r[1], r[2]) for r in created["tables"]["audit_head"]["rows"]
        ]


def test_a_new_database_is_created_without_alembic_and_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert _alembic_modules(f"from carborder.store import Store\nStore.open({url!r}).close()") == []
    store = Store.open(url)  # opens at the head; the audit chain starts from its genesis
    try:
        assert store.verify_audit().ok
    finally:
        store.close()


def test_a_database_with_tables_but_no_version_goes_through_alembic(tmp_path: Path) -> None:
    # not empty, not stamped: not ours to overwrite; Alembic meets the existing table
    url = f"sqlite:///{tmp_path / 'odd.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE scans (id TEXT)"))
    with pytest.raises(Exception, match="scans"):
        migrate(engine)
    engine.dispose()
