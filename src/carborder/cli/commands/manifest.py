"""``carborder manifest verify DIR``: check an export's signature, files and hashes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from carborder.cli.errors import handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import Format, FormatOpt
from carborder.cli.output import out_console
from carborder.gateway.manifest import verify_manifest
from carborder.gateway.signing import load_public_key_b64

__all__ = ["manifest_app", "register"]

manifest_app = typer.Typer(help="Export manifests: verify them.")


@manifest_app.command("verify")
@handle_errors
def verify_cmd(
    directory: Annotated[Path, typer.Argument(help="Export output directory.")],
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Also require the signature of this workspace's key."
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Exit 0 when the manifest is intact, 1 when anything differs."""
    trusted = None
    if workspace is not None:
        trusted = load_public_key_b64(workspace / ".carborder" / "keys") or "(no workspace key)"
    report = verify_manifest(directory, trusted_public_key=trusted)
    if fmt == Format.JSON:
        typer.echo(json.dumps({"ok": report.ok, "problems": report.problems}, indent=2))
    else:
        out_console.print(
            f"[{'green' if report.ok else 'red'}]{report.summary()}[/]", highlight=False
        )
    if not report.ok:
        raise typer.Exit(int(ExitCode.REFUSED))


def register(app: typer.Typer) -> None:
    """Add the ``manifest`` command group."""
    app.add_typer(manifest_app, name="manifest")
