"""Errors to answers: JSON for /api, a page (or the sign-in redirect) for browsers.

Bad input is always the caller's to fix and is answered 4xx with a message and a hint;
only a defect in carborder itself may give a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from carborder.errors import CarborderError, InputError
from carborder.web.auth import CsrfError, ForbiddenError, UnauthenticatedError
from carborder.web.db.accounts import LoginThrottledError
from carborder.web.errors import SeparationOfDutiesError, UploadRejectedError

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
    message: str,
    hint: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    if is_api(request):
        return JSONResponse(
            error_body(code, message, hint, **extra), status_code=status, headers=headers
        )
    from carborder.web.pages.render import render_error

    return render_error(request, status, code, message, hint, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(UnauthenticatedError)
    async def _unauthenticated(request: Request, _exc: Exception) -> Response:
        if is_api(request):
            return JSONResponse(
                error_body(
                    "unauthenticated",
                    "no valid credentials",
                    "send Authorization: Bearer TOKEN (create one with `carborder token create`)",
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
            f"your role does not allow this ({exc.permission})",
            "ask an admin for a role that holds it",
            permission=exc.permission,
        )

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: Exception) -> Response:
        return _answer(request, 403, "csrf", str(exc), "reload the page and submit the form again")

    @app.exception_handler(SeparationOfDutiesError)
    async def _sod(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SeparationOfDutiesError)
        principal = getattr(request.state, "principal", None)
        if principal is not None:
            ctx = request.app.state.ctx
            ctx.record_denial(principal, "separation_of_duties", request, "separation_of_duties")
        return _answer(request, 403, exc.code, exc.message, exc.hint)

    @app.exception_handler(LoginThrottledError)
    async def _throttled(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginThrottledError)
        return _answer(
            request,
            429,
            exc.code,
            exc.message,
            exc.hint,
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(UploadRejectedError)
    async def _upload(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UploadRejectedError)
        return _answer(request, exc.status, exc.code, exc.message, exc.hint)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        status = int(getattr(exc, "status", 422))
        return _answer(request, status, exc.code, exc.message, exc.hint, file=exc.file, key=exc.key)

    @app.exception_handler(CarborderError)
    async def _refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CarborderError)
        return _answer(request, 409, exc.code, exc.message, exc.hint)

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
        return _answer(request, 422, "validation", message, None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(
            exc.status_code, "http"
        )
        return _answer(request, exc.status_code, code, str(exc.detail), None, headers=exc.headers)
