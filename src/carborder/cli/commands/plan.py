"""``carborder plan FLOW``: the current pathway and the smallest plan that lightens it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.options import AsOf, Format, FormatOpt, Lang, LangOpt, WorkspaceOpt, parse_date
from carborder.cli.output import DISCLAIMER, out_console
from carborder.cli.startup import runs_on
from carborder.errors import InputError, Msg
from carborder.i18n import messages

__all__ = ["plan_command", "register"]


@handle_errors
@runs_on(
    "carborder.audit.clock",
    "carborder.cli.render",
    "carborder.decide.counting_period",
    "carborder.decide.whatif",
    "carborder.workspace.config",
    "carborder.workspace.state",
)
def plan_command(
    flow: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    as_of: AsOf = None,
    max_steps: Annotated[int, typer.Option("--max-steps")] = 3,
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
) -> None:
    """Show the flow's pathway and the cheapest plan that lightens it.

    Its --help (en, zh) is ``help-plan`` in the catalogue (help.ftl).
    """
    from carborder.audit.clock import system_clock
    from carborder.cli.render import pathway_label
    from carborder.decide.counting_period import counts_in_period
    from carborder.decide.whatif import plan_whatif
    from carborder.workspace.config import Workspace
    from carborder.workspace.state import with_stored_state

    requested = parse_date(as_of)
    ws = Workspace.open(workspace)
    pack = ws.pack()
    inv = ws.inventory(pack)
    flows = {f.id: f for f in inv.flows}
    if flow not in flows:
        raise InputError(
            Msg("err-unknown-flow", flow=flow),
            hint=Msg("hint-flows", flows=", ".join(sorted(flows)))
            if flows
            else Msg("hint-flows-none"),
        )
    day: date = requested or system_clock().date()
    # the store's approvals (added, scoped, revoked) and this period's exported people, read as
    # assess reads them; the pack's counting period fails closed on a period it cannot count
    inv = with_stored_state(ws, inv, day)
    counted = counts_in_period(inv.counters, pack, day)
    base = (counted.individuals, counted.sensitive_individuals)
    result = plan_whatif(
        flows[flow],
        inventory=inv,
        pack=pack,
        as_of=day,
        detected=ws.detected_facts(),
        ytd_base=base,
        max_steps=max_steps,
    )
    if fmt == Format.JSON:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    m = messages(lang.value)
    out_console.print(
        escape(
            m(
                "plan-now",
                flow=flow,
                pathway=pathway_label(pack, result.pathway, m),
                status=m.term("status", result.status),
                reasons=m.join(result.reasons) or "—",
            )
        )
    )
    if not result.options:
        out_console.print(escape(m("plan-none", steps=max_steps, tried=result.tried)))
    else:
        table = Table(title=m("plan-title"))
        for col in ("pathway", "status", "steps", "cost", "changed"):
            table.add_column(m(f"plan-col-{col}"))
        for o in result.options:
            table.add_row(
                escape(pathway_label(pack, o.pathway, m)),
                m.term("status", o.status),
                escape(
                    "\n".join(f"{s.op} {json.dumps(s.params, ensure_ascii=False)}" for s in o.steps)
                ),
                f"{o.cost:.2f}",
                escape(m.join(f"{k}={m.value(v)}" for k, v in sorted(o.changed.items()))),
            )
        out_console.print(table)
    out_console.print(f"[dim]{DISCLAIMER[lang.value]}[/]")


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command."""
    app.command("plan")(plan_command)
