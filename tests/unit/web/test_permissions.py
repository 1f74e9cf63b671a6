"""Every route × every role: the server allows exactly what the permission map says.

The expected answer of each cell comes from the map (``allowed(role, permission)``), the
route's permission from the route itself: a route added without a permission cannot
start, and a route whose check is missing shows up here as a 2xx where 403 was expected.
A second table pins intentions that do not follow from reading the map (separation of
duties between roles), so a wrong edit of the map fails too.
"""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from fastapi import APIRouter
from tests.web_server import Server

from carborder.web import ROLE_PERMISSIONS, Permission, Role, allowed
from carborder.web.auth import GuardedRoute, api_routes, require, route_permission


def _guarded_routes(server: Server) -> list[tuple[str, str, Permission | None]]:
    out = []
    for path, route in api_routes(server.app.routes):
        assert isinstance(route, GuardedRoute), f"{path} is not guarded"
        for method in sorted(route.methods - {"HEAD"}):
            out.append((method, path, route_permission(route)))
    return out


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def test_every_route_is_guarded_and_most_need_a_permission(server: Server) -> None:
    routes = _guarded_routes(server)
    assert len(routes) > 50
    public = sorted(p for _m, p, perm in routes if perm is None)
    assert public == ["/login", "/login"]  # GET form and POST; everything else needs a role


def test_a_route_without_a_permission_cannot_be_built() -> None:
    router = APIRouter(route_class=GuardedRoute)
    with pytest.raises(RuntimeError, match="must declare exactly one"):

        @router.get("/nothing")
        def nothing() -> None:
            """No permission declared."""


def test_a_route_with_two_permissions_cannot_be_built() -> None:
    router = APIRouter(route_class=GuardedRoute)
    with pytest.raises(RuntimeError, match="found 2"):

        @router.get("/two")
        def two(
            a: Annotated[object, require(Permission.FLOWS_READ)],
            b: Annotated[object, require(Permission.AUDIT_READ)],
        ) -> None:
            """Two permissions declared."""


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_role_by_endpoint_matrix(server: Server, role: str) -> None:
    """Call every route as ``role``: 403 exactly where the map denies, never 401/5xx."""
    wrong = []
    for method, path, perm in _guarded_routes(server):
        if perm is None:
            continue
        r = server.client.request(
            method, _concrete(path), headers=server.auth(role), follow_redirects=False
        )
        expect_allowed = allowed(role, perm)
        if r.status_code >= 500 or r.status_code == 401:
            wrong.append((method, path, r.status_code, "error"))
        elif expect_allowed and r.status_code == 403:
            wrong.append((method, path, r.status_code, f"should allow {perm}"))
        elif not expect_allowed and r.status_code != 403:
            wrong.append((method, path, r.status_code, f"should deny {perm}"))
    assert not wrong, wrong


def test_without_credentials_api_says_401_and_pages_redirect_to_sign_in(server: Server) -> None:
    for method, path, perm in _guarded_routes(server):
        if perm is None:
            continue
        r = server.client.request(method, _concrete(path), follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
            assert r.headers["www-authenticate"] == "Bearer"
            assert r.json()["code"] == "unauthenticated"
        else:
            assert r.status_code == 303, (method, path, r.status_code)
            assert r.headers["location"].startswith("/login?next=")


def test_bad_or_unknown_tokens_are_401(server: Server) -> None:
    for header in ("Bearer nope", "Bearer ", "Basic abc", "bearer cbt_x_y", "Token x"):
        r = server.client.get("/api/v1/flows", headers={"Authorization": header})
        assert r.status_code == 401, header


def test_a_body_is_never_read_before_the_permission_check(server: Server) -> None:
    """A viewer posting garbage gets 403 (not a 422 about a body it may not send)."""
    r = server.client.post(
        "/api/v1/exports/x/approve",
        content=b"{not json",
        headers={**server.auth("viewer"), "Content-Type": "application/json"},
    )
    assert r.status_code == 403
    r = server.client.post(
        "/api/v1/approvals",
        content=b"--b\r\n",
        headers={**server.auth("viewer"), "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 403


# Intentions that must hold whatever the map says in detail (role, permission, allowed).
INTENT = [
    ("viewer", Permission.EXPORTS_APPROVE, False),
    ("viewer", Permission.AUDIT_READ, False),
    ("viewer", Permission.EVIDENCE_SAMPLES, False),
    ("admin", Permission.EXPORTS_APPROVE, False),  # admins run the system, they approve nothing
    ("admin", Permission.FILINGS_SIGN, False),
    ("admin", Permission.EVIDENCE_SAMPLES, False),
    ("admin", Permission.USERS_MANAGE, True),
    ("approver", Permission.EXPORTS_APPROVE, True),
    ("approver", Permission.USERS_MANAGE, False),
    ("approver", Permission.APPROVALS_MANAGE, False),
    ("auditor", Permission.AUDIT_VERIFY, True),
    ("auditor", Permission.MANIFESTS_READ, True),
    ("legal_reviewer", Permission.FILINGS_EDIT, True),
    ("legal_reviewer", Permission.FILINGS_SIGN, False),
    ("data_steward", Permission.FILINGS_DRAFT, True),
    ("data_steward", Permission.FILINGS_SIGN, False),
    ("data_steward", Permission.EXPORTS_APPROVE, False),
    ("compliance_officer", Permission.FILINGS_SIGN, True),
    ("compliance_officer", Permission.USERS_MANAGE, False),
    ("service", Permission.EXPORTS_REQUEST, True),
    ("service", Permission.EXPORTS_APPROVE, False),
    ("service", Permission.DASHBOARD_READ, False),
]


@pytest.mark.parametrize(("role", "permission", "expected"), INTENT)
def test_intended_separation_between_roles(
    role: str, permission: Permission, expected: bool
) -> None:
    assert allowed(role, permission) is expected


def test_auditor_writes_nothing() -> None:
    writes = {
        Permission.SCANS_RUN,
        Permission.APPROVALS_MANAGE,
        Permission.EXPORTS_REQUEST,
        Permission.EXPORTS_APPROVE,
        Permission.FILINGS_DRAFT,
        Permission.FILINGS_EDIT,
        Permission.FILINGS_SIGN,
        Permission.USERS_MANAGE,
        Permission.TOKENS_MANAGE,
    }
    assert not (ROLE_PERMISSIONS[Role.AUDITOR] & writes)
    assert not (ROLE_PERMISSIONS[Role.VIEWER] & writes)


def test_every_permission_is_used_by_some_route_and_held_by_some_role(server: Server) -> None:
    used = {perm for _m, _p, perm in _guarded_routes(server) if perm is not None}
    held = set().union(*ROLE_PERMISSIONS.values())
    # evidence samples are checked inside the routes that show evidence (masked, or none)
    assert set(Permission) - used == {Permission.EVIDENCE_SAMPLES}
    assert held == set(Permission)
