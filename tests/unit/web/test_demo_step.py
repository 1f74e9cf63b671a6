"""`carborder demo` ends with how to start the server and demo users that can sign in."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fastapi.testclient import TestClient
from rich.console import Console

from carborder.demo.web_step import DEMO_USERS, add_demo_users
from carborder.web import ServerSettings, create_app
from carborder.workspace.config import Workspace


def test_demo_users_sign_in_with_the_printed_password(workspace: Path) -> None:
    out = io.StringIO()
    password = add_demo_users(Workspace.open(workspace), console=Console(file=out, width=200))
    text = out.getvalue()
    assert f"carborder serve --workspace {workspace}" in text
    assert re.search(rf"password: {re.escape(password)}", text)
    app = create_app(ServerSettings(workspace=workspace, job_mode="thread"))
    c = TestClient(app, base_url="http://127.0.0.1")
    for name, role in DEMO_USERS:
        c.cookies.clear()
        c.get("/login")
        r = c.post(
            "/login",
            data={
                "name": name,
                "password": password,
                "login_csrf": c.cookies["carborder_login_csrf"],
            },
            follow_redirects=False,
        )
        assert r.status_code == 303, name
        assert c.get("/api/v1/me").json()["role"] == role
    app.state.ctx.close()
