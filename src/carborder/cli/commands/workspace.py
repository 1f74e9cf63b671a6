"""`carborder init`, `assess` and `explain`: work on a workspace's inventory."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import (
    AsOf,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    PackOpt,
    WorkspaceOpt,
    parse_date,
)
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.cli.startup import runs_on
from carborder.errors import InventoryError, Msg
from carborder.i18n import messages

if TYPE_CHECKING:
    from carborder.model.decision import Decision
    from carborder.workspace.config import Workspace

__all__ = ["assess_workspace", "register"]


def assess_workspace(
    ws: Workspace,
    *,
    as_of: Any = None,
    pack_dir: Path | None = None,
    flows: list[str] | None = None,
) -> list[Decision]:
    """Decide the workspace's flows from declared and detected facts."""
    from carborder.decide import decide_all
    from carborder.workspace.state import with_stored_state

    pack = ws.pack(pack_dir)
    inventory = ws.inventory(pack)
    day = as_of or datetime.now(UTC).date()
    if flows:
        unknown = [f for f in flows if f not in {x.id for x in inventory.flows}]
        if unknown:
            raise InventoryError(
                Msg("web-unknown", what=Msg("thing-flow"), id=unknown[0]),
                file=ws.root / "inventory",
                hint=Msg(
                    "web-known",
                    what=Msg("things-flow"),
                    known=", ".join(f.id for f in inventory.flows),
                ),
            )
    inventory = with_stored_state(ws, inventory, day)
    return decide_all(inventory, pack, day, detected=ws.detected_facts(), flows=flows)


@runs_on("carborder.workspace.init")
def init_cmd(
    directory: Annotated[Path, typer.Argument()] = Path("."),
    force: Annotated[bool, typer.Option("--force")] = False,
    lang: LangOpt = Lang.EN,
) -> None:
    """Create carborder.yaml and an inventory/ folder with commented examples.

    Its --help (en, zh) is ``help-init`` in the catalogue (help.ftl).
    """
    from carborder.workspace.init import init_workspace

    m = messages(lang.value)
    written = init_workspace(directory, force=force)
    for path in written:
        out_console.print(m("init-wrote", path=str(path)), markup=False)
    out_console.print(m("init-next", directory=str(directory)), markup=False)


@runs_on(
    "carborder.cli.render",
    "carborder.decide",
    "carborder.workspace.config",
    "carborder.workspace.state",
)
def assess_cmd(
    workspace: WorkspaceOpt = Path("."),
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
    as_of: AsOf = None,
    pack_dir: PackOpt = None,
    check: Annotated[bool, typer.Option("--check")] = False,
    trace: Annotated[bool, typer.Option("--trace")] = False,
) -> None:
    """Decide every flow of the workspace, using detected facts from saved scans.

    Its --help (en, zh) is ``help-assess`` in the catalogue (help.ftl).
    """
    from carborder.cli.render import deadlines_table, decision_json, decisions_table
    from carborder.model.decision import Status
    from carborder.workspace.config import Workspace

    day = parse_date(as_of)  # options first: a bad date is reported before the workspace
    ws = Workspace.open(workspace)
    decisions = assess_workspace(ws, as_of=day, pack_dir=pack_dir)
    pack = ws.pack(pack_dir)
    if fmt == Format.JSON:
        doc = {
            "workspace": str(ws.root),
            "pack": pack.ref,
            "decisions": [decision_json(d, trace=trace) for d in decisions],
            "disclaimer": DISCLAIMER,
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        out_console.print(
            decisions_table(
                decisions, pack, lang.value, f"{ws.config.handler.name or ws.config.handler.id}"
            )
        )
        upcoming = deadlines_table(decisions, lang.value)
        if upcoming is not None:
            out_console.print(upcoming)
        out_console.print(DISCLAIMER[lang.value], style="dim")
    if check and any(d.status != Status.ALLOWED for d in decisions):
        not_ok = [d.flow for d in decisions if d.status != Status.ALLOWED]
        said = messages(lang.value)("assess-not-allowed", flows=messages(lang.value).join(not_ok))
        err_console.print(said, markup=False)
        raise typer.Exit(int(ExitCode.REFUSED))


@runs_on("carborder.cli.render", "carborder.decide", "carborder.workspace.config")
def explain_cmd(
    flow: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = Lang.EN,
    fmt: FormatOpt = Format.TABLE,
    as_of: AsOf = None,
    pack_dir: PackOpt = None,
) -> None:
    """Explain one flow's decision: rules with articles, facts read, evidence from scans.

    Its --help (en, zh) is ``help-explain`` in the catalogue (help.ftl).
    """
    from carborder.cli.render import decision_json, explain_text
    from carborder.workspace.config import Workspace

    day = parse_date(as_of)
    ws = Workspace.open(workspace)
    decision = assess_workspace(ws, as_of=day, pack_dir=pack_dir, flows=[flow])[0]
    pack = ws.pack(pack_dir)
    if fmt == Format.JSON:
        doc = {
            "workspace": str(ws.root),
            "pack": pack.ref,
            "decision": decision_json(decision, trace=True),
            "explanation": explain_text(decision, pack, lang.value).splitlines(),
            "evidence": _evidence(ws, decision),
            "disclaimer": DISCLAIMER,
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(explain_text(decision, pack, lang.value))
    _print_evidence(ws, decision, lang.value)


def _evidence(ws: Workspace, decision: Decision) -> list[dict[str, Any]]:
    """Saved scan evidence and declared/detected conflicts of the flow's assets."""
    from carborder.decide import merge_declared_detected

    inventory = ws.inventory()
    flow = inventory.flow(decision.flow)
    out: list[dict[str, Any]] = []
    for asset_id in flow.assets:
        path = ws.state_dir / "scans" / f"{asset_id}.json"
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        declared = inventory.asset(asset_id).facts
        _merged, conflicts = merge_declared_detected(ws.pack(), declared, data.get("facts", {}))
        out.append(
            {
                "asset": asset_id,
                "conflicts": [
                    {
                        "fact": c.fact,
                        "declared": c.declared,
                        "detected": c.detected,
                        "merged": c.merged,
                    }
                    for c in conflicts
                ],
                "evidence": data.get("evidence") or {},
            }
        )
    return out


def _print_evidence(ws: Workspace, decision: Decision, lang: str) -> None:
    m = messages(lang)
    shown = _evidence(ws, decision)
    if not shown:
        return
    typer.echo("\n" + m("explain-evidence"))
    for item in shown:
        asset = item["asset"]
        for c in item["conflicts"]:
            text = m(
                "explain-conflict",
                asset=asset,
                fact=c["fact"],
                declared=m.value(c["declared"]),
                detected=m.value(c["detected"]),
                merged=m.value(c["merged"]),
            )
            typer.echo("  ⚠ " + text)
        for fact, items in item["evidence"].items():
            for ev in items[:3]:
                where = f"{ev.get('file')}" + (f":{ev['column']}" if ev.get("column") else "")
                args = {
                    "asset": asset,
                    "fact": fact,
                    "detector": str(ev.get("detector")),
                    "version": str(ev.get("detector_version")),
                    "where": where,
                    "matches": ev.get("matches") or 0,
                }
                examples = ev.get("examples") or []
                if examples:
                    line = m("explain-evidence-line", examples=m.join(examples), **args)
                else:
                    line = m("explain-evidence-line-plain", **args)
                typer.echo("  • " + line)


def register(app: typer.Typer) -> None:
    """Add init, assess and explain."""
    app.command("init")(init_cmd)
    app.command("assess")(assess_cmd)
    app.command("explain")(explain_cmd)
