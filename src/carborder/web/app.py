"""``create_app``: the FastAPI application — REST API under /api/v1, web pages under /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from carborder import __version__
from carborder.audit.clock import Clock, system_clock
from carborder.store.repository import Store
from carborder.web.api import api_router
from carborder.web.context import AppContext
from carborder.web.failures import install_error_handlers
from carborder.web.headers import SecurityHeaders
from carborder.web.pages import pages_router
from carborder.web.settings import ServerSettings
from carborder.workspace.config import Workspace

__all__ = ["OPENAPI_URL", "create_app"]

#: Where the OpenAPI document is published.
OPENAPI_URL = "/api/v1/openapi.json"

_DESCRIPTION = """\
The carborder REST API: flows with decisions and cited traces, assets with scan facts,
approvals, export requests (four-eyes) and their manifests, filings, counters, deadlines,
the audit chain and the rulebook.

Programs authenticate with `Authorization: Bearer TOKEN` (`carborder token create`).
401 means no valid credentials, 403 a role without the permission (or the same person on
both sides of a separation of duties), 422 bad input with a message saying what to fix.

carborder supports compliance work; it is not legal advice.
"""


def create_app(
    settings: ServerSettings,
    *,
    store: Store | None = None,
    clock: Clock = system_clock,
) -> FastAPI:
    """Build the server for one workspace.

    Args:
        settings: Where the workspace is, cookie, upload and job settings.
        store: An open store to use (default: the workspace's, migrated on open).
        clock: UTC clock (decisions are made for its date; rows are stamped with it).
    """
    workspace = Workspace.open(settings.workspace)
    if store is None:
        url = settings.store_url or workspace.store_url()
        store = Store.open(url, schema=settings.store_schema, clock=clock)
    ctx = AppContext(settings=settings, workspace=workspace, store=store, clock=clock)
    # a job left queued or running belongs to a server that stopped: say so, do not hang
    ctx.jobs.interrupt_unfinished()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.runner.shutdown()

    app = FastAPI(
        title="carborder",
        version=__version__,
        description=_DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
    )
    app.state.ctx = ctx
    app.state.authenticate = ctx.authenticate
    app.state.record_denial = ctx.record_denial
    app.state.form_limits = {"max_files": 4, "max_fields": 200, "max_part_size": 256 * 1024}
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(files("carborder.web") / "static")), "static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """OpenAPI 3.1 with the Bearer scheme declared for every operation."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "API token"}
        }
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
    return app.openapi_schema
