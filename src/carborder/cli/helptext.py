"""``--help`` in the reader's language: every command's help comes from the message catalogue.

Help texts are data (``locales/<lang>/help.ftl``), looked up by command path and parameter
name, so that the English and the Chinese help of a command are kept side by side and a test
catches a command or option without one. For the command ``carborder key show-id``:

- ``help-key-show-id`` is the command's help (first paragraph: its line in the listing);
- its attribute ``.workspace`` is the help of ``--workspace`` (the parameter's name), falling
  back to ``help-common.workspace`` for options that read the same everywhere;
- its attribute ``.epilog`` is the text after the options.

The root's help is ``help-carborder``. The language of help is, first to last: ``--lang`` given
to the command itself, ``--lang`` given to ``carborder`` before the command, the
``CARBORDER_LANG`` environment variable, English. ``carborder --lang zh`` and
``CARBORDER_LANG`` are also every command's default ``--lang`` (a command's own ``--lang``
wins), so one setting gives Chinese help and Chinese output.

Click reads ``--help`` eagerly, before ``--lang`` is converted, so each command reads its own
``--lang`` with its own option parser (the same parser click runs next) when it parses its
arguments.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from rich.highlighter import Highlighter
from rich.text import Text
from typer import _click as click
from typer._click.exceptions import UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import DefaultPlaceholder

from carborder.cli.usage_errors import kept_error_chrome, localized
from carborder.i18n import Lang, Messages, messages

__all__ = [
    "LANG_ENV",
    "ROOT_ID",
    "HelpCommand",
    "HelpContext",
    "HelpGroup",
    "command_path",
    "help_id",
    "help_lang",
    "teach_help",
]

#: Environment variable with the default language of help and output.
LANG_ENV = "CARBORDER_LANG"
#: Message id of the root command's help.
ROOT_ID = "help-carborder"
#: Message whose attributes are the help of options shared by many commands.
COMMON_ID = "help-common"
#: Attribute of a command's message holding the text printed after its options.
EPILOG = "epilog"
_META = "carborder.lang"  # the language of help: the last --lang read on the way down
_META_ROOT = "carborder.lang.root"  # carborder --lang: the default of the commands' --lang


def help_id(path: Sequence[str]) -> str:
    """The message id of a command's help: ``("key", "show-id")`` → ``help-key-show-id``."""
    return "-".join(("help", *path)) if path else ROOT_ID


def command_path(ctx: click.Context) -> tuple[str, ...]:
    """The names from ``carborder`` down to this context's command (the root is ``()``)."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return tuple(reversed(names))


def _lang(value: Any) -> Lang | None:
    text = str(getattr(value, "value", value)) if value is not None else ""
    return Lang(text) if text in Lang.__members__.values() else None


def env_lang() -> Lang | None:
    """The language ``CARBORDER_LANG`` asks for (None when unset or not a language)."""
    return _lang(os.environ.get(LANG_ENV))


def help_lang(ctx: click.Context) -> Lang:
    """The language help is shown in (see the module docstring for the order)."""
    return _lang(ctx.meta.get(_META)) or env_lang() or Lang.EN


def _read_lang(command: click.Command, ctx: click.Context, args: Sequence[str]) -> None:
    """Note ``--lang`` from ``args`` the way click will parse them (nothing when absent/bad)."""
    if not any(p.name == "lang" for p in command.params):
        return
    try:
        opts, _, _ = command.make_parser(ctx).parse_args(args=list(args))
        lang = _lang(opts.get("lang"))
    except UsageError:
        # click reports the error when it parses for real, in the language asked for
        lang = lang_in_words(args)
    if lang is not None:
        ctx.meta[_META] = lang  # meta is shared by a context and its parents
        if ctx.parent is None:
            ctx.meta[_META_ROOT] = lang


def lang_in_words(args: Sequence[str]) -> Lang | None:
    """The last ``--lang X`` / ``--lang=X`` / ``-l X`` / ``-lX`` of a line click cannot parse."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--lang", "-l") and i + 1 < len(args):
            found = _lang(args[i + 1]) or found
        elif arg.startswith(("--lang=", "-l")) and arg not in ("--lang", "-l"):
            found = _lang(arg.split("=", 1)[1] if arg.startswith("--") else arg[2:]) or found
    return found


class HelpContext(click.Context):
    """A context whose ``--lang`` defaults to ``carborder --lang`` or ``CARBORDER_LANG``."""

    def lookup_default(self, name: str, call: bool = True) -> Any:
        """The inherited language for a human-output ``--lang`` (default English); else click's."""
        found = super().lookup_default(name, call=call)  # type: ignore[call-overload]
        if found is not None or name != "lang":
            return found
        param = next((p for p in self.command.params if p.name == name), None)
        # only the language of messages: a filing's --lang (documents, default zh) is not that
        if param is None or _lang(param.default) != Lang.EN:
            return None
        chosen = _lang(self.meta.get(_META_ROOT)) or env_lang()
        return chosen.value if chosen is not None else None


def text_for(m: Messages, path: Sequence[str], param: str | None = None) -> str | None:
    """The help of a command (``param`` None) or of one of its parameters, or None."""
    msg_id = help_id(path)
    if param is None:
        return m(msg_id) if m.has(msg_id) else None
    own = m.attribute(msg_id, param)
    return own if own is not None else m.attribute(COMMON_ID, param)


