"""The typer groups behind ``carborder``: the whole app, and the group the console script runs.

:mod:`carborder.cli.main` imports this module only when a command line runs (or ``app`` is
asked for), so the console script can pause the garbage collector around these imports.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
import typer.main
from typer import _click as click  # the click typer bundles (its groups are built on it)
from typer.core import TyperCommand, TyperGroup

from carborder.cli.errors import json_requested, usage_error_json, wrap_commands
from carborder.cli.helptext import HelpGroup, teach_help
from carborder.cli.options import Lang, LangOpt
from carborder.cli.startup import starting

__all__ = ["COMMANDS", "INDEX", "full_app", "on_demand_group"]


class _Carborder(HelpGroup):
    """The top-level group: with ``--format json``, usage errors are JSON errors too."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode or not json_requested(argv):
            return super().main(
                argv, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            rv = super().main(argv, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as exc:
            from carborder.cli.helptext import env_lang, lang_in_words

            lang = lang_in_words(argv) or env_lang() or Lang.EN
            sys.exit(usage_error_json(exc, lang.value))
        sys.exit(rv if isinstance(rv, int) else 0)


class _OnDemand(_Carborder):
    """The group the ``carborder`` command runs: a command's module loads when it is used.

    Importing all command modules (and through them the gateway, store, filings, web)
    cost seconds of every one-shot command. Listing them (``carborder --help``) loads none:
    a listed command's line is its help text from the catalogue, as for every command, and
    its name comes from :data:`INDEX` (a test renders the listing both ways and compares).
    """

    #: Called when the command is about to run, once it has imported what it runs on: the
    #: end of the command line's start-up (:mod:`carborder.cli.startup`).
    started: Callable[[], None] | None = None
    #: While this group's help is rendered: the listed commands not loaded, by name.
    _listing: dict[str, click.Command] | None = None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in INDEX if _present(INDEX[name])]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help with its listing of commands, no command module imported for it."""
        self._listing = {}
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if self._listing is not None and cmd_name not in self.commands and cmd_name in INDEX:
            # only its name and its help (which the listing fills in from the catalogue)
            return self._listing.setdefault(cmd_name, TyperCommand(cmd_name))
        if cmd_name not in self.commands and cmd_name in INDEX and _present(INDEX[cmd_name]):
            built = _build((INDEX[cmd_name],))
            if self.started is not None:
                _start_when_run(built, self.started)
            loaded = typer.main.get_group(built)
            for name, command in loaded.commands.items():
                self.commands.setdefault(name, command)
        return self.commands.get(cmd_name)


def _root(lang: LangOpt = Lang.EN) -> None:
    """``carborder --lang``: the language of help and the default ``--lang`` of every command.

    Nothing to do here: commands read it through their context (see ``cli.helptext``).
    """


def _typer(cls: type[TyperGroup]) -> typer.Typer:
    # help texts come from the catalogue (help.ftl), in the language asked for
    built = typer.Typer(
        cls=cls, no_args_is_help=True, rich_markup_mode="rich", pretty_exceptions_enable=False
    )
    built.callback()(_root)
    return built


#: Command modules, each exposing ``register(app)``; order is the order in --help.
COMMANDS = (
    "decide",
    "workspace",
    "rulebook",
    "demo",
    "scan",
    "inspect",
    "plan",
    "export",
    "deid",
    "approval",
    "manifest",
    "audit",
    "filing",
    "key",
    "serve",
    "user",
    "token",
)

#: Top-level command (or group) name -> the module in ``COMMANDS`` that registers it, in
#: --help order (typer lists commands, then groups); a test checks it against what the modules register.
INDEX: dict[str, str] = {
    "decide": "decide",
    "init": "workspace",
    "assess": "workspace",
    "explain": "workspace",
    "demo": "demo",
    "scan": "scan",
    "inspect": "inspect",
    "plan": "plan",
    "export": "export",
    "serve": "serve",
    "rulebook": "rulebook",
    "deid": "deid",
    "approval": "approval",
    "manifest": "manifest",
    "audit": "audit",
    "filing": "filing",
    "key": "key",
    "user": "user",
    "token": "token",
}


def _qualified(module: str) -> str:
    return f"carborder.cli.commands.{module}"


def _present(module: str) -> bool:
    # An optional command module left out of this build is not listed (nor an error).
    return importlib.util.find_spec(_qualified(module)) is not None


def _build(modules: Sequence[str], cls: type[TyperGroup] = HelpGroup) -> typer.Typer:
    """A Typer app with the commands of ``modules`` registered (errors handled)."""
    built = _typer(cls)
    for name in modules:
        if _present(name):
            importlib.import_module(_qualified(name)).register(built)
    wrap_commands(built)
    teach_help(built)
    return built


def full_app() -> typer.Typer:
    """Every command registered: for tests and introspection."""
    return _build(COMMANDS, _Carborder)


def _start_when_run(app: typer.Typer, started: Callable[[], None]) -> None:
    """Have every command of ``app`` (and its sub-apps) call ``started`` as it begins to run."""
    for cmd in app.registered_commands:
        if cmd.callback is not None:
            cmd.callback = starting(cmd.callback, started)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _start_when_run(group.typer_instance, started)


def on_demand_group(started: Callable[[], None] | None = None) -> TyperGroup:
    """The console script's group; ``started`` runs when the command is about to run."""
    group = typer.main.get_group(_typer(_OnDemand))
    group.params += typer.main.get_install_completion_arguments()  # as typer adds them to `app`
    if isinstance(group, _OnDemand):
        group.started = started
    return group
