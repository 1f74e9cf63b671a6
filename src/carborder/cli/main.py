"""The carborder command: thin commands over the Python API.

This module imports nothing heavy: :func:`main` imports the command line's machinery (typer,
rich, the catalogue) and the one command it runs while the garbage collector is paused
(:mod:`carborder.cli.startup` says why); ``app`` (every command) is built when first asked for.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from carborder.cli.startup import collector_paused
from carborder.memory import keep_freed_memory

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]

app: typer.Typer
"""Every command registered (loaded on first access): for tests and introspection."""


def __getattr__(name: str) -> typer.Typer:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from carborder.cli.groups import full_app

    full = full_app()
    globals()["app"] = full
    return full


def main() -> None:
    """Console-script entry point: loads only the command it runs."""
    keep_freed_memory()  # before pyarrow loads (carborder.memory says why)
    with collector_paused() as started:
        from carborder.cli.groups import on_demand_group

        sys.exit(on_demand_group(started=started)())
