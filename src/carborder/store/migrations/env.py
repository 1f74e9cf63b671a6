"""Alembic environment: runs on the connection handed over by ``carborder.store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from carborder.store.tables import metadata

__all__ = ["run_migrations"]


def run_migrations(connection: Connection) -> None:
    """Run the pending migrations on ``connection`` (already inside a transaction)."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    try:
        config = context.config
    except (NameError, AttributeError):  # imported outside an Alembic run (e.g. by doctest)
        return
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("carborder migrations run through carborder.store.migrate only")
    run_migrations(connection)


_main()
