"""Engines for SQLite (default, one writer via BEGIN IMMEDIATE) and PostgreSQL."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from carborder.errors import Msg, WorkspaceError
from carborder.keys.files import PRIVATE_FILE_MODE, make_private_dir, tighten
from carborder.safety.dberrors import database_error
from carborder.safety.oserrors import input_error_from_os

__all__ = ["default_url", "make_engine"]

_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def default_url(workspace: Path) -> str:
    """Return the SQLite URL of a workspace's database (``.carborder/carborder.db``).

    >>> default_url(Path("/w"))
    'sqlite:////w/.carborder/carborder.db'
    """
    return f"sqlite:///{(workspace / '.carborder' / 'carborder.db').as_posix()}"


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` transactions.

    Args:
        url: SQLAlchemy URL (``sqlite:///...`` or ``postgresql+psycopg://...``).
        schema: PostgreSQL schema to use as ``search_path`` (e.g. one per test run).

    Raises:
        WorkspaceError: unsupported URL or bad schema name.
    """
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and not url.endswith(":memory:"):
            _private_database_file(Path(url.removeprefix("sqlite:///")))
        engine = create_engine(url, connect_args={"timeout": 60})
        _sqlite_single_writer(engine)
        _plain_errors(engine, url.removeprefix("sqlite:///"))
        return engine
    if url.startswith("postgresql"):
        connect_args: dict[str, Any] = {}
        if schema is not None:
            if not _SCHEMA_RE.match(schema):
                raise WorkspaceError(Msg("err-db-schema-name", schema=repr(schema)))
            connect_args["options"] = f"-csearch_path={schema}"
        engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        _plain_errors(engine, None)
        return engine
    raise WorkspaceError(
        Msg("err-db-url", scheme=repr(url.split(":", 1)[0])),
        hint=Msg("hint-db-url"),
    )


def _private_database_file(path: Path) -> None:
    """Create the SQLite file (and a workspace's ``.carborder/``) owner-only, or tighten them.

    The database holds approvals, decisions and keyed head-count fingerprints: other users
    of the machine have no business reading it. SQLite gives its -wal/-shm files the mode
    of the database file.
    """
    try:
        if path.parent.name == ".carborder":
            make_private_dir(path.parent)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        os.close(fd)
    except FileExistsError:
        for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            tighten(f, PRIVATE_FILE_MODE)
    except OSError as exc:
        raise input_error_from_os(
            exc,
            action="write",
            file=exc.filename or path,
            what="workspace database",
            error=WorkspaceError,
        ) from None


def _plain_errors(engine: Engine, file: str | None) -> None:
    """Raise a read-only, missing, locked or damaged database as bad input naming the file."""

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx: ExceptionContext) -> None:
        mapped = database_error(str(ctx.original_exception), file=file)
        if mapped is not None:
            raise mapped from None


def _sqlite_single_writer(engine: Engine) -> None:
    """Make every transaction take the write lock at BEGIN, so read-modify-write never races."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let us issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
