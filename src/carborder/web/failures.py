"""Errors to answers: JSON for /api, a page (or the sign-in redirect) for browsers.

Bad input is always the caller's to fix and is answered 4xx with a message and a hint;
only a defect in carborder itself may give a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from carborder.errors import CarborderError, InputError, Msg
from carborder.web.auth import CsrfError, ForbiddenError, UnauthenticatedError
from carborder.web.db.accounts import LoginThrottledError
from carborder.web.errors import SeparationOfDutiesError, UploadRejectedError
from carborder.web.i18n import lang_of

__all__ = ["error_body", "install_error_handlers", "is_api"]


def is_api(request: Request) -> bool:
    """Whether the request is for the REST API (JSON answers) rather than a page."""
    return request.url.path.startswith("/api/")


def error_body(code: str, message: str, hint: str | None = None, **extra: Any) -> dict[str, Any]:
    """The JSON error shape of the API: ``{"detail", "code", "hint", ...}``.

    >>> error_body("not-found", "no flow 'x'")
    {'detail': "no flow 'x'", 'code': 'not-found', 'hint': None}
    """
    return {"detail": message, "code": code, "hint": hint, **extra}


def _answer(
    request: Request,
    status: int,
    code: str,
    message: str | Msg,
    hint: str | Msg | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    # the reader's language: ?lang=, the page's cookie, then Accept-Language (English default)
    lang = lang_of(request)
    message = message.format(lang) if isinstance(message, Msg) else message
    hint = hint.format(lang) if isinstance(hint, Msg) else hint
    if is_api(request):
        return JSONResponse(
            error_body(code, message, hint, **extra), status_code=status, headers=headers
        )
    from carborder.web.pages.render import render_error

    return render_error(request, status, code, message, hint, headers=headers)


#: HTTP status → (stable code, catalogue id of the framework's own phrase for it).
_HTTP_CODES = {
    404: ("not-found", "web-err-not-found"),
    405: ("method-not-allowed", "web-err-method-not-allowed"),
    413: ("too-large", "web-err-too-large"),
}


def _said(request: Request, exc: CarborderError) -> tuple[str, str | None]:
    """The error's message and hint in the reader's language."""
    return exc.localized(lang_of(request))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(UnauthenticatedError)
    async def _unauthenticated(request: Request, _exc: Exception) -> Response:
        if is_api(request):
            return JSONResponse(
                error_body(
                    "unauthenticated",
                    Msg("web-err-unauthenticated").format(lang_of(request)),
                    Msg("web-hint-unauthenticated").format(lang_of(request)),
                ),
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(ForbiddenError)
    async def _forbidden(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ForbiddenError)
        return _answer(
            request,
            403,
            "forbidden",
            Msg("web-err-forbidden", permission=exc.permission),
            Msg("web-hint-forbidden"),
            permission=exc.permission,
        )

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CsrfError)
        return _answer(request, 403, "csrf", exc.msg, Msg("web-hint-csrf"))

    @app.exception_handler(SeparationOfDutiesError)
    async def _sod(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SeparationOfDutiesError)
        principal = getattr(request.state, "principal", None)
        if principal is not None:
            ctx = request.app.state.ctx
            ctx.record_denial(principal, "separation_of_duties", request, "separation_of_duties")
        return _answer(request, 403, exc.code, *_said(request, exc))

    @app.exception_handler(LoginThrottledError)
    async def _throttled(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginThrottledError)
        return _answer(
            request,
            429,
            exc.code,
            *_said(request, exc),
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(UploadRejectedError)
    async def _upload(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UploadRejectedError)
        return _answer(request, exc.status, exc.code, *_said(request, exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        status = int(getattr(exc, "status", 422))
        message, hint = _said(request, exc)
        return _answer(request, status, exc.code, message, hint, file=exc.file, key=exc.key)

    @app.exception_handler(CarborderError)
    async def _refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CarborderError)
        return _answer(request, 409, exc.code, *_said(request, exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"]) if first["loc"] else "request"
        message = f"{where}: {first['msg']}"
        if is_api(request):
            return JSONResponse(
                {
                    "detail": problems,
                    "code": "validation",
                    "message": message,
                    "hint": "see the OpenAPI document at /api/v1/openapi.json",
                },
                status_code=422,
            )
        said = Msg("web-err-validation", where=where, detail=str(first["msg"]))
        return _answer(request, 422, "validation", said, None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code, said = _HTTP_CODES.get(exc.status_code, ("http", None))
        detail: str | Msg = str(exc.detail)
        if said is not None and detail == HTTPStatus(exc.status_code).phrase:
            detail = Msg(said)  # the framework's English phrase, from the catalogue
        return _answer(request, exc.status_code, code, detail, None, headers=exc.headers)
