"""Browser sign-in: sessions, cookie flags, CSRF on every form, rate limit, sign-out."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web_server import PASSWORD, Server, make_server

from carborder.store.server_tables import SessionRow, UserRow


def _set_cookie_headers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]


def test_sign_in_sets_an_httponly_samesite_session_cookie_and_stores_only_hashes(
    server: Server,
) -> None:
    server.add_person("li.wei", "compliance_officer")
    c = TestClient(server.app, base_url="http://127.0.0.1")
    form = c.get("/login")
    assert form.status_code == 200
    r = c.post(
        "/login",
        data={
            "name": "li.wei",
            "password": PASSWORD,
            "login_csrf": c.cookies["carborder_login_csrf"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = next(h for h in _set_cookie_headers(r) if h.startswith("carborder_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    session_id = cookie.split("=", 1)[1].split(";", 1)[0]
    with Session(server.ctx.store.engine) as s:
        stored = [row.id_sha256 for row in s.execute(select(SessionRow)).scalars()]
        user = s.get(UserRow, "li.wei")
    assert session_id not in stored and len(stored) == 1  # only the digest is kept
    assert user is not None and user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert c.get("/").status_code == 200


def test_cookies_are_secure_over_https_and_when_forced(workspace: Path) -> None:
    server = make_server(workspace)
    server.add_person("a.user", "viewer")
    c = TestClient(server.app, base_url="https://carborder.example")
    c.get("/login")
    r = c.post(
        "/login",
        data={
            "name": "a.user",
            "password": PASSWORD,
            "login_csrf": c.cookies["carborder_login_csrf"],
        },
        follow_redirects=False,
    )
    cookie = next(h for h in _set_cookie_headers(r) if "session=" in h)
    assert cookie.startswith("__Host-carborder_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie
    server.ctx.close()
    forced = make_server(workspace, cookie_secure="always")
    forced.add_person("b.user", "viewer")
    c2 = TestClient(forced.app, base_url="http://127.0.0.1")
    page = c2.get("/login")
    assert all("Secure" in h for h in _set_cookie_headers(page))
    forced.ctx.close()


def test_sign_in_form_needs_its_csrf_cookie(server: Server) -> None:
    server.add_person("li.wei", "viewer")
    c = TestClient(server.app, base_url="http://127.0.0.1")
    r = c.post("/login", data={"name": "li.wei", "password": PASSWORD, "login_csrf": "forged"})
    assert r.status_code == 403
    assert "carborder_session" not in c.cookies


def test_wrong_password_and_unknown_user_look_the_same(server: Server) -> None:
    server.add_person("li.wei", "viewer")
    c = TestClient(server.app, base_url="http://127.0.0.1")
    answers = []
    for name, password in (("li.wei", "wrong password!"), ("nobody", PASSWORD)):
        c.get("/login")
        r = c.post(
            "/login",
            data={
                "name": name,
                "password": password,
                "login_csrf": c.cookies["carborder_login_csrf"],
            },
        )
        answers.append((r.status_code, "login-error" in r.text))
    assert answers == [(401, True), (401, True)]


def test_sign_in_is_rate_limited_per_name_even_with_the_right_password(server: Server) -> None:
    server.add_person("li.wei", "viewer")
    limit = server.ctx.settings.login_max_per_name
    c = TestClient(server.app, base_url="http://127.0.0.1")
    for _ in range(limit):
        c.get("/login")
        r = c.post(
            "/login",
            data={
                "name": "li.wei",
                "password": "not the password",
                "login_csrf": c.cookies["carborder_login_csrf"],
            },
        )
        assert r.status_code == 401
    c.get("/login")
    r = c.post(
        "/login",
        data={
            "name": "li.wei",
            "password": PASSWORD,
            "login_csrf": c.cookies["carborder_login_csrf"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    names = [e.name for e in server.ctx.store.iter_events()]
    assert names.count("web.login_failed") == limit + 1


def test_every_state_change_from_a_session_needs_the_csrf_token(server: Server) -> None:
    server.add_person("admin.a", "admin")
    c = server.login("admin.a")
    body = {"name": "new.user", "role": "viewer"}
    assert c.post("/users", data=body, follow_redirects=False).status_code == 403
    assert (
        c.post("/users", data={**body, "csrf_token": "wrong"}, follow_redirects=False).status_code
        == 403
    )
    # the JSON API from a browser session needs the header too
    assert c.post("/api/v1/users", json=body).status_code == 403
    token = server.csrf(c)
    r = c.post(
        "/users",
        data={**body, "csrf_token": token},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 403  # right token, foreign origin
    r = c.post("/users", data={**body, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    r = c.post(
        "/api/v1/users",
        json={"name": "api.user", "role": "viewer"},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 201
    assert server.ctx.accounts.user("new.user") is not None


def test_tokens_need_no_csrf_and_ignore_cookies(server: Server) -> None:
    r = server.client.post(
        "/api/v1/users", json={"name": "svc.x", "role": "service"}, headers=server.auth("admin")
    )
    assert r.status_code == 201
    # a Bearer header that is wrong is not rescued by a valid session cookie
    server.add_person("admin.b", "admin")
    c = server.login("admin.b")
    assert c.get("/api/v1/me").status_code == 200
    assert c.get("/api/v1/me", headers={"Authorization": "Bearer bad"}).status_code == 401


def test_sign_out_ends_the_session(server: Server) -> None:
    server.add_person("li.wei", "viewer")
    c = server.login("li.wei")
    token = server.csrf(c)
    r = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    c.cookies.clear()
    assert c.get("/", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_sessions_and_tokens(server: Server) -> None:
    server.add_person("li.wei", "approver")
    c = server.login("li.wei")
    headers = server.add_token_user("li.bot", "service")
    assert server.client.get("/api/v1/me", headers=headers).status_code == 200
    for name in ("li.wei", "li.bot"):
        r = server.client.post(f"/api/v1/users/{name}/disable", headers=server.auth("admin"))
        assert r.status_code == 200 and r.json()["disabled"] is True
    assert c.get("/", follow_redirects=False).status_code == 303
    assert server.client.get("/api/v1/me", headers=headers).status_code == 401
    c.get("/login")
    r = c.post(
        "/login",
        data={
            "name": "li.wei",
            "password": PASSWORD,
            "login_csrf": c.cookies["carborder_login_csrf"],
        },
    )
    assert r.status_code == 401


def test_revoked_and_expired_tokens_are_refused(server: Server) -> None:
    from datetime import timedelta

    issued = server.client.post(
        "/api/v1/tokens", json={"user": "r-viewer", "label": "ci"}, headers=server.auth("admin")
    ).json()
    headers = {"Authorization": f"Bearer {issued['token']}"}
    assert server.client.get("/api/v1/me", headers=headers).json()["name"] == "r-viewer"
    listed = server.client.get("/api/v1/tokens", headers=server.auth("admin")).json()
    assert all("token" not in t for t in listed)  # secrets are never listed
    r = server.client.post(
        f"/api/v1/tokens/{issued['info']['id']}/revoke", headers=server.auth("admin")
    )
    assert r.status_code == 200 and r.json()["revoked"] is True
    assert server.client.get("/api/v1/me", headers=headers).status_code == 401

    _info, secret = server.ctx.accounts.create_token(
        "r-viewer", label="short", actor="t", expires_days=1
    )
    clock = server.ctx.store.clock
    server.ctx.store.clock = lambda: clock() + timedelta(days=2)
    try:
        assert (
            server.client.get(
                "/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
            ).status_code
            == 401
        )
    finally:
        server.ctx.store.clock = clock


def test_after_sign_in_only_local_paths_are_followed(server: Server) -> None:
    server.add_person("li.wei", "viewer")
    c = TestClient(server.app, base_url="http://127.0.0.1")
    for target, expected in (
        ("/flows", "/flows"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
    ):
        c.get("/login")
        r = c.post(
            "/login",
            data={
                "name": "li.wei",
                "password": PASSWORD,
                "login_csrf": c.cookies["carborder_login_csrf"],
                "next": target,
            },
            follow_redirects=False,
        )
        assert r.headers["location"] == expected


def test_security_headers_on_pages_and_api(server: Server) -> None:
    for path in ("/login", "/api/v1/openapi.json"):
        r = server.client.get(path)
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
