"""``--help`` teaches in both languages: every command and option has an en and a zh help text.

The command tree is read from the app itself (a new command or option without help fails here),
help is asked for through the real CLI in each way a person would (``carborder --lang zh CMD
--help``, ``CMD --lang zh --help``, ``CARBORDER_LANG=zh``), and the Chinese help is checked for
English words left in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
from rich.text import Text
from tests.zh_check import english_words, without_examples
from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.testing import CliRunner

from carborder.cli.helptext import (
    COMMON_ID,
    EPILOG,
    HelpCommand,
    HelpGroup,
    help_id,
    text_for,
)
from carborder.cli.main import app
from carborder.i18n import Messages, messages

runner = CliRunner()
EN, ZH = messages("en", with_help=True), messages("zh", with_help=True)
SCENARIO = (
    Path(__file__).resolve().parents[2]
    / "scenarios"
    / "walkthroughs"
    / "w1_remote_access_trajectories.yaml"
)

#: Names of software and formats that read the same in Chinese text.
PROPER_NOUNS = {"Chromium", "PostgreSQL", "SQLite", "Redis", "Cookie"}
#: typer's words for parameter types, shown as <str>, <path>... next to each option.
#: The words around the texts: usage label, panel titles, [default]/[required] marks.
CHROME = {
    "help-usage",
    "help-panel-arguments",
    "help-panel-options",
    "help-panel-commands",
    "help-default",
    "help-required",
    "help-deprecated",
    "help-envvar",
}


def _tree() -> list[tuple[tuple[str, ...], click.Command]]:
    root = typer.main.get_command(app)

    def walk(
        cmd: click.Command, path: tuple[str, ...]
    ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
        yield path, cmd
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                yield from walk(sub, (*path, name))

    return list(walk(root, ()))


TREE = _tree()
PATHS = [path for path, _ in TREE]


def _params(cmd: click.Command) -> list[click.Parameter]:
    ctx = click.Context(cmd)
    return [p for p in cmd.get_params(ctx) if isinstance(p, TyperOption | TyperArgument)]


def _ident(path: tuple[str, ...]) -> str:
    return " ".join(path) or "carborder"


def test_the_tree_is_the_whole_app() -> None:
    # a sanity check on the discovery itself: commands, groups and their subcommands
    assert () in PATHS and ("scan",) in PATHS and ("key", "show-id") in PATHS
    assert len(PATHS) > 40


@pytest.mark.parametrize("path", PATHS, ids=_ident)
def test_every_command_and_option_has_help_in_both_languages(path: tuple[str, ...]) -> None:
    cmd = dict(TREE)[path]
    assert isinstance(cmd, HelpCommand | HelpGroup), "commands render help from the catalogue"
    for m in (EN, ZH):
        assert text_for(m, path), f"{m.lang.value}: no help for `{_ident(path)}` ({help_id(path)})"
        for param in _params(cmd):
            assert param.name
            assert text_for(m, path, param.name), (
                f"{m.lang.value}: no help for {param.name} of `{_ident(path)}`: add "
                f"`.{param.name}` to {help_id(path)} (or {COMMON_ID})"
            )


def _help_entries(
    m: Messages, prefixes: tuple[str, ...] = ("help-",)
) -> set[tuple[str, str | None]]:
    """(message id, attribute or None) of every help text in a catalogue."""
    out: set[tuple[str, str | None]] = set()
    for msg_id in m.ids() | {COMMON_ID}:
        if msg_id.startswith(prefixes):
            if m.has(msg_id):
                out.add((msg_id, None))
            out.update((msg_id, a) for a in m.attribute_names(msg_id))
    return out


def test_both_catalogues_hold_the_same_help_entries() -> None:
    en, zh = _help_entries(EN, ("help-", "usage-")), _help_entries(ZH, ("help-", "usage-"))
    assert en - zh == set(), "in en, not in zh"
    assert zh - en == set(), "in zh, not in en"


def test_no_help_text_for_a_command_or_option_that_does_not_exist() -> None:
    # A renamed option would otherwise leave its old help behind (and the new one missing).
    known = {(help_id(p), None) for p in PATHS}
    names_in_use: set[str] = set()
    for path, cmd in TREE:
        for param in _params(cmd):
            assert param.name
            known.add((help_id(path), param.name))
            names_in_use.add(param.name)
        known.add((help_id(path), EPILOG))
    shared = {(COMMON_ID, n) for n in names_in_use}
    # texts several commands include by reference ({ help-filing-epilog })
    referenced = {(msg_id, None) for msg_id in EN.ids() if msg_id.endswith("-epilog")}
    stale = {
        entry
        for entry in _help_entries(EN)
        if entry not in known | shared | referenced and entry[0] not in CHROME
    }
    assert stale == set()
    assert all(p.name != EPILOG for _, cmd in TREE for p in _params(cmd)), "epilog is reserved"


def _texts(m: Messages) -> Iterator[tuple[str, str]]:
    for msg_id, attr in sorted(_help_entries(m), key=str):
        if msg_id in CHROME:
            continue  # typer shows these as they are, not as markup
        text = m(msg_id) if attr is None else m.attribute(msg_id, attr)
        assert text is not None
        yield f"{msg_id}.{attr}" if attr else msg_id, text


@pytest.mark.parametrize("m", [EN, ZH], ids=["en", "zh"])
def test_help_texts_are_plain_text_for_rich(m: Messages) -> None:
    # Help is rendered with rich markup: a bracketed word ("kinds: [phone, vin]") would vanish
    # as an unknown style unless escaped (\[).
    for where, text in _texts(m):
        assert Text.from_markup(text).plain == text.replace("\\[", "["), where


def test_chinese_help_texts_are_chinese() -> None:
    names = {p.name for _, cmd in TREE for p in _params(cmd) if p.name}
    identifiers = PROPER_NOUNS | names | {n for path in PATHS for n in path}
    for where, text in _texts(ZH):
        assert english_words(without_examples(text), identifiers) == [], f"{where}: {text}"


#: What a help screen shows that a person types rather than reads: option flags, metavars
#: (<path>, {paths}, [directory], <en|zh>) and default values ([默认：table]).
_TYPED = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|<[^>]*>|\{[^}]*\}|\[[a-z_]+\]|\[默认：[^\]]*\]")


def _prose(output: str) -> str:
    return _TYPED.sub(" ", without_examples(output))


def _nothing_cut(output: str, m: Messages, path: tuple[str, ...], cmd: click.Command) -> None:
    # On an 80-column terminal no help text loses its end to an ellipsis (rich cuts a "word"
    # longer than its column, and a Chinese clause has no spaces); the texts' own … stay.
    texts = [text_for(m, path) or ""]
    texts += [text_for(m, path, p.name) or "" for p in _params(cmd) if p.name]
    if isinstance(cmd, TyperGroup):
        texts += [text_for(m, (*path, name)) or "" for name in cmd.commands]
    assert output.count("…") <= sum(t.count("…") for t in texts), output


def _squeezed(text: str) -> str:
    return re.sub(r"[\s│]+", "", text)


@pytest.mark.parametrize("path", PATHS, ids=_ident)
def test_help_in_chinese_through_the_cli(path: tuple[str, ...]) -> None:
    cmd = dict(TREE)[path]
    narrow, wide = (
        runner.invoke(
            app, ["--lang", "zh", *path, "--help"], prog_name="carborder", env={"COLUMNS": cols}
        )
        for cols in ("80", "200")
    )
    assert narrow.exit_code == 0, narrow.output
    _nothing_cut(narrow.output, ZH, path, cmd)
    assert "用法：" in narrow.output
    first = ZH(help_id(path)).split("\n")[0]
    assert _squeezed(first) in _squeezed(narrow.output)
    # wide, so that no example line wraps into what looks like prose
    names = {p.name or "" for p in _params(cmd)} | set(getattr(cmd, "commands", {}))
    assert english_words(_prose(wide.output), names | set(path) | PROPER_NOUNS) == []


@pytest.mark.parametrize("path", PATHS, ids=_ident)
def test_help_in_english_comes_from_the_catalogue(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], prog_name="carborder", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    _nothing_cut(result.output, EN, path, dict(TREE)[path])
    assert "Usage: carborder" in result.output
    first = EN(help_id(path)).split("\n")[0]
    assert _squeezed(first) in _squeezed(result.output)
    # examples keep their indentation (typer dedents what follows the first paragraph)
    for line in EN(help_id(path)).split("\n")[1:]:
        if line.startswith("    ") and line.strip():
            start = Text.from_markup(line.strip()).plain[:30]
            shown = next(s for s in result.output.split("\n") if s.strip().startswith(start))
            assert shown.startswith(" " * 5), (line, shown)


def test_every_way_of_asking_for_chinese_help() -> None:
    zh_line = ZH("help-scan").split("\n")[0]
    en_line = EN("help-scan").split("\n")[0]
    asks = [
        (["--lang", "zh", "scan", "--help"], {}),
        (["scan", "--lang", "zh", "--help"], {}),
        (["scan", "--help", "--lang", "zh"], {}),  # --help is eager: --lang after it counts
        (["scan", "-lzh", "--help"], {}),
        (["scan", "--help"], {"CARBORDER_LANG": "zh"}),
    ]
    for args, env in asks:
        result = runner.invoke(app, args, env={"COLUMNS": "200", **env})
        assert result.exit_code == 0, result.output
        assert zh_line in result.output, args
    # the command's own --lang wins over carborder --lang and over the environment
    for args, env in [
        (["--lang", "zh", "scan", "--lang", "en", "--help"], {}),
        (["scan", "--lang", "en", "--help"], {"CARBORDER_LANG": "zh"}),
        (["scan", "--help"], {"CARBORDER_LANG": "fr"}),  # not a language: English
    ]:
        result = runner.invoke(app, args, env={"COLUMNS": "200", **env})
        assert result.exit_code == 0, result.output
        assert en_line in result.output, (args, env)


def test_carborder_lang_is_every_commands_default_lang() -> None:
    # One setting gives Chinese help and Chinese output; the command's own --lang wins.
    for args, env in [
        (["--lang", "zh", "decide", str(SCENARIO)], {}),
        (["decide", str(SCENARIO)], {"CARBORDER_LANG": "zh"}),
    ]:
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
        assert "不构成法律意见" in result.output
    result = runner.invoke(app, ["--lang", "zh", "decide", str(SCENARIO), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "not legal advice" in result.output and "不构成法律意见" not in result.output


def test_bad_lang_is_still_a_usage_error() -> None:
    result = runner.invoke(app, ["--lang", "fr", "scan", "--help"])
    assert result.exit_code == 2


def test_help_texts_live_only_in_the_catalogue() -> None:
    # A help= left in Python would be replaced by the catalogue's text when shown, and drift.
    # typer's and click's own options (--help, completion) carry their built-in English text.
    builtin = {"help", "install_completion", "show_completion"}
    for path, cmd in _tree():  # fresh objects: nothing rendered into them yet
        for param in _params(cmd):
            assert param.name in builtin or not param.help, (path, param.name)
        if isinstance(cmd, TyperGroup) and path:
            assert not cmd.help, path
        assert not cmd.epilog, path


#: A command line for each usage error click raises, and what the Chinese message says.
USAGE_ERRORS = [
    (["scan"], "缺少参数 'paths'"),
    (["scan", "x", "--sample", "abc"], "'--sample' 的值无效：应为整数"),
    (["decide", "x", "--format", "xml"], "'--format' / '-f' 的值无效："),
    (["decide", "x", "--bogus"], "没有此选项：--bogus"),
    (["scan", "x", "--asset"], "选项 '--asset' 需要一个值"),
    (["scan", "x", "--full=1"], "选项 '--full' 不接受值"),
    (["init", "a", "b"], "多余的参数：（b）"),
    (["scn"], "没有此命令：'scn'"),
    (["key"], "缺少命令"),
]


@pytest.mark.parametrize(
    ("args", "zh"), USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_usage_errors_in_chinese(args: list[str], zh: str) -> None:
    result = runner.invoke(
        app, ["--lang", "zh", *args], prog_name="carborder", env={"COLUMNS": "200"}
    )
    assert result.exit_code == 2, result.output
    assert zh in result.output
    assert "错误" in result.output
    # what click quotes ('paths', 'xml', 'table') is what was typed or can be typed
    quoted_removed = re.sub(r"'[^']*'", " ", _prose(result.output))
    assert english_words(quoted_removed, {"carborder", *args}) == [], result.output
    # and English stays click's own wording, with typer's chrome put back after the zh run
    english = runner.invoke(app, args, prog_name="carborder", env={"COLUMNS": "200"})
    assert english.exit_code == 2
    assert "Error" in english.output and "错误" not in english.output


def test_english_usage_errors_after_a_chinese_one_in_a_fresh_process() -> None:
    # The console script loads typer's rich module only when it prints help or a usage
    # error: the first Chinese error of a process loads it, and the chrome found then comes
    # back for the next command line.
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from carborder.cli.main import main\n"
        "for args in (['--lang', 'zh', 'scn'], ['scn']):\n"
        "    sys.argv = ['carborder', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 2, exc.code\n"
        "    sys.stderr.write('\\n---\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    zh, english, _ = done.stderr.split("\n---\n")
    assert "错误" in zh and "没有此命令" in zh
    assert "Error" in english and "错误" not in english


def test_usage_errors_in_chinese_as_json() -> None:
    result = runner.invoke(app, ["--lang", "zh", "decide", "x", "--bogus", "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert "没有此选项：--bogus" in error["message"]
    assert error["hint"] == "请查看 `--help`" and english_words(error["hint"]) == []
    english = runner.invoke(app, ["decide", "x", "--bogus", "--format", "json"])
    assert json.loads(english.stdout)["error"]["hint"] == "see `--help`"


def test_usage_error_language_from_a_line_click_cannot_parse() -> None:
    # the option error comes before click has read --lang: the words are read for it
    result = runner.invoke(app, ["scan", "x", "-lzh", "--full=1"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "选项 '--full' 不接受值" in result.output


def test_commands_run_for_their_output_do_not_parse_the_help_texts() -> None:
    # help.ftl is a quarter of the catalogue; only --help and usage errors need it
    assert not messages("en").has("help-scan") and not messages("zh").has("usage-error-title")
    assert EN.has("help-scan") and ZH.has("usage-error-title")
    assert EN("disclaimer") == messages("en")("disclaimer")
