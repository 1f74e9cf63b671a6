"""``carborder token create|list|revoke``: API tokens for programs (stored hashed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from carborder.cli.commands.user import cli_actor, open_accounts
from carborder.cli.errors import handle_errors
from carborder.cli.options import Format, FormatOpt, LangOpt, WorkspaceOpt
from carborder.cli.output import err_console, out_console
from carborder.cli.startup import runs_on
from carborder.i18n import Lang, messages

__all__ = ["register", "token_app"]

token_app = typer.Typer()


@token_app.command("create")
@handle_errors
@runs_on("carborder.store.repository", "carborder.web.db.accounts", "carborder.workspace.config")
def create_cmd(
    name: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    label: Annotated[str, typer.Option("--label")] = "api",
    expires_days: Annotated[int | None, typer.Option("--expires-days", min=1)] = None,
    lang: LangOpt = Lang.EN,
) -> None:
    """Issue a token for a user; the token is printed once, as the last line.

    Its --help (en, zh) is ``help-token-create`` in the catalogue (help.ftl).
    """
    accounts, store = open_accounts(workspace)
    try:
        info, secret = accounts.create_token(
            name, label=label, actor=cli_actor(), expires_days=expires_days
        )
    finally:
        store.close()
    err_console.print(
        messages(lang.value)("token-created", id=info.id, user=info.user, label=info.label),
        highlight=False,
        markup=False,
    )
    typer.echo(secret)


@token_app.command("list")
@handle_errors
@runs_on("carborder.store.repository", "carborder.web.db.accounts", "carborder.workspace.config")
def list_cmd(
    workspace: WorkspaceOpt = Path("."), fmt: FormatOpt = Format.TABLE, lang: LangOpt = Lang.EN
) -> None:
    """List tokens (ids and owners, never the secrets); state is active, expired or revoked.

    Its --help (en, zh) is ``help-token-list`` in the catalogue (help.ftl).
    """
    accounts, store = open_accounts(workspace)
    try:
        tokens = accounts.tokens()
        now = accounts.now()
    finally:
        store.close()
    if fmt == Format.JSON:
        typer.echo(json.dumps([t.__dict__ for t in tokens], ensure_ascii=False, indent=2))
        return
    m = messages(lang.value)
    table = Table(title=m("token-title"))
    for col in ("id", "user", "label", "created", "expires", "last-used", "state"):
        table.add_column(m(f"token-col-{col}"))
    for t in tokens:
        expired = t.expires is not None and t.expires <= now
        state = "revoked" if t.revoked else "expired" if expired else "active"
        table.add_row(
            t.id,
            t.user,
            t.label,
            t.created[:19],
            (t.expires or "—")[:19],
            (t.last_used or "—")[:19],
            m(f"token-state-{state}"),
        )
    out_console.print(table)


@token_app.command("revoke")
@handle_errors
@runs_on("carborder.store.repository", "carborder.web.db.accounts", "carborder.workspace.config")
def revoke_cmd(
    token_id: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = Lang.EN,
) -> None:
    """Revoke a token; the server refuses it from now on.

    Its --help (en, zh) is ``help-token-revoke`` in the catalogue (help.ftl).
    """
    accounts, store = open_accounts(workspace)
    try:
        accounts.revoke_token(token_id, actor=cli_actor())
    finally:
        store.close()
    out_console.print(messages(lang.value)("token-revoked-done", id=token_id))


def register(app: typer.Typer) -> None:
    """Add the ``token`` command group."""
    app.add_typer(token_app, name="token")
