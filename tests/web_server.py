"""Server fixtures for tests: the demo workspace (real data, real scans) behind a real app.

The template workspace is built once per test process (inventory, generated fleet data,
scans, a pseudonymisation key); each test gets its own copy and its own SQLite store.
Jobs run in threads here (the same code as the server's worker processes, which one test
exercises) so tests stay quick.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rich.console import Console

from carborder.deid.keys import Keyring
from carborder.demo.data import write_demo_data
from carborder.demo.inventory import write_demo_inventory
from carborder.demo.scan_step import scan_demo_assets
from carborder.web import Role, ServerSettings, create_app
from carborder.web.context import AppContext
from carborder.workspace.config import Workspace

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web-template") / "ws"
    write_demo_inventory(root)
    files = write_demo_data(root / "data")
    scan_demo_assets(Workspace.open(root), files, console=Console(file=io.StringIO()), actor="test")
    Keyring.generate(root / ".carborder" / "keys" / "pseudonym")
    return root


@pytest.fixture
def workspace(template_workspace: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(template_workspace, target)
    return target


@dataclass
class Server:
    """An app with one token-only user per role (``r-<role>``) and helpers."""

    app: FastAPI
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def ctx(self) -> AppContext:
        ctx: AppContext = self.app.state.ctx
        return ctx

    def auth(self, role: str) -> dict[str, str]:
        """Bearer header of the role's user."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def add_token_user(self, name: str, role: str) -> dict[str, str]:
        """Another token-only user (created once); returns a new Bearer header for it."""
        if self.ctx.accounts.user(name) is None:
            self.ctx.accounts.add_user(name, role, password=None, actor="test")
        _info, secret = self.ctx.accounts.create_token(name, label="test", actor="test")
        return {"Authorization": f"Bearer {secret}"}

    def add_person(self, name: str, role: str) -> None:
        """A user who signs in with :data:`PASSWORD`."""
        self.ctx.accounts.add_user(name, role, password=PASSWORD, actor="test")

    def login(self, name: str, client: TestClient | None = None) -> TestClient:
        """Sign ``name`` in through the form; returns the client holding the session."""
        c = client or TestClient(self.app, base_url="http://127.0.0.1")
        page = c.get("/login")
        token = page.cookies.get("carborder_login_csrf") or c.cookies.get("carborder_login_csrf")
        r = c.post(
            "/login",
            data={"name": name, "password": PASSWORD, "login_csrf": token, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return c

    def csrf(self, client: TestClient) -> str:
        """The CSRF token of the client's session (as the pages embed it)."""
        from sqlalchemy.orm import Session

        from carborder.store.server_tables import SessionRow
        from carborder.web.security import digest

        session_id = client.cookies.get("carborder_session")
        assert session_id
        with Session(self.ctx.store.engine) as s:
            row = s.get(SessionRow, digest(session_id))
            assert row is not None
            return row.csrf_token


def make_server(workspace: Path, **settings: Any) -> Server:
    app = create_app(ServerSettings(**{"workspace": workspace, "job_mode": "thread", **settings}))
    server = Server(app=app, client=TestClient(app, base_url="http://127.0.0.1"))
    for role in Role:
        name = f"r-{role.value.replace('_', '-')}"
        server.tokens[role.value] = server.add_token_user(name, role.value)[
            "Authorization"
        ].removeprefix("Bearer ")
    return server


@pytest.fixture
def server(workspace: Path) -> Iterator[Server]:
    s = make_server(workspace)
    with s.client:
        yield s
    s.ctx.close()


def wait_job(server: Server, job_id: str, headers: dict[str, str], timeout: float = 120) -> Any:
    """Poll a job through the API until it is done; returns its JSON."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        job = server.client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['status']}"
        time.sleep(0.1)
