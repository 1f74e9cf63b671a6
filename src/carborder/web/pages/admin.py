"""Users and API tokens (admins manage, auditors and officers read)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from carborder.errors import InputError
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.context import AppContext
from carborder.web.i18n import lang_of
from carborder.web.pages.render import render
from carborder.web.permissions import Permission, Role

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, include_in_schema=False)
P = Permission


def _users_page(
    request: Request,
    ctx: AppContext,
    principal: Principal,
    *,
    error: str | None = None,
    status: int = 200,
    issued: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        "users.html",
        {
            "users": ctx.accounts.users(),
            "tokens": ctx.accounts.tokens() if principal.can(P.TOKENS_MANAGE) else [],
            "roles": [r.value for r in Role],
            "error": error,
            "issued": issued,
        },
        status=status,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(
    request: Request, ctx: Ctx, principal: Annotated[Principal, require(P.USERS_READ)]
) -> HTMLResponse:
    """Users with roles; admins add and disable users and issue tokens."""
    return _users_page(request, ctx, principal)


@router.post("/users", response_model=None)
def users_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.USERS_MANAGE)],
    name: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=32)],
    password: Annotated[str, Form(max_length=1024)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add a user (no password: a token-only program account)."""
    try:
        ctx.accounts.add_user(
            name.strip(),
            role,
            password=password or None,
            actor=principal.name,
            display_name=display_name.strip() or None,
        )
    except InputError as exc:
        return _users_page(request, ctx, principal, error=exc.render(lang_of(request)), status=422)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/disable", response_model=None)
def users_disable(
    request: Request, name: str, ctx: Ctx, principal: Annotated[Principal, require(P.USERS_MANAGE)]
) -> Response:
    """Disable a user."""
    try:
        ctx.accounts.disable_user(name, actor=principal.name)
    except InputError as exc:
        return _users_page(request, ctx, principal, error=exc.render(lang_of(request)), status=422)
    return RedirectResponse("/users", status_code=303)


@router.post("/tokens", response_class=HTMLResponse)
def tokens_post(
    request: Request,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.TOKENS_MANAGE)],
    user: Annotated[str, Form(max_length=64)],
    label: Annotated[str, Form(max_length=200)] = "api",
) -> HTMLResponse:
    """Issue a token and show it once (it is stored only as a hash)."""
    try:
        _info, secret = ctx.accounts.create_token(user, label=label, actor=principal.name)
    except InputError as exc:
        return _users_page(request, ctx, principal, error=exc.render(lang_of(request)), status=422)
    return _users_page(request, ctx, principal, issued=secret)


@router.post("/tokens/{token_id}/revoke", response_model=None)
def tokens_revoke(
    token_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.TOKENS_MANAGE)]
) -> Response:
    """Revoke a token."""
    ctx.accounts.revoke_token(token_id, actor=principal.name)
    return RedirectResponse("/users", status_code=303)
