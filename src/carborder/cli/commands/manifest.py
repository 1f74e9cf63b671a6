"""``carborder manifest verify DIR``: integrity (files, hashes, signature) and authenticity (who)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from carborder.cli.errors import handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import Format, FormatOpt, LangOpt
from carborder.cli.output import out_console
from carborder.cli.startup import runs_on
from carborder.errors import InputError, Msg
from carborder.i18n import Lang, messages

if TYPE_CHECKING:
    from carborder.gateway.manifest import ManifestReport
    from carborder.gateway.signing import TrustedKey

__all__ = ["manifest_app", "register", "trusted_keys"]

manifest_app = typer.Typer()

WorkspaceTrust = Annotated[
    Path | None,
    typer.Option("--workspace", "-w"),
]
KeyFiles = Annotated[
    list[Path] | None,
    typer.Option("--key"),
]
KeyIds = Annotated[
    list[str] | None,
    typer.Option("--key-id"),
]


def trusted_keys(
    workspace: Path | None, keys: list[Path] | None, key_ids: list[str] | None
) -> list[TrustedKey]:
    """The keys a person trusts, from --workspace, --key and --key-id, each with its reason.

    Raises:
        InputError: a workspace without keys, an unreadable key file, a malformed id.
    """
    from carborder.gateway.signing import TrustedKey, read_public_key_file, trusted_workspace_keys
    from carborder.workspace.config import Workspace

    trusted: list[TrustedKey] = []
    if workspace is not None:
        ws = Workspace.open(workspace)
        found = trusted_workspace_keys(ws.root)
        if not found:
            raise InputError(
                Msg("err-workspace-no-signing-key"),
                file=ws.root,
                hint=Msg("hint-workspace-no-signing-key"),
            )
        trusted.extend(found)
    for path in keys or []:
        trusted.append(
            TrustedKey(
                reason=f"it is the key in {path}",
                public_b64=read_public_key_file(path),
                reason_msg="trust-key-file",
                reason_arg=str(path),
            )
        )
    trusted.extend(TrustedKey.pinned(k) for k in key_ids or [])
    return trusted


def _json(report: ManifestReport, lang: str) -> dict[str, object]:
    """The report for programs: fields in English, plus the people's verdict in ``lang``."""
    auth = report.authenticity
    return {
        "ok": report.verified,
        "summary": report.summary(lang),
        "integrity": {"ok": report.intact, "problems": report.integrity_problems},
        "authenticity": {
            "ok": report.trusted,
            "key_id": auth.key_id if auth else None,
            "fingerprint": auth.fingerprint if auth else None,
            "reason": auth.reason if auth else messages("en")("manifest-authenticity-none"),
        },
        "problems": report.problems,
    }


@manifest_app.command("verify")
@handle_errors
@runs_on("carborder.gateway.manifest")
def verify_cmd(
    directory: Annotated[Path, typer.Argument()],
    workspace: WorkspaceTrust = None,
    keys: KeyFiles = None,
    key_ids: KeyIds = None,
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
) -> None:
    """Check an export: integrity (every file, hash, row count, signature) and authenticity.

    Its --help (en, zh) is ``help-manifest-verify`` in the catalogue (help.ftl).
    """
    from carborder.gateway.manifest import verify_manifest

    if not directory.is_dir():
        raise InputError(
            Msg("err-not-export-dir" if directory.exists() else "err-dir-not-found"),
            file=directory,
            hint=Msg("hint-export-dir"),
        )
    trusted = trusted_keys(workspace, keys, key_ids)
    report = verify_manifest(directory, trusted=trusted)
    if fmt == Format.JSON:
        typer.echo(json.dumps(_json(report, lang.value), indent=2, ensure_ascii=False))
    else:
        colour = "green" if report.verified else "red"
        out_console.print(f"[{colour}]{escape(report.summary(lang.value))}[/]", highlight=False)
    if not report.verified:
        raise typer.Exit(int(ExitCode.REFUSED))


def register(app: typer.Typer) -> None:
    """Add the ``manifest`` command group."""
    app.add_typer(manifest_app, name="manifest")
