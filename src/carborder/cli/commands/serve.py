"""``carborder serve``: the REST API and web dashboard of a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carborder.cli.errors import handle_errors
from carborder.cli.options import WorkspaceOpt
from carborder.cli.output import DISCLAIMER, err_console, out_console

__all__ = ["register", "serve_command"]


@handle_errors
def serve_command(
    workspace: WorkspaceOpt = Path("."),
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8470,
    cookie_secure: Annotated[
        str,
        typer.Option("--cookie-secure"),
    ] = "auto",
    job_workers: Annotated[int, typer.Option("--job-workers", min=1)] = 1,
    idle_minutes: Annotated[
        float,
        typer.Option("--idle-minutes", min=1),
    ] = 30.0,
) -> None:
    """Serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the web pages.

    Its --help (en, zh) is ``help-serve`` in the catalogue (help.ftl).
    """
    import uvicorn

    from carborder.web import ServerSettings, create_app

    if cookie_secure not in ("auto", "always", "never"):
        raise typer.BadParameter("--cookie-secure must be auto, always or never")
    settings = ServerSettings(
        workspace=workspace,
        cookie_secure=cookie_secure,
        job_workers=job_workers,
        idle_minutes=idle_minutes,
    )
    app = create_app(settings)
    ctx = app.state.ctx
    if not ctx.accounts.users():
        err_console.print(
            "[yellow]no users yet:[/] create one with "
            f"`carborder user add NAME --role admin --workspace {workspace}`"
        )
    out_console.print(f"carborder serving {ctx.workspace.root} on http://{host}:{port}/")
    out_console.print(f"API: http://{host}:{port}/api/v1 (OpenAPI: /api/v1/openapi.json)")
    out_console.print(f"[dim]{DISCLAIMER['en']} / {DISCLAIMER['zh']}[/]")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command("serve")(serve_command)
