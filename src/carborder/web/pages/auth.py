"""Sign in and out of the web pages (session cookie; the password is never stored)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from carborder.web.auth import GuardedRoute, Principal, public, require
from carborder.web.context import SESSION_COOKIE, AppContext
from carborder.web.db.accounts import LoginThrottledError
from carborder.web.i18n import lang_of, translate
from carborder.web.pages.render import render
from carborder.web.permissions import Permission
from carborder.web.security import new_csrf_token, same

__all__ = ["router", "safe_next"]

router = APIRouter(route_class=GuardedRoute, include_in_schema=False)

#: Cookie holding the sign-in form's CSRF token (there is no session yet to hold it).
_LOGIN_CSRF = "carborder_login_csrf"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a local path only (no open redirect).

    >>> safe_next("/flows/x?lang=zh"), safe_next("//evil.example"), safe_next("https://x")
    ('/flows/x?lang=zh', '/', '/')
    """
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _login_page(
    request: Request, *, error: str | None = None, status: int = 200, name: str = ""
) -> HTMLResponse:
    ctx: AppContext = request.app.state.ctx
    token = new_csrf_token()
    response = render(
        request,
        "login.html",
        {
            "error": error,
            "login_csrf": token,
            "next": safe_next(request.query_params.get("next") or request.headers.get("x-next")),
            "name": name,
        },
        status=status,
    )
    response.set_cookie(
        _LOGIN_CSRF,
        token,
        httponly=True,
        samesite="strict",
        secure=ctx.secure_cookies(request),
        max_age=3600,
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, _p: Annotated[Principal | None, public()]) -> HTMLResponse:
    """The sign-in form."""
    return _login_page(request)


@router.post("/login", response_model=None)
async def login(
    request: Request,
    _p: Annotated[Principal | None, public()],
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    login_csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password (rate-limited per name and address) and open a session."""
    ctx: AppContext = request.app.state.ctx
    lang = lang_of(request)
    cookie = request.cookies.get(_LOGIN_CSRF, "")
    if not cookie or not login_csrf or not same(cookie, login_csrf):
        return _login_page(
            request, error=translate(lang, "web-login-expired"), status=403, name=name
        )
    settings = ctx.settings
    try:
        opened = await run_in_threadpool(
            ctx.accounts.login,
            name,
            password,
            client=ctx.client(request),
            session_hours=settings.session_hours,
            window=ctx.login_window(),
            per_name=settings.login_max_per_name,
            per_client=settings.login_max_per_client,
        )
    except LoginThrottledError as exc:
        page = _login_page(
            request, error=translate(lang, "web-login-throttled"), status=429, name=name
        )
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if opened is None:
        return _login_page(
            request, error=translate(lang, "web-login-failed"), status=401, name=name
        )
    session_id, _info = opened
    response = RedirectResponse(safe_next(next), status_code=303)
    secure = ctx.secure_cookies(request)
    response.set_cookie(
        ctx.cookie_name(request),
        session_id,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )
    response.delete_cookie(_LOGIN_CSRF)
    return response


@router.post("/logout", response_model=None)
def logout(
    request: Request, principal: Annotated[Principal, require(Permission.PROFILE)]
) -> Response:
    """End the session and clear the cookie."""
    ctx: AppContext = request.app.state.ctx
    if principal.session_id:
        ctx.accounts.logout(principal.session_id)
    response = RedirectResponse("/login", status_code=303)
    for cookie in (f"__Host-{SESSION_COOKIE}", SESSION_COOKIE):
        response.delete_cookie(cookie, path="/")
    return response
