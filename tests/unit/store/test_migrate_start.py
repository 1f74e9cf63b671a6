"""A database at the head opens without Alembic; any other revision still goes through it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, text

from carborder.store import Store, migrate
from carborder.store.migrate import MIGRATIONS_DIR, head_revisions


def _alembic_heads() -> set[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return set(ScriptDirectory.from_config(cfg).get_heads())


def _stamped(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                str(r)
                for r in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            }
    finally:
        engine.dispose()


def test_heads_read_from_the_files_are_alembics() -> None:
    assert head_revisions() == _alembic_heads()


def test_a_database_at_an_older_revision_is_still_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrate(engine, "0001")
    engine.dispose()
    assert _stamped(url) == {"0001"}
    Store.open(url).close()
    assert _stamped(url) == _alembic_heads()


def test_a_database_at_an_unknown_revision_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store.open(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'zz99'"))
    engine.dispose()
    with pytest.raises(CommandError, match="zz99"):
        Store.open(url)


def test_opening_a_database_at_the_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'head.db'}"
    Store.open(url).close()
    code = (
        "import sys\n"
        "from carborder.store import Store\n"
        f"Store.open({url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
