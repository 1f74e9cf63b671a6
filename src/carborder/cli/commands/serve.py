"""``carborder serve``: the REST API and web dashboard of a workspace."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from carborder.cli.errors import handle_errors
from carborder.cli.options import LangOpt, WorkspaceOpt
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.i18n import Lang, messages

__all__ = ["register", "serve_command"]


class CookieSecure(StrEnum):
    """When session cookies carry the Secure flag."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@handle_errors
def serve_command(
    workspace: WorkspaceOpt = Path("."),
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8470,
    cookie_secure: Annotated[
        CookieSecure,
        typer.Option("--cookie-secure"),
    ] = CookieSecure.AUTO,
    job_workers: Annotated[int, typer.Option("--job-workers", min=1)] = 1,
    idle_minutes: Annotated[
        float,
        typer.Option("--idle-minutes", min=1),
    ] = 30.0,
    lang: LangOpt = Lang.EN,
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the web pages.

    Its --help (en, zh) is ``help-serve`` in the catalogue (help.ftl).
    """
    import uvicorn

    from carborder.web import ServerSettings, create_app

    m = messages(lang.value)
    settings = ServerSettings(
        workspace=workspace,
        cookie_secure=cookie_secure.value,
        job_workers=job_workers,
        idle_minutes=idle_minutes,
    )
    app = create_app(settings)
    ctx = app.state.ctx
    if not ctx.accounts.users():
        err_console.print(m("serve-no-users", workspace=str(workspace)))
    out_console.print(m("serve-listening", root=str(ctx.workspace.root), host=host, port=str(port)))
    out_console.print(m("serve-api", host=host, port=str(port)))
    out_console.print(f"[dim]{DISCLAIMER['en']} / {DISCLAIMER['zh']}[/]")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command("serve")(serve_command)
