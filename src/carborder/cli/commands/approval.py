"""``carborder approval add|list|show|revoke``: approvals held, stored in the database, audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.options import (
    ActorOpt,
    AsOf,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    WorkspaceOpt,
    parse_date,
    resolve_actor,
)
from carborder.cli.output import DISCLAIMER, out_console
from carborder.cli.startup import runs_on
from carborder.errors import InputError, Msg
from carborder.i18n import Messages, messages

if TYPE_CHECKING:
    from carborder.model.approval import Approval, ApprovalScope
    from carborder.store.repository import Store
    from carborder.workspace.config import Workspace

__all__ = ["approval_app", "register"]

approval_app = typer.Typer()


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            Msg("err-option-not-date", option=name, value=value), hint=Msg("hint-write-date")
        ) from None


def read_scope(path: Path) -> ApprovalScope:
    """An approval scope from a YAML file (bounded reader; errors name the file and line)."""
    from pydantic import ValidationError

    from carborder.model.approval import ApprovalScope
    from carborder.rulebook.loader import pydantic_error
    from carborder.rulebook.yamlio import read_yaml

    if not path.is_file():
        raise InputError(Msg("err-scope-file-not-found"), file=path)
    docs = read_yaml(path, InputError)
    if not docs or not isinstance(docs[0][0], dict):
        raise InputError(Msg("err-scope-not-mapping"), file=path, hint=Msg("hint-scope-keys"))
    data, lines = docs[0]
    try:
        return ApprovalScope.model_validate(data)
    except ValidationError as exc:
        raise pydantic_error(exc, path, lines, "", cls=InputError) from None


def scope_text(scope: ApprovalScope, m: Messages) -> str:
    """One line per recorded dimension, ``name: values`` (unrecorded dimensions left out).

    Dimension names (and, in Chinese, activities) are translated; other values are identifiers,
    the same in both languages.
    """
    parts = [
        f"{m.term('approval-scope', name)}: "
        + m.join(m.term("activity", v) if name == "activities" and m.zh else str(v) for v in values)
        for name, values in scope.model_dump(exclude={"storage"}).items()
        if isinstance(values, list) and values
    ]
    if scope.storage is not None:
        period = scope.storage.period_months
        where = scope.storage.location
        if period is not None:
            where = m("approval-scope-storage-period", location=where, months=period)
        parts.append(f"{m.term('approval-scope', 'storage')}: {where}")
    return "\n".join(parts)


def _open(workspace: Path) -> tuple[Workspace, Store]:
    from carborder.store.repository import Store
    from carborder.workspace.config import Workspace

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
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.audit.clock",
    "carborder.decide.scope_now",
    "carborder.gateway.files",
    "carborder.model.approval",
)
def add_cmd(
    reference: Annotated[str, typer.Argument()],
    kind: Annotated[
        str,
        typer.Option("--kind"),
    ],
    flows: Annotated[list[str], typer.Option("--flow")],
    issued: Annotated[str, typer.Option("--issued")],
    workspace: WorkspaceOpt = Path("."),
    valid_until: Annotated[str | None, typer.Option("--valid-until")] = None,
    evidence: Annotated[Path | None, typer.Option("--evidence")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    scope: Annotated[
        Path | None,
        typer.Option("--scope"),
    ] = None,
    scope_from_flow: Annotated[
        bool,
        typer.Option("--scope-from-flow"),
    ] = False,
    actor: ActorOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Record an approval (its evidence file is hashed, not copied).

    Its --help (en, zh) is ``help-approval-add`` in the catalogue (help.ftl).
    """
    from carborder.audit.clock import system_clock
    from carborder.decide.scope_now import scope_of_flows
    from carborder.gateway.files import sha256_file
    from carborder.model.approval import Approval

    ws, store = _open(workspace)
    try:
        pack = ws.pack()
        if kind not in pack.meta.approval_kinds:
            raise InputError(
                Msg("err-unknown-approval-kind", kind=kind),
                hint=Msg("hint-approval-kinds", kinds=", ".join(sorted(pack.meta.approval_kinds))),
            )
        inventory = ws.inventory(pack)
        known = {f.id for f in inventory.flows}
        unknown = [f for f in flows if f not in known]
        if unknown:
            raise InputError(
                Msg("err-unknown-flows", flows=", ".join(unknown)),
                hint=(
                    Msg("hint-flows", flows=", ".join(sorted(known)))
                    if known
                    else Msg("hint-flows-none")
                ),
            )
        if evidence is not None and not evidence.is_file():
            raise InputError(Msg("err-evidence-not-found"), file=evidence)
        if scope is not None and scope_from_flow:
            raise InputError(Msg("err-scope-exclusive"), hint=Msg("hint-scope-exclusive"))
        recorded: ApprovalScope | None = None
        if scope is not None:
            recorded = read_scope(scope)
        elif scope_from_flow:
            recorded = scope_of_flows(
                inventory, flows, pack, system_clock().date(), ws.detected_facts()
            )
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
            scope=recorded,
        )
        store.add_approval(
            approval, actor=resolve_actor(actor), declared={a.id for a in inventory.approvals}
        )
        m = messages(lang.value)
        text = m("approval-recorded", id=reference, kind=kind, flows=m.join(flows))
        out_console.print(escape(text))
    finally:
        store.close()


