"""The shared PostgreSQL probe: a URL is offered only when the database answers a query."""

from __future__ import annotations

import socket

import pytest
from tests import postgres


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends


def test_no_url_when_nothing_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    port = _closed_port()
    monkeypatch.setattr(
        postgres, "PG_URLS", (f"postgresql+psycopg://postgres@127.0.0.1:{port}/test",)
    )
    assert postgres.reachable_pg_url() is None


@pytest.mark.postgres
def test_offered_url_answers_and_schema_is_dropped() -> None:
    url = postgres.reachable_pg_url()
    if url is None:
        pytest.skip(postgres.SKIP_REASON)
    import psycopg

    raw = url.replace("postgresql+psycopg", "postgresql")
    with postgres.pg_schema(url, "cb_probe") as schema:
        with psycopg.connect(raw) as conn:
            row = conn.execute(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
            ).fetchone()
        assert row == (1,)
    with psycopg.connect(raw) as conn:
        gone = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
    assert gone is None