def _text(m: Messages, path: Sequence[str], param: str | None = None) -> str | None:
    # a text missing in one language shows in English rather than not at all (a test fails
    # on any missing text, so this only guards a build that skipped the tests)
    found = text_for(m, path, param)
    return found if found is not None else text_for(messages(Lang.EN, with_help=True), path, param)


def _keep_indentation(text: str | None) -> str | None:
    """``text`` such that typer keeps the indentation of its examples.

    typer dedents everything after the first paragraph as one block, ignoring that block's
    first line: "Examples:" followed only by indented command lines lost their indentation.
    A blank line opening the block is ignored instead (and dropped), so the margin is the
    heading's.
    """
    return text.replace("\n\n", "\n\n\n", 1) if text else text


def _localize(command: click.Command, ctx: click.Context, m: Messages) -> None:
    path = command_path(ctx)
    command.help = _keep_indentation(_text(m, path))
    command.epilog = m.attribute(help_id(path), EPILOG)
    for param in command.get_params(ctx):  # with --help, which typer adds on the fly
        if isinstance(param, TyperOption | TyperArgument) and param.name:
            param.help = _text(m, path, param.name)


@contextmanager
def _chrome(m: Messages) -> Iterator[None]:
    """Panel titles and the [default]/[required] marks of typer's rich help, in ``m``'s language.

    typer reads them (and its highlighter) from module globals when it renders; they are set
    for the rendering and put back after it. typer's rich help module (with rich's Markdown
    and Pygments) is imported here, for help only: a command that runs never needs it.
    """
    import typer.rich_utils as rich_utils

    texts = {
        "ARGUMENTS_PANEL_TITLE": m("help-panel-arguments"),
        "OPTIONS_PANEL_TITLE": m("help-panel-options"),
        "COMMANDS_PANEL_TITLE": m("help-panel-commands"),
        "DEFAULT_STRING": m("help-default", value="{}"),
        "REQUIRED_LONG_STRING": m("help-required"),
        "DEPRECATED_STRING": m("help-deprecated") + " ",
        "ENVVAR_STRING": m("help-envvar", name="{}"),
    }
    patched: dict[str, Any] = {**texts, "highlighter": _folding_highlighter()}
    saved = {name: getattr(rich_utils, name) for name in patched}
    try:
        for name, value in patched.items():
            setattr(rich_utils, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


def _folding_highlighter() -> Highlighter:
    """A highlighter like typer's, whose texts fold at the edge of their column, not cut.

    rich wraps at spaces and cuts a longer "word" with an ellipsis; Chinese has no spaces,
    so a clause longer than the help column would lose its end on an 80-column terminal.
    typer passes every help text through this highlighter, the one place to say "fold".
    """
    import typer.rich_utils as rich_utils

    class FoldingHighlighter(rich_utils.OptionHighlighter):
        def highlight(self, text: Text) -> None:
            super().highlight(text)
            text.overflow = "fold"

    return FoldingHighlighter()


class _Teaching:
    """What help commands and groups share: read ``--lang``, render help from the catalogue."""

    context_class: type[click.Context] = HelpContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Note ``--lang`` before click processes ``--help`` (eager), then parse as usual."""
        _read_lang(self, ctx, args)  # type: ignore[arg-type]
        with _usage_errors_in_language(ctx):
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The usage line with its label in the help's language."""
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        label = messages(help_lang(ctx), with_help=True)("help-usage")  # with its own spacing
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=label)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Fill the help texts from the catalogue, then let typer render them (rich panels)."""
        m = messages(help_lang(ctx), with_help=True)
        _localize(self, ctx, m)  # type: ignore[arg-type]
        if isinstance(self, TyperGroup):
            path = command_path(ctx)
            for name in self.list_commands(ctx):
                sub = self.get_command(ctx, name)
                if sub is not None:
                    sub.help = _text(m, (*path, name))
                    sub.short_help = None
        with _chrome(m):
            super().format_help(ctx, formatter)  # type: ignore[misc]


class HelpCommand(_Teaching, TyperCommand):
    """A command whose ``--help`` comes from the catalogue in the reader's language."""


class HelpGroup(_Teaching, TyperGroup):
    """A group whose ``--help`` (and its commands' listing) comes from the catalogue."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command line; typer's error chrome is put back afterwards."""
        with kept_error_chrome():
            return super().main(*args, **kwargs)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Find the subcommand; "no such command" in the help's language."""
        with _usage_errors_in_language(ctx):
            return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; "missing command" in the help's language."""
        with _usage_errors_in_language(ctx):
            return super().invoke(ctx)


@contextmanager
def _usage_errors_in_language(ctx: click.Context) -> Iterator[None]:
    try:
        yield
    except UsageError as exc:
        lang = help_lang(ctx)
        if lang == Lang.EN:
            raise
        worded = localized(exc, messages(lang, with_help=True))
        if worded is exc:
            raise
        raise worded from None


def teach_help(app: typer.Typer) -> None:
    """Make every command and group of ``app`` (and its sub-apps) a help-teaching one."""
    # typer's own classes are replaced; a command declaring another class keeps it (and the
    # help tests, which require every command to teach, catch it)
    for cmd in app.registered_commands:
        if cmd.cls in (None, TyperCommand):
            cmd.cls = HelpCommand
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None
        if isinstance(sub.info.cls, DefaultPlaceholder) or sub.info.cls in (None, TyperGroup):
            sub.info.cls = HelpGroup
        teach_help(sub)