def _state(a: Approval, end: date | None, today: date, unscoped: bool = False) -> str:
    """The approval's state on ``today``: revoked, not_yet_valid, expired, unscoped or covered.

    ``unscoped``: valid, but it covers nothing until the scope it was granted for is recorded.
    """
    if a.revoked:
        return "revoked"
    if a.issued > today:
        return "not_yet_valid"
    if end is not None and today > end:
        return "expired"
    return "unscoped" if unscoped else "covered"


def approval_rows(
    ws: Workspace, store: Store, today: date
) -> list[tuple[Approval, str, date | None, str]]:
    """Approvals with their source, last valid day (explicit or from the pack) and state."""
    from carborder.decide.approvals import needs_scope, valid_until

    pack = ws.pack()
    rows = _all(ws, store)
    out = []
    for key in sorted(rows):
        a, src = rows[key]
        end = valid_until(a, pack, today)
        out.append((a, src, end, _state(a, end, today, needs_scope(a, pack))))
    return out


@approval_app.command("list")
@handle_errors
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.audit.clock",
    "carborder.decide.approvals",
)
def list_cmd(
    workspace: WorkspaceOpt = Path("."),
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
    as_of: AsOf = None,
) -> None:
    """List approvals from the database and the inventory, with validity and state.

    Its --help (en, zh) is ``help-approval-list`` in the catalogue (help.ftl).
    """
    from carborder.audit.clock import system_clock

    today = parse_date(as_of) or system_clock().date()
    ws, store = _open(workspace)
    try:
        rows = approval_rows(ws, store, today)
    finally:
        store.close()
    if fmt == Format.JSON:
        doc = [
            {
                **a.model_dump(mode="json"),
                "source": src,
                "valid_until_effective": end.isoformat() if end else None,
                "valid_until_from": "approval" if a.valid_until else ("pack" if end else None),
                "state": state,
                "as_of": today.isoformat(),
            }
            for a, src, end, state in rows
        ]
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    m = messages(lang.value)
    pack = ws.pack()
    table = Table(title=m("approval-title"))
    for col in ("id", "kind", "flows", "issued", "valid-until", "state", "scope", "source"):
        table.add_column(m(f"approval-col-{col}"))
    for a, src, end, state in rows:
        kind = pack.meta.approval_kinds.get(a.kind)
        if a.valid_until is not None:
            until = a.valid_until.isoformat()
        elif end is not None:
            until = m("approval-valid-computed", date=end.isoformat())
        else:
            until = m("approval-valid-open")
        table.add_row(
            escape(a.id),
            escape(m.local(kind.title) if kind else a.kind),
            escape(m.join(a.flows)),
            a.issued.isoformat(),
            escape(until),
            m.term("approval-status", state),
            escape(scope_text(a.scope, m) if a.scope else m("approval-scope-none")),
            m(f"approval-source-{src}"),
        )
    out_console.print(table)
    out_console.print(DISCLAIMER[lang.value], style="dim")


