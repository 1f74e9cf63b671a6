"""``carborder audit verify|export``: check the hash chain, export events as JSON Lines."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from carborder.cli.errors import handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import (
    ActorOpt,
    Format,
    FormatOpt,
    LangOpt,
    WorkspaceOpt,
    resolve_actor,
)
from carborder.cli.output import out_console
from carborder.cli.startup import runs_on
from carborder.errors import InputError, Msg
from carborder.i18n import Lang, messages

if TYPE_CHECKING:
    from carborder.store.repository import Store

__all__ = ["audit_app", "register"]

audit_app = typer.Typer()

AnchorOpt = Annotated[
    list[Path] | None,
    typer.Option("--anchor"),
]


def _store(workspace: Path, *, check: bool = True) -> Store:
    from carborder.store.repository import Store
    from carborder.workspace.config import Workspace

    ws = Workspace.open(workspace)
    return Store.for_workspace(ws.root, url=ws.store_url(), check=check)


@audit_app.command("verify")
@handle_errors
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.gateway.anchoring",
    "carborder.gateway.context",
    "carborder.gateway.pending",
)
def verify_cmd(
    workspace: WorkspaceOpt = Path("."),
    fmt: FormatOpt = Format.TABLE,
    anchor: AnchorOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Verify the chain, the tables against it and every anchor; exit 0 intact, 1 broken.

    Its --help (en, zh) is ``help-audit-verify`` in the catalogue (help.ftl).
    """
    from carborder.gateway.anchoring import verify_workspace_audit
    from carborder.gateway.context import os_user
    from carborder.gateway.pending import recover_runs

    store = _store(workspace, check=False)
    try:
        recovered = [] if store.missing_tables() else recover_runs(store, actor=os_user())
        report = verify_workspace_audit(store, Path(workspace).resolve(), anchor or [])
    finally:
        store.close()
    if fmt == Format.JSON:
        doc = {
            "ok": report.ok,
            "events": report.events,
            "head_seq": report.head_seq,
            "head_hash": report.head_hash,
            "checked": report.checked,
            "problems": [p.to_json() for p in report.problems],
            "recovered": [{"run_id": r, "outcome": o} for r, o in recovered],
        }
        typer.echo(json.dumps(doc, indent=2))
    else:
        m = messages(lang.value)
        for run_id, outcome in recovered:
            out_console.print(m("audit-recovered", run=run_id, outcome=outcome))
        colour = "green" if report.ok else "red"
        out_console.print(f"[{colour}]{report.summary(lang.value)}[/]")
        for p in report.problems[1:10]:
            out_console.print(f"  {report.problem_line(p, lang.value)}")
    if not report.ok:
        raise typer.Exit(int(ExitCode.REFUSED))


@audit_app.command("anchor")
@handle_errors
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.audit.events",
    "carborder.gateway.anchoring",
)
def anchor_cmd(
    workspace: WorkspaceOpt = Path("."),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o"),
    ] = None,
    actor: ActorOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Write the chain head, signed with the workspace key, for you to keep elsewhere.

    Its --help (en, zh) is ``help-audit-anchor`` in the catalogue (help.ftl). The anchor is
    written atomically, then an ``audit.anchored`` event records its digest: a later
    ``audit verify --anchor FILE`` proves nothing before that head was rewritten, and the
    chain itself shows when anchors were taken.
    """
    import hashlib

    from carborder.audit.events import AuditAnchored
    from carborder.gateway.anchoring import make_anchor
    from carborder.safety.atomic import write_text_atomic
    from carborder.store.repository import Store
    from carborder.workspace.config import Workspace

    ws = Workspace.open(workspace)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        doc = make_anchor(store, ws.root, handler_id=ws.config.handler.id)
        text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if output is not None:
            write_text_atomic(output, text)
        body = doc["body"]
        store.record_event(
            AuditAnchored(
                seq=body["seq"],
                hash=body["hash"],
                anchor_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                key_id=doc["signature"]["key_id"],
                written_to=str(output) if output is not None else None,
            ),
            actor=resolve_actor(actor),
        )
    finally:
        store.close()
    if output is None:
        typer.echo(text, nl=False)
        return
    out_console.print(
        messages(lang.value)(
            "audit-anchored", seq=str(body["seq"]), head=body["hash"][:16], path=str(output)
        )
    )


def _since(value: str | None) -> str | None:
    from carborder.audit.chain import format_time

    if value is None:
        return None
    try:
        if len(value) == 10:
            at = datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
        else:
            at = datetime.fromisoformat(value.replace("Z", "+00:00"))
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
    except ValueError:
        raise InputError(
            Msg("err-option-not-date", option="--since", value=value),
            hint=Msg("hint-date-or-timestamp"),
        ) from None
    return format_time(at)


@audit_app.command("export")
@handle_errors
@runs_on("carborder.store.repository", "carborder.workspace.config", "carborder.audit.chain")
def export_cmd(
    workspace: WorkspaceOpt = Path("."),
    since: Annotated[str | None, typer.Option("--since")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Write events as JSON Lines (one event per line, with their chain hashes).

    Its --help (en, zh) is ``help-audit-export`` in the catalogue (help.ftl).
    """
    store = _store(workspace)
    try:
        lines = (
            json.dumps(e.to_json(), ensure_ascii=False, sort_keys=True)
            for e in store.iter_events(since=_since(since))
        )
        if output is None:
            for line in lines:
                typer.echo(line)
        else:
            with output.open("w", encoding="utf-8") as fh:
                for line in lines:
                    fh.write(line + "\n")
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add the ``audit`` command group."""
    app.add_typer(audit_app, name="audit")
