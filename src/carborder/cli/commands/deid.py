"""``carborder deid operators``: every de-identification operator, its parameters and promise."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.options import Format, FormatOpt, Lang, LangOpt
from carborder.cli.output import DISCLAIMER, out_console
from carborder.cli.startup import runs_on
from carborder.i18n import messages

__all__ = ["deid_app", "register"]

deid_app = typer.Typer()


def _params_cell(params: list[dict[str, Any]], lang: str) -> str:
    m = messages(lang)
    lines = []
    for p in params:
        need = (
            m("deid-required")
            if p["required"]
            else m("deid-default", value=json.dumps(p["default"], ensure_ascii=False))
        )
        lines.append(
            f"[bold]{escape(p['name'])}[/] ({escape(p['type'])}; {escape(need)}): "
            f"{escape(p['description'])}"
        )
    return "\n".join(lines) or "—"


@deid_app.command("operators")
@handle_errors
@runs_on("carborder.cli.operators_doc")
def operators_cmd(fmt: FormatOpt = Format.TABLE, lang: LangOpt = Lang.EN) -> None:
    """List every operator: what it does and promises, its parameters and an example step.

    Its --help (en, zh) is ``help-deid-operators`` in the catalogue (help.ftl).
    """
    from carborder.cli.operators_doc import operator_docs

    docs = operator_docs(lang.value)
    if fmt == Format.JSON:
        doc = {"operators": docs, "disclaimer": DISCLAIMER}
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    m = messages(lang.value)
    table = Table(title=m("deid-title"), show_lines=True)
    for col in ("operator", "what", "params", "example"):
        table.add_column(m(f"deid-col-{col}"), overflow="fold")
    for d in docs:
        what = [d["summary"], d["applies_to"]["text"], *d["promise"]["text"]]
        table.add_row(
            f"[bold]{d['name']}[/]",
            escape("\n".join(what)),
            _params_cell(d["parameters"], lang.value),
            escape(d["example_yaml"]),
        )
    out_console.print(table)
    out_console.print(escape(m("deid-footer")))
    out_console.print(DISCLAIMER[lang.value], style="dim")


def register(app: typer.Typer) -> None:
    """Add the ``deid`` command group."""
    app.add_typer(deid_app, name="deid")
