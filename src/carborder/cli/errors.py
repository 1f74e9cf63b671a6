"""Map errors to one clear message and an exit code, never a traceback.

Every command runs inside :func:`handle_errors`: a :class:`~carborder.errors.CarborderError`
becomes ``error: file:line: message → hint`` on stderr (exit 2 for bad input, 1 for a refusal
or a failed check); with ``--format json`` it becomes ``{"error": {...}}`` on stdout with the
same exit code, so programs never have to parse prose. An unreadable file (``OSError``) is bad
input too. Anything else is a bug: one line naming it, exit 3, and the traceback only when
``CARBORDER_DEBUG`` is set.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, TypeVar

import typer
from rich.markup import escape

from carborder.cli.exit_codes import ExitCode
from carborder.cli.output import err_console
from carborder.errors import CarborderError, InputError, Msg
from carborder.i18n import Lang, messages
from carborder.safety.oserrors import input_error_from_os
from carborder.safety.text import printable

__all__ = [
    "emit_error",
    "error_json",
    "handle_errors",
    "json_requested",
    "usage_error_json",
    "wrap_commands",
]

F = TypeVar("F", bound=Callable[..., Any])


def error_json(exc: CarborderError, lang: str = Lang.EN.value) -> dict[str, Any]:
    """The JSON body of an error: message, file, line, hint (and key, code), in ``lang``."""
    message, hint = exc.localized(lang if lang in ("en", "zh") else "en")
    return {
        "error": {
            "message": message,
            "file": exc.file,
            "line": exc.line,
            "hint": hint,
            "key": exc.key,
            "code": exc.code,
        }
    }


def _option_value(value: Any) -> str | None:
    if isinstance(value, Enum):
        return str(value.value)
    return value if isinstance(value, str) else None


def emit_error(exc: CarborderError, *, as_json: bool, lang: str = Lang.EN.value) -> int:
    """Print ``exc`` for a person (stderr) or a program (JSON on stdout); return the exit code."""
    code = ExitCode.BAD_INPUT if isinstance(exc, InputError) else ExitCode.REFUSED
    lang = lang if lang in ("en", "zh") else "en"
    if as_json:
        sys.stdout.write(json.dumps(error_json(exc, lang), ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
    else:
        m = messages(lang)
        label = m("label-error") if isinstance(exc, InputError) else m("label-refused")
        # messages may quote file content: control bytes are escaped, never sent to the terminal
        text = escape(printable(exc.render(lang)))
        err_console.print(f"[bold red]{label}:[/] {text}", highlight=False)
    return int(code)


def _from_os_error(exc: OSError) -> CarborderError:
    # the input-safety layer words it: what the system said, plainly, and what to do
    return input_error_from_os(exc)


def _internal(exc: BaseException, *, as_json: bool, lang: str = Lang.EN.value) -> int:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f"{os.path.basename(where.filename)}:{where.lineno}" if where else ""
    m = messages(lang if lang in ("en", "zh") else "en")
    # the exception's own words are quoted detail: a developer reads them
    message = m(
        "err-internal-at" if at else "err-internal", kind=type(exc).__name__, at=at, detail=str(exc)
    )
    hint = m("hint-internal")
    if os.environ.get("CARBORDER_DEBUG"):
        traceback.print_exception(exc)
    if as_json:
        body = {"error": {"message": message, "file": None, "line": None, "hint": hint}}
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
    else:
        err_console.print(f"[bold red]{escape(message)}[/]\n  → {escape(hint)}", highlight=False)
    return 3


def handle_errors(func: F) -> F:
    """Decorate a command so that errors become one message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = _option_value(kwargs.get("fmt")) == "json"
        lang = _option_value(kwargs.get("lang")) or Lang.EN.value
        try:
            return func(*args, **kwargs)
        except CarborderError as exc:
            raise typer.Exit(emit_error(exc, as_json=as_json, lang=lang)) from None
        except OSError as exc:
            raise typer.Exit(emit_error(_from_os_error(exc), as_json=as_json, lang=lang)) from None
        except typer.BadParameter as exc:
            if not as_json:
                raise
            err = InputError(exc.format_message())
            raise typer.Exit(emit_error(err, as_json=True)) from None
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise typer.Exit(_internal(exc, as_json=as_json, lang=lang)) from None

    return wrapper  # type: ignore[return-value]


def usage_error_json(exc: typer.TyperException, lang: str = Lang.EN.value) -> int:
    """Print a usage error (unknown option, bad value) as a JSON error; return its exit code.

    The message is click's, already worded in ``lang`` by the usage-error layer; the hint
    comes from the catalogue.
    """
    message = getattr(exc, "format_message", lambda: str(exc))()
    code = int(getattr(exc, "exit_code", ExitCode.BAD_INPUT))
    err = InputError(message, hint=Msg("hint-see-help"))
    emit_error(err, as_json=True, lang=lang)
    return code


def json_requested(args: Sequence[str]) -> bool:
    """Whether a command line asks for ``--format json`` (in any of its spellings)."""
    for i, arg in enumerate(args):
        if arg in ("--format", "-f") and i + 1 < len(args) and args[i + 1] == "json":
            return True
        if arg in ("--format=json", "-fjson"):
            return True
    return False


def wrap_commands(app: typer.Typer) -> None:
    """Apply :func:`handle_errors` to every command of an app and its sub-apps."""
    for cmd in app.registered_commands:
        if cmd.callback is not None and not getattr(cmd.callback, "__wrapped__", None):
            cmd.callback = handle_errors(cmd.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            wrap_commands(group.typer_instance)
