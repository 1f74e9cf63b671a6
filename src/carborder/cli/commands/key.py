"""``carborder key generate|rotate|show-id``: the workspace's signing, pseudonym and counter keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from carborder.cli.errors import handle_errors
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
from carborder.i18n import Lang, Messages, messages
from carborder.workspace.keys import KeyKind

if TYPE_CHECKING:
    from carborder.audit.events import KeyGenerated, KeyRotated
    from carborder.workspace.config import Workspace
    from carborder.workspace.keys import KeyInfo

__all__ = ["key_app", "key_note", "register"]

key_app = typer.Typer()

KindOpt = Annotated[
    list[KeyKind] | None,
    typer.Option("--kind", "-k"),
]


def key_note(i: KeyInfo, m: Messages) -> str:
    """The key's note from the catalogue: the same facts (counts, override) in every language."""
    from carborder.deid.keys import ENV_VAR

    if i.kind == KeyKind.SIGNING:
        return m("key-note-signing" if i.key_id else "key-note-signing-none")
    if i.kind == KeyKind.PSEUDONYM:
        note = m("key-note-pseudonym", n=i.keys_in_folder or 0)
        if i.env_key_id is not None:
            note += m("key-note-pseudonym-env", var=f"${ENV_VAR}", key=i.env_key_id)
        return note
    return m(f"key-note-{i.kind.value}")


def _table(infos: list[KeyInfo], m: Messages) -> Table:
    table = Table(title=m("key-title"))
    for col in ("kind", "key-id", "fingerprint", "status", "note"):
        table.add_column(m(f"key-col-{col}"), overflow="fold")
    for i in infos:
        status = "created" if i.created else ("present" if i.key_id else "missing")
        table.add_row(
            m(f"key-kind-{i.kind.value}"),
            i.key_id or "—",
            i.fingerprint or "—",
            m(f"key-status-{status}"),
            key_note(i, m),
        )
    return table


def _audit(ws: Workspace, events: list[KeyGenerated | KeyRotated], actor: str | None) -> None:
    from carborder.store.repository import Store

    if not events:
        return
    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        for event in events:
            store.record_event(event, actor=resolve_actor(actor))
    finally:
        store.close()


@key_app.command("generate")
@handle_errors
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.audit.events",
    "carborder.workspace.keys",
)
def generate_cmd(
    workspace: WorkspaceOpt = Path("."),
    kinds: KindOpt = None,
    actor: ActorOpt = None,
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
) -> None:
    """Create the workspace's missing keys (existing keys are kept, never replaced).

    Its --help (en, zh) is ``help-key-generate`` in the catalogue (help.ftl).
    """
    from carborder.audit.events import KeyGenerated
    from carborder.workspace.config import Workspace
    from carborder.workspace.keys import generate_keys

    ws = Workspace.open(workspace)
    infos = generate_keys(ws.root, list(kinds) if kinds else None)
    made = [i for i in infos if i.created and i.key_id]
    _audit(ws, [KeyGenerated(kind=i.kind.value, key_id=i.key_id or "") for i in made], actor)
    if fmt == Format.JSON:
        typer.echo(json.dumps([i.to_json() for i in infos], indent=2))
        return
    out_console.print(_table(infos, messages(lang.value)))


@key_app.command("rotate")
@handle_errors
@runs_on(
    "carborder.store.repository",
    "carborder.workspace.config",
    "carborder.audit.events",
    "carborder.workspace.keys",
)
def rotate_cmd(
    kind: Annotated[KeyKind, typer.Option("--kind", "-k")],
    workspace: WorkspaceOpt = Path("."),
    actor: ActorOpt = None,
    fmt: FormatOpt = Format.TABLE,
    lang: LangOpt = Lang.EN,
) -> None:
    """Replace one key with a new one (audited).

    Its --help (en, zh) is ``help-key-rotate`` in the catalogue (help.ftl).
    """
    from carborder.audit.events import KeyRotated
    from carborder.workspace.config import Workspace
    from carborder.workspace.keys import rotate_key

    ws = Workspace.open(workspace)
    old, info = rotate_key(ws.root, kind)
    _audit(ws, [KeyRotated(kind=kind.value, old_key_id=old, new_key_id=info.key_id or "")], actor)
    if fmt == Format.JSON:
        typer.echo(json.dumps({"old_key_id": old, **info.to_json()}, indent=2))
        return
    m = messages(lang.value)
    out_console.print(
        m(
            "key-rotated",
            kind=m(f"key-kind-{kind.value}"),
            old=old or m("key-none"),
            new=str(info.key_id),
        )
    )


@key_app.command("show-id")
@handle_errors
@runs_on("carborder.workspace.config", "carborder.workspace.keys")
def show_id_cmd(
    workspace: WorkspaceOpt = Path("."), fmt: FormatOpt = Format.TABLE, lang: LangOpt = Lang.EN
) -> None:
    """Show the key ids and the public signing key to publish (secrets are never shown).

    Its --help (en, zh) is ``help-key-show-id`` in the catalogue (help.ftl).
    """
    from carborder.workspace.config import Workspace
    from carborder.workspace.keys import key_infos

    ws = Workspace.open(workspace)
    infos = key_infos(ws.root)
    if fmt == Format.JSON:
        typer.echo(json.dumps([i.to_json() for i in infos], indent=2))
        return
    out_console.print(_table(infos, messages(lang.value)))
    signing = infos[0]
    if signing.public_pem:
        out_console.print(messages(lang.value)("key-public", path=str(signing.path)))
        out_console.print(signing.public_pem.rstrip(), highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``key`` command group."""
    app.add_typer(key_app, name="key")
