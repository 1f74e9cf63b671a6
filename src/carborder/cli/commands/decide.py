"""`carborder decide`: decide scenario files (whole cases in one YAML document)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from carborder.cli.options import Format, FormatOpt, Lang, LangOpt, PackOpt
from carborder.cli.output import DISCLAIMER, out_console
from carborder.cli.startup import runs_on

__all__ = ["register"]


@runs_on("carborder.cli.render", "carborder.decide", "carborder.rulebook", "carborder.workspace.io")
def decide_cmd(
    files: Annotated[list[Path], typer.Argument(show_default=False)],
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
    pack_dir: PackOpt = None,
    trace: Annotated[bool, typer.Option("--trace")] = False,
) -> None:
    """Decide every flow of scenario files and print pathway, status and reasons.

    Its --help (en, zh) is ``help-decide`` in the catalogue (help.ftl).
    """
    from carborder.cli.render import decision_json, decisions_table
    from carborder.decide import decide_all
    from carborder.rulebook import load_pack
    from carborder.workspace.io import load_scenario

    pack = load_pack(pack_dir)
    results: list[dict[str, Any]] = []
    for file in files:
        scenario = load_scenario(file, pack)
        decisions = decide_all(scenario.inventory(), pack, scenario.as_of)
        if fmt == Format.JSON:
            results.append(
                {
                    "file": str(file),
                    "scenario": scenario.name,
                    "as_of": scenario.as_of.isoformat(),
                    "pack": pack.ref,
                    "decisions": [decision_json(d, trace=trace) for d in decisions],
                    "disclaimer": DISCLAIMER,
                }
            )
        else:
            out_console.print(
                decisions_table(decisions, pack, lang.value, f"{file} — {scenario.name}")
            )
    if fmt == Format.JSON:
        doc: Any = results[0] if len(results) == 1 else results
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        out_console.print(DISCLAIMER[lang.value], style="dim")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("decide")(decide_cmd)
