"""click's usage errors (unknown option, missing argument, bad value...) in the reader's language.

click words its errors in English as it raises them; a command run with ``--lang zh`` (or
``carborder --lang zh``, ``CARBORDER_LANG=zh``) gets them from the catalogue instead
(``usage-*`` messages), with the parts a person typed (option names, values) kept as typed.
A value's own reason that the catalogue does not know (a type's message) stays as click said it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
    _join_param_hints,
)

from carborder.i18n import Messages

__all__ = ["LocalizedUsageError", "kept_error_chrome", "localized"]


class LocalizedUsageError(UsageError):
    """A usage error already worded from the catalogue."""


#: click's and typer's wordings of the errors that carry no structure, and their messages.
#: typer's error panel title and "Try --help" line as :func:`localized` first found them.
_PRISTINE: dict[str, tuple[str, str]] = {}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Option (?P<name>.+) requires an argument\.$"), "usage-needs-value"),
    (re.compile(r"Option (?P<name>.+) requires (?P<n>\d+) arguments\.$"), "usage-needs-values"),
    (re.compile(r"Option (?P<name>.+) does not take a value\.$"), "usage-takes-no-value"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$"), "usage-extra-arguments"),
    (re.compile(r"No such command (?P<name>'.*?')\.$"), "usage-no-such-command"),
    (
        re.compile(r"No such command (?P<name>'.*?')\. Did you mean (?P<names>.*)\?$"),
        "usage-no-such-command-suggest",
    ),
    (re.compile(r"Missing command\.$"), "usage-missing-command"),
)
#: Reasons a value was refused (typer's converters), by message.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.$"),
        "usage-not-one-of",
    ),
    (re.compile(r"Input should be a valid integer"), "usage-not-integer"),
    (re.compile(r"Input should be a valid number"), "usage-not-number"),
    (re.compile(r"Input should be a valid boolean"), "usage-not-boolean"),
)


def _matched(
    text: str, patterns: tuple[tuple[re.Pattern[str], str], ...], m: Messages
) -> str | None:
    for pattern, msg_id in patterns:
        found = pattern.match(text)
        if found:
            return m(msg_id, **found.groupdict())
    return None


def _hint(exc: BadParameter) -> str | None:
    hint = exc.param_hint if exc.param_hint is not None else None
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    return _join_param_hints(hint) if hint else None


def _worded(exc: UsageError, m: Messages) -> str | None:
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        msg_id = f"usage-missing-{kind}"
        hint = _hint(exc)
        if hint and m.has(msg_id) and not exc.message:
            return m(msg_id, name=hint)
        return None
    if isinstance(exc, BadParameter):
        reason = _matched(exc.message, _REASONS, m) or exc.message
        hint = _hint(exc)
        return m("usage-invalid-value", name=hint, reason=reason) if hint else None
    if isinstance(exc, NoSuchOption):
        text = m("usage-no-such-option", name=exc.option_name)
        if exc.possibilities:
            text += " " + m("usage-possible-options", names=m.join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, BadOptionUsage) or type(exc) is UsageError:
        return _matched(exc.message, _PATTERNS, m)
    return None


def localized(exc: UsageError, m: Messages) -> UsageError:
    """``exc`` worded from ``m``'s catalogue (``exc`` itself when there is nothing to reword)."""
    if isinstance(exc, NoArgsIsHelpError | LocalizedUsageError):
        return exc
    text = _worded(exc, m)
    if text is None:
        return exc
    import typer.rich_utils as rich_utils  # typer prints the error with it anyway

    _PRISTINE.setdefault("chrome", (rich_utils.ERRORS_PANEL_TITLE, rich_utils.RICH_HELP))
    rich_utils.ERRORS_PANEL_TITLE = m("usage-error-title")
    rich_utils.RICH_HELP = m("usage-try-help", command="{command_path}", option="{help_option}")
    worded = LocalizedUsageError(text, exc.ctx)
    worded.exit_code = exc.exit_code
    return worded


@contextmanager
def kept_error_chrome() -> Iterator[None]:
    """Put typer's error panel title and "Try --help" line back after a command line has run.

    typer prints a usage error after the command's code has returned, from module globals:
    :func:`localized` sets them for that print, and this puts them back (tests run many
    command lines in one process). typer's rich module (with rich's Markdown and Pygments)
    is not imported for this: a command line that prints no usage error never loads it, and
    one loaded meanwhile gets back the values :func:`localized` found.
    """
    rich_utils: Any = sys.modules.get("typer.rich_utils")
    saved = (rich_utils.ERRORS_PANEL_TITLE, rich_utils.RICH_HELP) if rich_utils else None
    try:
        yield
    finally:
        rich_utils = sys.modules.get("typer.rich_utils")
        kept = saved or _PRISTINE.get("chrome")
        if rich_utils is not None and kept is not None:
            rich_utils.ERRORS_PANEL_TITLE, rich_utils.RICH_HELP = kept
