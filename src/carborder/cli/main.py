"""The carborder command: thin commands over the Python API."""

from __future__ import annotations

import importlib
import sys

import typer

from carborder.cli.errors import wrap_commands

__all__ = ["app", "main"]

_HELP = """\
carborder — move vehicle data out of China lawfully, quickly and provably.

rulebook (regulations as cited data) → inventory (assets, recipients, flows) → scan (facts
from real data) → decide (pathway, obligations, deadlines, cited trace) → export gateway
(de-identify, verify, sign, audit) → reports.

Start with `carborder demo`, or `carborder init DIR` then `carborder assess --workspace DIR`.
carborder supports compliance work; it is not legal advice. 本工具辅助合规工作，不构成法律意见。
"""

app = typer.Typer(
    help=_HELP, no_args_is_help=True, rich_markup_mode="rich", pretty_exceptions_enable=False
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
    "approval",
    "manifest",
    "audit",
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
