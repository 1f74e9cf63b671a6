"""`carborder demo`: build the sample OEM workspace and run it end to end."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.rule import Rule
from rich.table import Table

from carborder.cli.options import Lang, LangOpt
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.cli.startup import runs_on
from carborder.errors import Msg, WorkspaceError
from carborder.i18n import Messages, messages

if TYPE_CHECKING:
    from carborder.model.decision import Decision
    from carborder.rulebook.pack import Pack

__all__ = ["register"]


def _changes(before: list[Decision], after: list[Decision], pack: Pack, m: Messages) -> Table:
    table = Table(title=m("demo-changes-title"))
    for col in ("flow", "before", "after", "why"):
        table.add_column(m(f"demo-changes-col-{col}"))
    old = {d.flow: d for d in before}
    for d in after:
        b = old[d.flow]
        if (b.pathway, b.status) != (d.pathway, d.status):
            table.add_row(
                d.flow,
                _state(b, pack, m),
                _state(d, pack, m),
                "\n".join(_why(b, d, m)) or "—",
            )
    return table


def _state(d: Decision, pack: Pack, m: Messages) -> str:
    """``pathway / status``: identifiers in English (as README shows), words in Chinese."""
    from carborder.cli.render import pathway_label

    if not m.zh:
        return f"{d.pathway.value} / {d.status.value}"
    return f"{pathway_label(pack, d.pathway.value, m)} / {m.term('status', d.status.value)}"


def _why(before: Decision, after: Decision, m: Messages) -> list[str]:
    """Rules behind the new decision whose result the detected facts changed."""
    old = {(s.rule, s.asset): s.result for s in before.trace}
    lines = []
    for step in after.trace:
        if step.rule in after.reasons and old.get((step.rule, step.asset), "false") != step.result:
            was = old.get((step.rule, step.asset), "false")
            lines.append(f"{step.rule}: {m.term('result', was)} → {m.term('result', step.result)}")
    return list(dict.fromkeys(lines))


@runs_on(
    "carborder.cli.commands.workspace",
    "carborder.cli.render",
    "carborder.demo.inventory",
    "carborder.workspace.config",
)
def demo_cmd(
    directory: Annotated[Path, typer.Argument()] = Path("demo-workspace"),
    force: Annotated[bool, typer.Option("--force")] = True,
    lang: LangOpt = Lang.EN,
    skip_export: Annotated[bool, typer.Option("--skip-export")] = False,
) -> None:
    """Build a synthetic OEM (a dozen assets and flows across all five scenarios) and run it.

    Its --help (en, zh) is ``help-demo`` in the catalogue (help.ftl).
    """
    from carborder.cli.commands.workspace import assess_workspace
    from carborder.cli.render import decisions_table
    from carborder.demo.inventory import DEMO_AS_OF, write_demo_inventory
    from carborder.workspace.config import Workspace

    as_of = date.fromisoformat(DEMO_AS_OF)
    if directory.exists() and any(directory.iterdir()):
        if not force or not (directory / "carborder.yaml").exists():
            raise WorkspaceError(
                Msg("err-not-demo-dir"), file=directory, hint=Msg("hint-empty-dir")
            )
        shutil.rmtree(directory)
    m = messages(lang.value)
    out_console.print(Rule(m("demo-step-workspace")))
    write_demo_inventory(directory)
    ws = Workspace.open(directory)
    out_console.print(m("demo-workspace", path=str(ws.root)), highlight=False)

    out_console.print(Rule(m("demo-step-data")))
    from carborder.demo.data import write_demo_data

    files = write_demo_data(ws.root / "data")
    for asset, paths in files.items():
        out_console.print(f"  {asset}: " + ", ".join(p.name for p in paths))

    out_console.print(Rule(m("demo-step-declared")))
    before = assess_workspace(ws, as_of=as_of)
    out_console.print(decisions_table(before, ws.pack(), lang.value, m("demo-title-declared")))

    out_console.print(Rule(m("demo-step-scan")))
    from carborder.demo.scan_step import scan_demo_assets

    scan_demo_assets(ws, files, console=err_console, actor="demo", lang=lang.value)
    after = assess_workspace(ws, as_of=as_of)
    out_console.print(decisions_table(after, ws.pack(), lang.value, m("demo-title-detected")))
    out_console.print(_changes(before, after, ws.pack(), m))
    out_console.print(
        m("demo-explain-hint", flow="tsp_to_munich", directory=str(directory)), highlight=False
    )

    if not skip_export:
        out_console.print(Rule(m("demo-step-export")))
        from carborder.demo.export_step import run_export_step

        run_export_step(ws, files, console=out_console, as_of=as_of, lang=lang.value)

        out_console.print(Rule(m("demo-step-filing")))
        from carborder.demo.filing_step import run_filing_step

        run_filing_step(
            ws.root,
            assess_workspace(ws, as_of=as_of),
            console=out_console,
            as_of=as_of,
            lang=lang.value,
        )
    out_console.print(Rule(m("demo-step-web")))
    from carborder.demo.web_step import add_demo_users

    add_demo_users(ws, console=out_console, lang=lang.value)
    out_console.print(DISCLAIMER[lang.value], style="dim")


def register(app: typer.Typer) -> None:
    """Add the demo command."""
    app.command("demo")(demo_cmd)
