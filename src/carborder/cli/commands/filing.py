"""``carborder filing build|annual-report|check|templates``: the documents a compliance team files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import (
    ActorOpt,
    AsOf,
    Format,
    FormatOpt,
    Lang,
    WorkspaceOpt,
    parse_date,
    resolve_actor,
)
from carborder.cli.output import DISCLAIMER, out_console
from carborder.cli.startup import runs_on
from carborder.i18n import Messages, messages

if TYPE_CHECKING:
    from carborder.filings import FilingResult, MissingField

__all__ = ["filing_app", "register"]

filing_app = typer.Typer(no_args_is_help=True)

LangOpt = Annotated[str, typer.Option("--lang")]
FormatsOpt = Annotated[str, typer.Option("--format", "-f")]
AnswersOpt = Annotated[Path | None, typer.Option("--answers")]
OutputOpt = Annotated[Path, typer.Option("--output", "-o")]
ForceOpt = Annotated[
    bool,
    typer.Option("--force"),
]


MessagesLangOpt = Annotated[Lang, typer.Option("--lang", "-l")]


def _m(lang: str) -> Messages:
    """Messages in Chinese when the documents are Chinese only, else in English."""
    return messages("zh" if lang == "zh" else "en")


def _print_result(result: FilingResult, m: Messages) -> None:
    table = Table(title=m("filing-built-title", dir=str(result.directory)))
    for col in ("document", "lang", "format", "path", "missing"):
        table.add_column(m(f"filing-col-{col}"))
    for d in result.documents:
        table.add_row(d.kind, d.lang, d.format, d.path, str(len(d.missing_human_fields)))
    out_console.print(table)
    out_console.print(m("filing-pack-line", zip=result.pack_zip.name))
    if result.complete:
        out_console.print(f"[green]{escape(m('filing-complete'))}[/]")
    else:
        template = str(result.directory / "answers-template.yaml")
        text = m("filing-incomplete", count=len(result.missing), template=template)
        out_console.print(f"[yellow]{escape(text)}[/]")
    out_console.print(DISCLAIMER[m.lang.value], style="dim")


@filing_app.command("build")
@handle_errors
@runs_on("carborder.filings")
def build_cmd(
    flow: Annotated[str, typer.Argument()],
    output: OutputOpt,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = "zh",
    formats: FormatsOpt = "all",
    answers: AnswersOpt = None,
    force: ForceOpt = False,
    mechanism: Annotated[
        str | None,
        typer.Option("--mechanism"),
    ] = None,
    documents: Annotated[list[str] | None, typer.Option("--document")] = None,
    as_of: AsOf = None,
    actor: ActorOpt = None,
) -> None:
    """Write the documents the flow's decision requires, filing.json and a signed ZIP.

    Its --help (en, zh) is ``help-filing-build`` in the catalogue (help.ftl).
    """
    from carborder.filings import build_filing

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
        actor=resolve_actor(actor),
    )
    _print_result(result, _m(lang))


@filing_app.command("annual-report")
@handle_errors
@runs_on("carborder.filings")
def annual_cmd(
    year: Annotated[int, typer.Option("--year")],
    output: OutputOpt,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = "zh",
    formats: FormatsOpt = "all",
    answers: AnswersOpt = None,
    force: ForceOpt = False,
    as_of: AsOf = None,
    actor: ActorOpt = None,
) -> None:
    """Write the annual automotive-data security report of the whole workspace.

    Its --help (en, zh) is ``help-filing-annual-report`` in the catalogue (help.ftl).
    """
    from carborder.filings import build_annual_report

    result = build_annual_report(
        workspace=workspace,
        year=year,
        output=output,
        lang=lang,  # type: ignore[arg-type]
        formats=formats,  # type: ignore[arg-type]
        answers=answers,
        force=force,
        as_of=parse_date(as_of),
        actor=resolve_actor(actor),
    )
    _print_result(result, _m(lang))


def _missing_table(missing: list[MissingField], m: Messages) -> Table:
    table = Table(title=m("filing-missing-title"))
    for col in ("field", "label", "documents"):
        table.add_column(m(f"filing-col-{col}"))
    for item in missing:
        label = item.label_zh if m.zh else item.label_en
        table.add_row(item.field, label, ", ".join(item.documents))
    return table


@filing_app.command("check")
@handle_errors
@runs_on("carborder.filings")
def check_cmd(
    directory: Annotated[Path, typer.Argument()],
    answers: AnswersOpt = None,
    fmt: FormatOpt = Format.TABLE,
    lang: MessagesLangOpt = Lang.EN,
) -> None:
    """Exit 0 when every required field is filled, 1 when not (listing them), 2 on bad input.

    Its --help (en, zh) is ``help-filing-check`` in the catalogue (help.ftl).
    """
    from carborder.filings import check_filing

    m = messages(lang.value)
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
            out_console.print(_missing_table(result.missing, m))
        for finding in result.lint:
            why = finding["why_zh"] if m.zh else finding["why_en"]
            text = m("filing-conflict", field=finding["field"], match=finding["match"], why=why)
            out_console.print(f"[red]{escape(text)}[/]")
        for problem in result.pack_problems:
            out_console.print(f"[red]{escape(m('filing-pack-problem', problem=problem))}[/]")
        if result.complete:
            out_console.print(f"[green]{escape(m('filing-check-complete'))}[/]")
    if not result.complete:
        raise typer.Exit(int(ExitCode.REFUSED))


@filing_app.command("templates")
@handle_errors
@runs_on("carborder.filings")
def templates_cmd(fmt: FormatOpt = Format.TABLE, lang: MessagesLangOpt = Lang.EN) -> None:
    """List document kinds, editions, sources and how their headings were checked.

    Its --help (en, zh) is ``help-filing-templates`` in the catalogue (help.ftl).
    """
    from carborder.filings import list_templates

    m = messages(lang.value)
    infos = list_templates()
    if fmt == Format.JSON:
        typer.echo(json.dumps([i.__dict__ for i in infos], ensure_ascii=False, indent=2))
        return
    table = Table(title=m("filing-templates-title"))
    for col in ("kind", "edition", "title", "source", "confidence", "verified"):
        table.add_column(m(f"filing-col-{col}"))
    for i in infos:
        ok = sum(1 for h in i.headings if h[2])
        table.add_row(
            i.kind,
            i.edition,
            i.title_zh if m.zh else i.title_en,
            f"{i.source} ({i.date})",
            m.term("confidence", i.confidence) if m.zh else i.confidence,
            f"{ok}/{len(i.headings)}",
        )
    out_console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``filing`` command group."""
    app.add_typer(filing_app, name="filing")
