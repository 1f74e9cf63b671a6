"""Map carborder errors to one clear message on stderr and an exit code, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.markup import escape

from carborder.cli.exit_codes import ExitCode
from carborder.cli.output import err_console
from carborder.errors import CarborderError, InputError

__all__ = ["handle_errors", "wrap_commands"]

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Decorate a command: CarborderError → message + exit 2 (bad input) or 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CarborderError as exc:
            label = "error" if isinstance(exc, InputError) else "refused"
            err_console.print(f"[bold red]{label}:[/] {escape(exc.render())}", highlight=False)
            code = ExitCode.BAD_INPUT if isinstance(exc, InputError) else ExitCode.REFUSED
            raise typer.Exit(int(code)) from None

    return wrapper  # type: ignore[return-value]


def wrap_commands(app: typer.Typer) -> None:
    """Apply :func:`handle_errors` to every command of an app and its sub-apps."""
    for cmd in app.registered_commands:
        if cmd.callback is not None and not getattr(cmd.callback, "__wrapped__", None):
            cmd.callback = handle_errors(cmd.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            wrap_commands(group.typer_instance)
