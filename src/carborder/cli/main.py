"""The carborder command: thin commands over the Python API."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from carborder.cli.errors import json_requested, usage_error_json, wrap_commands

__all__ = ["app", "main"]

_HELP = """\
carborder — move vehicle data out of China lawfully, quickly and provably.

rulebook (regulations as cited data) → inventory (assets, recipients, flows) → scan (facts
from real data) → decide (pathway, obligations, deadlines, cited trace) → export gateway
(de-identify, verify, sign, audit) → reports.

Start with `carborder demo`, or `carborder init DIR` then `carborder assess --workspace DIR`.
carborder supports compliance work; it is not legal advice. 本工具辅助合规工作，不构成法律意见。
"""


class _Carborder(TyperGroup):
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
            sys.exit(usage_error_json(exc))
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=_Carborder,
    help=_HELP,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

#: Command modules, each exposing ``register(app)``; order is the order in --help.
_COMMANDS = (
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


def _load() -> None:
    for name in _COMMANDS:
        qualified = f"carborder.cli.commands.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:
                raise
            continue  # an optional command group not installed in this build
        module.register(app)
    wrap_commands(app)


_load()


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
