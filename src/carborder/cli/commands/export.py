"""``carborder export FLOW``: the gateway — release de-identified data with a signed manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from carborder.cli.commands.scan import count
from carborder.cli.errors import handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import (
    ActorOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    QuietOpt,
    WorkspaceOpt,
    resolve_actor,
)
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.cli.progress import progress_bar
from carborder.cli.startup import runs_on
from carborder.i18n import messages

if TYPE_CHECKING:
    from carborder.gateway.export import ExportResult

__all__ = ["export_command", "register"]


def _render(result: ExportResult, lang: Lang) -> None:
    m = messages(lang.value)
    message = result.message_zh if lang == Lang.ZH else result.message
    colour = "red" if result.status == "refused" else "green"
    out_console.print(f"[bold {colour}]{escape(message)}[/]", highlight=False)
    for f in result.files:
        line = m(
            "export-file-line",
            path=str(f["path"]),
            rows=count(int(f["rows"]), "rows", m),
            bytes=f"{f['bytes']:,}",
            sha=str(f["sha256"])[:16],
        )
        out_console.print("  " + escape(line))
    if result.manifest is not None:
        out_console.print("  " + escape(m("export-manifest", path=str(result.manifest))))
    for k, v in sorted(result.counters.items()):
        counter = m.term("counter", k.replace(".", "-"))
        out_console.print("  " + escape(m("export-ytd", counter=counter, n=v)))
    for w in result.warnings_zh if lang == Lang.ZH else result.warnings:
        err_console.print(f"[yellow]{m('label-warning')}:[/] {escape(w)}", highlight=False)
    out_console.print(f"[dim]{DISCLAIMER[lang.value]}[/]")


#: The gateway's stages, in order (``export(progress=...)`` names each one as it completes).
STAGES = ("scanned", "decided", "written", "rescanned", "manifest", "committed", "counted")


@handle_errors
@runs_on("carborder.gateway.export")
def export_command(
    flow: Annotated[str, typer.Argument()],
    inputs: Annotated[list[Path], typer.Option("--input", "-i")],
    output: Annotated[Path, typer.Option("--output", "-o")],
    workspace: WorkspaceOpt = Path("."),
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
    asset: Annotated[str | None, typer.Option("--asset")] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject"),
    ] = None,
    actor: ActorOpt = None,
    output_format: Annotated[
        str,
        typer.Option("--output-format"),
    ] = "keep",
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
    quiet: QuietOpt = False,
) -> None:
    """Release de-identified data for a flow, or refuse (exit 0 released, 1 refused, 2 bad input).

    Its --help (en, zh) is ``help-export`` in the catalogue (help.ftl).
    """
    from carborder.gateway.export import export

    m = messages(lang.value)
    bar = progress_bar(quiet=quiet, lang=lang.value, steps=True)
    task = bar.add_task(m("progress-scanning"), total=len(STAGES), records="")

    def on_stage(stage: str) -> None:
        # stages only: the gateway reports no bytes, so the bar counts its seven steps
        if stage in STAGES:
            bar.update(task, completed=STAGES.index(stage) + 1)
        bar.update(task, description=m.term("progress-stage", stage))

    with bar:
        result = export(
            flow,
            workspace=workspace,
            inputs=inputs,
            output=output,
            dry_run=dry_run,
            asset=asset,
            subject=subject,
            actor=resolve_actor(actor),
            output_format=output_format,
            progress=on_stage,
        )
    if fmt == Format.JSON:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _render(result, lang)
    if result.status == "refused":
        raise typer.Exit(int(ExitCode.REFUSED))


def register(app: typer.Typer) -> None:
    """Add the ``export`` command."""
    app.command("export")(export_command)
