"""The server's tables come from one Alembic chain with a single head, matching the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from carborder.store import make_engine, migrate
from carborder.store import server_tables as web_tables
from carborder.store.migrate import MIGRATIONS_DIR, head_revisions
from carborder.store.tables import metadata


def test_migrations_have_a_single_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, heads


def test_web_tables_after_migration_match_their_models(tmp_path: Path) -> None:
    # the head named as a revision runs the whole Alembic chain (a new database opened by
    # the store is created from these very models instead)
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    (head,) = head_revisions()
    migrate(engine, head)
    web = {t for t in metadata.tables if t.startswith("web_")}
    assert web == {
        web_tables.UserRow.__tablename__,
        web_tables.TokenRow.__tablename__,
        web_tables.SessionRow.__tablename__,
        web_tables.LoginAttemptRow.__tablename__,
        web_tables.JobRow.__tablename__,
        web_tables.ExportRequestRow.__tablename__,
        web_tables.FilingRow.__tablename__,
        web_tables.FilingFieldRow.__tablename__,
    }
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), metadata
        )
    ours = [d for d in diff if any(str(part).find("web_") >= 0 for part in _flatten(d))]
    assert not ours, ours
    engine.dispose()


def _flatten(item: object) -> list[object]:
    if isinstance(item, (list, tuple)):
        return [x for sub in item for x in _flatten(sub)]
    return [item]
