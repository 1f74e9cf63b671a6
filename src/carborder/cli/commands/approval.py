"""``carborder approval add|list|show|revoke``: approvals held, stored in the database, audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.options import Format, FormatOpt, WorkspaceOpt
from carborder.cli.output import out_console
from carborder.errors import InputError
from carborder.gateway.files import sha256_file
from carborder.model.approval import Approval
from carborder.store.repository import Store
from carborder.workspace.config import Workspace

__all__ = ["approval_app", "register"]

approval_app = typer.Typer(help="Approvals held: add, list, show, revoke (stored and audited).")


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}: '{value}' is not a date", hint="write YYYY-MM-DD") from None


def _open(workspace: Path) -> tuple[Workspace, Store]:
    ws = Workspace.open(workspace)
    return ws, Store.for_workspace(ws.root, url=ws.store_url())


def _all(ws: Workspace, store: Store) -> dict[str, tuple[Approval, str]]:
    """Approvals by id with their source: the database wins over the inventory file."""
    out = {a.id: (a, "inventory") for a in ws.inventory().approvals}
    for a in store.list_approvals():
        out[a.id] = (a, "database")
    return out


@approval_app.command("add")
@handle_errors
def add_cmd(
    reference: Annotated[str, typer.Argument(help="Reference number (the approval id).")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="security_assessment, standard_contract, certification or mnr_approval.",
        ),
    ],
    flows: Annotated[list[str], typer.Option("--flow", help="Flow covered (repeat).")],
    issued: Annotated[str, typer.Option("--issued", help="Issue/filing date YYYY-MM-DD.")],
    workspace: WorkspaceOpt = Path("."),
    valid_until: Annotated[
        str | None, typer.Option("--valid-until", help="Last valid day (default: pack rule).")
    ] = None,
    evidence: Annotated[
        Path | None, typer.Option("--evidence", help="Evidence file; its SHA-256 is kept.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free text.")] = None,
    actor: Annotated[str, typer.Option("--actor", help="Who records it.")] = "cli",
) -> None:
    """Record an approval (its evidence file is hashed, not copied)."""
    ws, store = _open(workspace)
    try:
        pack = ws.pack()
        if kind not in pack.meta.approval_kinds:
            raise InputError(
                f"unknown approval kind '{kind}'",
                hint=f"kinds: {', '.join(sorted(pack.meta.approval_kinds))}",
            )
        known = {f.id for f in ws.inventory(pack).flows}
        unknown = [f for f in flows if f not in known]
        if unknown:
            raise InputError(
                f"unknown flow(s) {', '.join(unknown)}",
                hint=f"flows: {', '.join(sorted(known)) or 'none'}",
            )
        if evidence is not None and not evidence.is_file():
            raise InputError("evidence file not found", file=evidence)
        issued_d = _date(issued, "--issued")
        assert issued_d is not None
        approval = Approval(
            id=reference,
            kind=kind,
            flows=flows,
            issued=issued_d,
            valid_until=_date(valid_until, "--valid-until"),
            evidence_sha256=sha256_file(evidence) if evidence is not None else None,
            note=note,
        )
        store.add_approval(approval, actor=actor)
        out_console.print(f"approval {reference} recorded ({kind}, flows {', '.join(flows)})")
    finally:
        store.close()


@approval_app.command("list")
@handle_errors
def list_cmd(workspace: WorkspaceOpt = Path("."), fmt: FormatOpt = Format.TABLE) -> None:
    """List approvals from the database and the inventory."""
    ws, store = _open(workspace)
    try:
        rows = _all(ws, store)
    finally:
        store.close()
    if fmt == Format.JSON:
        doc = [
            {**a.model_dump(mode="json"), "source": src}
            for a, src in (rows[k] for k in sorted(rows))
        ]
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    table = Table(title="Approvals")
    for col in ("id", "kind", "flows", "issued", "valid until", "revoked", "source"):
        table.add_column(col)
    for key in sorted(rows):
        a, src = rows[key]
        table.add_row(
            a.id,
            a.kind,
            ", ".join(a.flows),
            a.issued.isoformat(),
            a.valid_until.isoformat() if a.valid_until else "—",
            "yes" if a.revoked else "no",
            src,
        )
    out_console.print(table)


@approval_app.command("show")
@handle_errors
def show_cmd(
    reference: Annotated[str, typer.Argument(help="Approval id.")],
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Show one approval as JSON."""
    ws, store = _open(workspace)
    try:
        rows = _all(ws, store)
    finally:
        store.close()
    if reference not in rows:
        raise InputError(f"no approval '{reference}'", hint="see `carborder approval list`")
    a, src = rows[reference]
    typer.echo(
        json.dumps({**a.model_dump(mode="json"), "source": src}, ensure_ascii=False, indent=2)
    )


@approval_app.command("revoke")
@handle_errors
def revoke_cmd(
    reference: Annotated[str, typer.Argument(help="Approval id.")],
    workspace: WorkspaceOpt = Path("."),
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
    actor: Annotated[str, typer.Option("--actor", help="Who revokes it.")] = "cli",
) -> None:
    """Mark an approval revoked (exports it covered are refused from now on)."""
    _ws, store = _open(workspace)
    try:
        store.revoke_approval(reference, actor=actor, reason=reason)
    finally:
        store.close()
    out_console.print(f"approval {reference} revoked")


def register(app: typer.Typer) -> None:
    """Add the ``approval`` command group."""
    app.add_typer(approval_app, name="approval")
