"""``carborder filing build|annual-report|check|templates``: the documents a compliance team files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import AsOf, Format, FormatOpt, WorkspaceOpt, parse_date
from carborder.cli.output import DISCLAIMER, out_console
from carborder.filings import (
    FilingResult,
    MissingField,
    build_annual_report,
    build_filing,
    check_filing,
    list_templates,
)

__all__ = ["filing_app", "register"]

filing_app = typer.Typer(
    help="Filing packs (zh documents to file, en convenience translations): build, check.",
    no_args_is_help=True,
)

_EPILOG = """\
The decision chooses the documents: a security assessment gets the declaration, the
self-assessment report and the outbound-link sheet (and the extension application when the
approval is expiring); the standard contract gets the contract with Appendix 1, the PIPIA,
the letter of commitment and the materials checklist; certification gets its PIPIA, scope
statement and evidence index; important data adds the important-data catalogue filing.
Auto fields carry their source in filing.json; human fields are marked 【待填写】 in red and
listed in answers-template.yaml: fill it in and build again with --answers.

Examples:
  carborder filing build crm_to_hq -w ws --output filings/crm --lang both
  carborder filing build crm_to_hq -w ws --output filings/crm --answers filings/crm/answers.yaml
  carborder filing check filings/crm --answers filings/crm/answers.yaml
  carborder filing annual-report -w ws --year 2026 --output filings/annual-2026
"""

LangOpt = Annotated[
    str, typer.Option("--lang", help="zh (fileable), en (unofficial translation) or both.")
]
FormatsOpt = Annotated[str, typer.Option("--format", "-f", help="docx, pdf or all.")]
AnswersOpt = Annotated[
    Path | None, typer.Option("--answers", help="YAML file with the human fields (field id: text).")
]
OutputOpt = Annotated[
    Path, typer.Option("--output", "-o", help="Folder to write (replaced whole).")
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Draft documents the decision does not require (recorded)."),
]
ActorOpt = Annotated[str, typer.Option("--actor", help="Who builds it (audit log).")]


def _print_result(result: FilingResult) -> None:
    table = Table(title=f"filing pack → {result.directory}")
    for col in ("document", "lang", "format", "path", "missing"):
        table.add_column(col)
    for d in result.documents:
        table.add_row(d.kind, d.lang, d.format, d.path, str(len(d.missing_human_fields)))
    out_console.print(table)
    out_console.print(
        f"pack: {result.pack_zip.name} (signed manifest inside); details: filing.json"
    )
    if result.complete:
        out_console.print("[green]complete: every required field is filled[/]")
    else:
        out_console.print(
            f"[yellow]{len(result.missing)} required item(s) still empty[/]: fill "
            f"{result.directory / 'answers-template.yaml'} and build again with --answers"
        )
    out_console.print(DISCLAIMER["en"], style="dim")


@filing_app.command("build", epilog=_EPILOG)
@handle_errors
def build_cmd(
    flow: Annotated[str, typer.Argument(help="Flow id from the inventory.")],
    output: OutputOpt,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = "zh",
    formats: FormatsOpt = "all",
    answers: AnswersOpt = None,
    force: ForceOpt = False,
    mechanism: Annotated[
        str | None,
        typer.Option(
            "--mechanism",
            help="standard_contract or certification (default: held approval, else first).",
        ),
    ] = None,
    documents: Annotated[
        list[str] | None, typer.Option("--document", help="Only this document kind (repeat).")
    ] = None,
    as_of: AsOf = None,
    actor: ActorOpt = "cli",
) -> None:
    """Write the documents the flow's decision requires, filing.json and a signed ZIP."""
    result = build_filing(
        flow,
        workspace=workspace,
        output=output,
        lang=lang,  # type: ignore[arg-type]
        formats=formats,  # type: ignore[arg-type]
        answers=answers,
        force=force,
        mechanism=mechanism,
        documents=documents or None,
        as_of=parse_date(as_of),
        actor=actor,
    )
    _print_result(result)


@filing_app.command("annual-report", epilog=_EPILOG)
@handle_errors
def annual_cmd(
    year: Annotated[int, typer.Option("--year", help="Calendar year reported (due 15 December).")],
    output: OutputOpt,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = "zh",
    formats: FormatsOpt = "all",
    answers: AnswersOpt = None,
    force: ForceOpt = False,
    as_of: AsOf = None,
    actor: ActorOpt = "cli",
) -> None:
    """Write the annual automotive-data security report of the whole workspace."""
    result = build_annual_report(
        workspace=workspace,
        year=year,
        output=output,
        lang=lang,  # type: ignore[arg-type]
        formats=formats,  # type: ignore[arg-type]
        answers=answers,
        force=force,
        as_of=parse_date(as_of),
        actor=actor,
    )
    _print_result(result)


def _missing_table(missing: list[MissingField]) -> Table:
    table = Table(title="required items still empty")
    for col in ("field", "label", "documents"):
        table.add_column(col)
    for m in missing:
        table.add_row(m.field, f"{m.label_zh} / {m.label_en}", ", ".join(m.documents))
    return table


@filing_app.command("check", epilog=_EPILOG)
@handle_errors
def check_cmd(
    directory: Annotated[Path, typer.Argument(help="A filing folder (holds filing.json).")],
    answers: AnswersOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Exit 0 when every required field is filled, 1 when not (listing them), 2 on bad input."""
    result = check_filing(directory, answers=answers)
    if fmt == Format.JSON:
        typer.echo(
            json.dumps(
                {
                    "complete": result.complete,
                    "missing": [m.__dict__ for m in result.missing],
                    "lint": result.lint,
                    "pack_problems": result.pack_problems,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        if result.missing:
            out_console.print(_missing_table(result.missing))
        for finding in result.lint:
            out_console.print(
                f"[red]conflict[/] {escape(finding['field'])}: “{escape(finding['match'])}” — "
                f"{escape(finding['why_en'])} / {escape(finding['why_zh'])}"
            )
        for problem in result.pack_problems:
            out_console.print(f"[red]pack[/] {escape(problem)}")
        if result.complete:
            out_console.print("[green]complete: every required field is filled, pack intact[/]")
    if not result.complete:
        raise typer.Exit(int(ExitCode.REFUSED))


@filing_app.command("templates")
@handle_errors
def templates_cmd(fmt: FormatOpt = Format.TABLE) -> None:
    """List document kinds, editions, sources and how their headings were checked."""
    infos = list_templates()
    if fmt == Format.JSON:
        typer.echo(json.dumps([i.__dict__ for i in infos], ensure_ascii=False, indent=2))
        return
    table = Table(title="filing templates")
    for col in ("kind", "edition", "title", "source", "confidence", "headings verified"):
        table.add_column(col)
    for i in infos:
        ok = sum(1 for h in i.headings if h[2])
        table.add_row(
            i.kind,
            i.edition,
            i.title_zh,
            f"{i.source} ({i.date})",
            i.confidence,
            f"{ok}/{len(i.headings)}",
        )
    out_console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``filing`` command group."""
    app.add_typer(filing_app, name="filing")
