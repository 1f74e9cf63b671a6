"""Browser sessions end after a configurable idle time; activity keeps them; tokens are untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session
from tests.web_server import Server, make_server

from carborder.store.server_tables import SessionRow
from carborder.web.security import digest


class _Clock:
    """A clock the test moves forward (the store stamps and judges sessions with it)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _server(workspace: Path, idle_minutes: float) -> tuple[Server, _Clock]:
    server = make_server(workspace, idle_minutes=idle_minutes)
    clock = _Clock()
    server.ctx.store.clock = clock
    server.add_person("li.wei", "compliance_officer")
    return server, clock


def _signed_in(server: Server, client: object) -> bool:
    r = client.get("/flows", follow_redirects=False)  # type: ignore[attr-defined]
    assert r.status_code in (200, 303, 401), r.status_code
    return bool(r.status_code == 200)


def test_an_idle_session_is_signed_out_and_removed(workspace: Path) -> None:
    server, clock = _server(workspace, idle_minutes=10)
    try:
        browser = server.login("li.wei")
        assert _signed_in(server, browser)
        session_id = browser.cookies.get("carborder_session")
        clock.now += timedelta(minutes=10, seconds=30)  # within idle + the one-minute step
        assert _signed_in(server, browser)
        clock.now += timedelta(minutes=12)  # now idle past 10 minutes (+1 step) since last touch
        assert not _signed_in(server, browser)
        with Session(server.ctx.store.engine) as s:
            assert s.get(SessionRow, digest(str(session_id))) is None  # ended, cannot come back
        clock.now -= timedelta(hours=1)  # even a clock set back does not revive it
        assert not _signed_in(server, browser)
        # a token is not a browser session: no idle limit
        viewer = server.auth("viewer")
        assert server.client.get("/api/v1/flows", headers=viewer).status_code == 200
    finally:
        server.ctx.close()


def test_activity_keeps_the_session_alive(workspace: Path) -> None:
    server, clock = _server(workspace, idle_minutes=10)
    try:
        browser = server.login("li.wei")
        for _ in range(5):  # 5 × 8 minutes of use: 40 minutes, never 10 idle
            clock.now += timedelta(minutes=8)
            assert _signed_in(server, browser)
    finally:
        server.ctx.close()
