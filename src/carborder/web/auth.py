"""Who is asking and may they: authentication, ``require(permission)`` and the route guard.

Every route declares exactly one permission with :func:`require` (or :func:`public`). The
:class:`GuardedRoute` reads that declaration when the app is built — a route without one
makes the app refuse to start — and checks it *before* the request body is parsed, so a
caller without the permission gets 401/403, never a validation message about a body it may
not send. Browser sessions must also echo their CSRF token on every unsafe request.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute

from carborder.errors import Msg
from carborder.web.db.accounts import User
from carborder.web.permissions import Permission, allowed
from carborder.web.security import same

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "CsrfError",
    "ForbiddenError",
    "GuardedRoute",
    "Principal",
    "Requirement",
    "UnauthenticatedError",
    "api_routes",
    "public",
    "require",
    "route_permission",
]

#: Form field and header that carry the CSRF token of a browser session.
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user, through a browser session or an API token."""

    user: User
    via: Literal["session", "token"]
    csrf_token: str | None = None
    session_id: str | None = None

    @property
    def name(self) -> str:
        """User name."""
        return self.user.name

    @property
    def role(self) -> str:
        """Role name."""
        return self.user.role

    def can(self, permission: Permission | str) -> bool:
        """Whether this caller's role holds ``permission`` (the same map routes use)."""
        return allowed(self.user.role, permission)


class UnauthenticatedError(Exception):
    """No valid credentials (HTTP 401, or a redirect to the sign-in page for pages)."""


class ForbiddenError(Exception):
    """The caller's role lacks the permission (HTTP 403)."""

    def __init__(self, permission: str) -> None:
        self.permission = permission
        super().__init__(f"your role does not allow {permission}")


class CsrfError(Exception):
    """A browser request changed state without the session's CSRF token (HTTP 403)."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.format("en"))
        self.msg = msg


class Requirement:
    """The permission a route needs (``None``: public); also hands the route its principal."""

    def __init__(self, permission: Permission | None) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> Principal | None:
        """Return the principal the guard found (re-checked here as a second line)."""
        principal: Principal | None = getattr(request.state, "principal", None)
        if self.permission is not None:
            if principal is None:
                raise UnauthenticatedError()
            if not principal.can(self.permission):
                raise ForbiddenError(self.permission.value)
        return principal


def require(permission: Permission) -> Any:
    """Declare that a route needs ``permission``; the parameter receives the :class:`Principal`.

    Use as ``principal: Annotated[Principal, require(Permission.FLOWS_READ)]``.
    """
    return Depends(Requirement(permission))


def public() -> Any:
    """Declare a route open to anyone (sign-in page, static files, the OpenAPI document)."""
    return Depends(Requirement(None))


def _requirements(dependant: Dependant) -> list[Requirement]:
    found: list[Requirement] = []
    for dep in dependant.dependencies:
        if isinstance(dep.call, Requirement):
            found.append(dep.call)
        found.extend(_requirements(dep))
    return found


def route_permission(route: APIRoute) -> Permission | None:
    """The permission a guarded route declared (``None`` for a public route)."""
    requirement: Requirement = route.requirement  # type: ignore[attr-defined]
    return requirement.permission


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[tuple[str, APIRoute]]:
    """Every API route with its full path, also inside included routers.

    FastAPI keeps included routers as lazily prefixed groups (each exposing its effective
    routes); older versions copy the routes flat into the app. Both are walked.
    """
    for route in routes:
        if isinstance(route, APIRoute):
            yield route.path, route
            continue
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is None:
            continue
        for ctx in contexts():
            original = getattr(ctx, "original_route", None)
            if isinstance(original, APIRoute):
                yield str(getattr(ctx, "path", "") or original.path), original


#: Looks up the caller of a request (set by the app: sessions and tokens live in the store).
Authenticator = Callable[[Request], Principal | None]
#: Records a refusal in the audit chain.
DenialRecorder = Callable[[Principal, str, Request, str], None]


class GuardedRoute(APIRoute):
    """An API route that authenticates and authorises before FastAPI reads the body."""

    requirement: Requirement

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler with the permission and CSRF checks.

        Raises:
            RuntimeError: the route declares no permission, or more than one (fail closed
                when the app is built, not when a request comes).
        """
        found = _requirements(self.dependant)
        if len(found) != 1:
            raise RuntimeError(
                f"route {sorted(self.methods or [])} {self.path} must declare exactly one "
                f"require(permission) or public(), found {len(found)}"
            )
        self.requirement = found[0]
        inner = super().get_route_handler()
        permission = self.requirement.permission

        async def guarded(request: Request) -> Response:
            authenticate: Authenticator = request.app.state.authenticate
            principal = await run_in_threadpool(authenticate, request)
            request.state.principal = principal
            if permission is not None:
                if principal is None:
                    raise UnauthenticatedError()
                if not principal.can(permission):
                    record: DenialRecorder = request.app.state.record_denial
                    await run_in_threadpool(record, principal, permission.value, request, "role")
                    raise ForbiddenError(permission.value)
                if request.method not in _SAFE_METHODS and principal.via == "session":
                    await _check_csrf(request, principal)
            return await inner(request)

        return guarded


async def _check_csrf(request: Request, principal: Principal) -> None:
    """Synchronizer-token check, plus the Origin header when the browser sends one."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.rstrip("/") != expected:
            raise CsrfError(Msg("web-err-csrf-site"))
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            limits: dict[str, int] = request.app.state.form_limits
            form = await request.form(**limits)
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or principal.csrf_token is None or not same(sent, principal.csrf_token):
        raise CsrfError(Msg("web-err-csrf-token"))
