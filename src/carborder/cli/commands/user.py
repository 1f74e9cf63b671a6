"""``carborder user add|list|disable``: people and programs allowed to use the server."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from carborder.cli.errors import handle_errors
from carborder.cli.options import Format, FormatOpt, LangOpt, WorkspaceOpt, resolve_actor
from carborder.cli.output import out_console
from carborder.cli.startup import runs_on
from carborder.errors import InputError, Msg
from carborder.i18n import Lang, Messages, messages

if TYPE_CHECKING:
    from carborder.store.repository import Store
    from carborder.web.db.accounts import Accounts

__all__ = ["cli_actor", "open_accounts", "register", "role_name", "user_app"]

user_app = typer.Typer()

#: Where `user add` reads the password from, when set (else it asks).
PASSWORD_ENV = "CARBORDER_PASSWORD"


def cli_actor() -> str:
    """Who acts from the command line (recorded in the audit chain): the OS user."""
    return resolve_actor(None)


def role_name(role: str, m: Messages) -> str:
    """A role for people: its name in Chinese, its identifier (what --role takes) in English."""
    return m.term("web-role", role) if m.zh else role


def open_accounts(workspace: Path) -> tuple[Accounts, Store]:
    """The workspace's accounts and its store (close the store when done)."""
    from carborder.store.repository import Store
    from carborder.web.db.accounts import Accounts
    from carborder.workspace.config import Workspace

    ws = Workspace.open(workspace)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    return Accounts(store), store


@user_app.command("add")
@handle_errors
@runs_on("carborder.store.repository", "carborder.web.db.accounts", "carborder.workspace.config")
def add_cmd(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option("--role")],
    workspace: WorkspaceOpt = Path("."),
    display_name: Annotated[str | None, typer.Option("--display-name")] = None,
    no_password: Annotated[
        bool,
        typer.Option("--no-password"),
    ] = False,
    lang: LangOpt = Lang.EN,
) -> None:
    """Add a user; the password comes from $CARBORDER_PASSWORD or a prompt (asked twice).

    Its --help (en, zh) is ``help-user-add`` in the catalogue (help.ftl).
    """
    m = messages(lang.value)
    password: str | None = None
    if not no_password:
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            if not os.isatty(0):
                raise InputError(
                    Msg("err-no-password", var=f"${PASSWORD_ENV}"), hint=Msg("hint-no-password")
                )
            password = typer.prompt(
                m("user-password-prompt"), hide_input=True, confirmation_prompt=True
            )
    accounts, store = open_accounts(workspace)
    try:
        user = accounts.add_user(
            name, role, password=password, actor=cli_actor(), display_name=display_name
        )
    finally:
        store.close()
    kind = m("user-kind-password" if user.has_password else "user-kind-token-only")
    out_console.print(m("user-added", name=user.name, role=role_name(user.role, m), kind=kind))


@user_app.command("list")
@handle_errors
@runs_on("carborder.store.repository", "carborder.web.db.accounts", "carborder.workspace.config")
def list_cmd(
    workspace: WorkspaceOpt = Path("."), fmt: FormatOpt = Format.TABLE, lang: LangOpt = Lang.EN
) -> None:
    """List users with role and state.

    Its --help (en, zh) is ``help-user-list`` in the catalogue (help.ftl).
    """
    accounts, store = open_accounts(workspace)
    try:
        users = accounts.users()
    finally:
        store.close()
    if fmt == Format.JSON:
        typer.echo(json.dumps([u.__dict__ for u in users], ensure_ascii=False, indent=2))
        return
    m = messages(lang.value)
    table = Table(title=m("user-title"))
    for col in ("name", "role", "state", "password", "last-login", "created-by"):
        table.add_column(m(f"user-col-{col}"))
    for u in users:
        table.add_row(
            u.name,
            role_name(u.role, m),
            m("user-state-disabled" if u.disabled else "user-state-active"),
            m("user-password-yes" if u.has_password else "user-password-token-only"),
            (u.last_login or "—")[:19],
            u.created_by,
        )
    out_console.print(table)


@user_app.command("disable")
@handle_errors
@runs_on("carborder.store.repository", "carborder.web.db.accounts", "carborder.workspace.config")
def disable_cmd(
    name: Annotated[str, typer.Argument()],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = Lang.EN,
) -> None:
    """Disable a user: sessions end now and its tokens stop working.

    Its --help (en, zh) is ``help-user-disable`` in the catalogue (help.ftl).
    """
    accounts, store = open_accounts(workspace)
    try:
        accounts.disable_user(name, actor=cli_actor())
    finally:
        store.close()
    out_console.print(messages(lang.value)("user-disabled-done", name=name))


def register(app: typer.Typer) -> None:
    """Add the ``user`` command group."""
    app.add_typer(user_app, name="user")