@approval_app.command("show")
@handle_errors
@runs_on("carborder.store.repository", "carborder.workspace.config")
def show_cmd(
    reference: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = Lang.EN,
) -> None:
    """Show one approval as JSON.

    Its --help (en, zh) is ``help-approval-show`` in the catalogue (help.ftl).
    """
    ws, store = _open(workspace)
    try:
        rows = _all(ws, store)
    finally:
        store.close()
    if reference not in rows:
        raise InputError(
            Msg("err-no-approval", approval=reference), hint=Msg("hint-carborder-approval-list")
        )
    a, src = rows[reference]
    typer.echo(
        json.dumps({**a.model_dump(mode="json"), "source": src}, ensure_ascii=False, indent=2)
    )


@approval_app.command("scope")
@handle_errors
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.audit.clock",
    "carborder.decide.scope_now",
    "carborder.gateway.files",
)
def scope_cmd(
    reference: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    scope: Annotated[
        Path | None,
        typer.Option("--scope"),
    ] = None,
    scope_from_flow: Annotated[
        bool,
        typer.Option("--scope-from-flow"),
    ] = False,
    as_of: AsOf = None,
    actor: ActorOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Record the scope an existing approval was granted for (once; audited).

    Its --help (en, zh) is ``help-approval-scope`` in the catalogue (help.ftl).
    """
    from carborder.audit.clock import system_clock
    from carborder.decide.scope_now import scope_of_flows
    from carborder.gateway.files import sha256_file

    if (scope is None) == (not scope_from_flow):
        raise InputError(Msg("err-scope-exactly-one"), hint=Msg("hint-scope-exactly-one"))
    day = parse_date(as_of) or system_clock().date()
    ws, store = _open(workspace)
    try:
        rows = _all(ws, store)
        if reference not in rows:
            raise InputError(
                Msg("err-no-approval", approval=reference),
                hint=Msg("hint-carborder-approval-list"),
            )
        approval, src = rows[reference]
        if src == "inventory":
            raise InputError(
                Msg("err-approval-in-inventory", approval=reference),
                hint=Msg("hint-approval-scope-block"),
            )
        if scope is not None:
            recorded = read_scope(scope)
            source = f"file {scope.name} sha256:{sha256_file(scope)}"
        else:
            pack = ws.pack()
            recorded = scope_of_flows(
                ws.inventory(pack), approval.flows, pack, day, ws.detected_facts()
            )
            source = f"flows {', '.join(approval.flows)} as of {day.isoformat()}"
        store.record_approval_scope(reference, recorded, actor=resolve_actor(actor), source=source)
    finally:
        store.close()
    m = messages(lang.value)
    out_console.print(escape(m("approval-scoped", id=reference)))
    out_console.print(escape(scope_text(recorded, m)))


@approval_app.command("revoke")
@handle_errors
@runs_on("carborder.store.repository", "carborder.workspace.config")
def revoke_cmd(
    reference: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    reason: Annotated[str | None, typer.Option("--reason")] = None,
    actor: ActorOpt = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Mark an approval revoked (exports it covered are refused from now on).

    Its --help (en, zh) is ``help-approval-revoke`` in the catalogue (help.ftl).
    """
    _ws, store = _open(workspace)
    try:
        store.revoke_approval(reference, actor=resolve_actor(actor), reason=reason)
    finally:
        store.close()
    out_console.print(escape(messages(lang.value)("approval-revoked-done", id=reference)))


def register(app: typer.Typer) -> None:
    """Add the ``approval`` command group."""
    app.add_typer(approval_app, name="approval")
