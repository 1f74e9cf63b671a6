"""The catalogue parses a file when one of its messages is first used, with the same texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

from carborder.i18n.catalogue import LANGS, Lang, Messages

LOCALES = Path(__file__).resolve().parents[3] / "src" / "carborder" / "i18n" / "locales"


def _files(lang: Lang) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted((LOCALES / lang).glob("*.ftl"))]


def _parsed(files: list[tuple[str, str]]) -> tuple[set[str], dict[str, str]]:
    """(ids of messages with a value, id → file of every message) by Fluent's own parser."""
    valued: set[str] = set()
    where: dict[str, str] = {}
    for name, text in files:
        for entry in FluentParser().parse(text).body:
            if isinstance(entry, ast.Message):
                where[entry.id.name] = name
                if entry.value is not None:
                    valued.add(entry.id.name)
    return valued, where


@pytest.mark.parametrize("lang", LANGS)
def test_the_index_finds_what_the_parser_finds(lang: Lang) -> None:
    files = _files(lang)
    valued, where = _parsed(files)
    m = Messages(lang, files)
    assert m.ids() == valued
    assert m._file_of == where  # each message is looked for in the file that defines it


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_reads_as_from_a_fully_parsed_bundle(lang: Lang) -> None:
    files = _files(lang)
    full = FluentBundle([lang.value], use_isolating=False)
    for _, text in files:
        full.add_resource(FluentResource(text))
    _, where = _parsed(files)
    checked = 0
    for name in sorted({f for _, f in where.items()}):
        m = Messages(lang, files)  # fresh: each file's messages first read from it alone
        for msg_id in sorted(i for i, f in where.items() if f == name and i in m.ids()):
            expected, errors = full.format_pattern(full.get_message(msg_id).value, {})
            if errors:  # needs variables: formatting without them fails in both
                with pytest.raises(ValueError):
                    m(msg_id)
                continue
            assert m(msg_id) == expected
            checked += 1
    assert checked > 500


def test_one_message_parses_its_entry_and_a_cross_file_reference_still_resolves() -> None:
    files = [
        ("a.ftl", "greet = Hello { $who }\nbrand = carborder\n"),
        ("b.ftl", "uses = Made by { brand }\nhelp-x =\n    .opt = an option\n"),
        ("c.ftl", "other = unused\n"),
    ]
    m = Messages(Lang.EN, files)
    assert m.ids() == {"greet", "brand", "uses", "other"}  # help-x has attributes only
    assert m("greet", who="you") == "Hello you"
    assert sorted(m._pending) == ["a.ftl", "b.ftl", "c.ftl"]  # no file parsed whole
    assert m("uses") == "Made by carborder"  # brand lives in a.ftl
    assert m._pending == {}  # resolving the reference parsed the rest
    assert m.attribute("help-x", "opt") == "an option"
    assert m.attribute_names("help-x") == {"opt"}
    assert m.attribute("nope", "opt") is None
    with pytest.raises(KeyError):
        m("help-x")


def test_a_broken_file_fails_when_it_is_read() -> None:
    m = Messages(Lang.EN, [("ok.ftl", "fine = yes\n"), ("bad.ftl", "broken = { \n")])
    assert m("fine") == "yes"
    with pytest.raises(ValueError, match=r"bad\.ftl"):
        m("broken")


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_parsed_alone_is_the_message_of_its_parsed_file(lang: Lang) -> None:
    """Each message of the shipped catalogue parses from its own entry (its file stays
    unparsed) into the same syntax tree as the whole file's parse gives it."""
    files = _files(lang)
    full: dict[str, ast.Message] = {}
    for _, text in files:
        for entry in FluentResource(text).body:
            if isinstance(entry, ast.Message):
                full[entry.id.name] = entry
    m = Messages(lang, files)
    for msg_id, expected in full.items():
        m._message(msg_id)
        # the bundle's syntax tree, but for the comment above the message (never formatted)
        got = m._bundle._messages[msg_id]
        assert got.equals(expected, ignored_fields=["span", "comment"]), msg_id
    assert sorted(m._pending) == sorted(name for name, _ in files)  # no file parsed whole


def test_an_entry_is_cut_at_the_next_entry_not_at_a_closing_brace_at_column_0() -> None:
    text = (
        "# a comment\n"
        "count = { $n ->\n"
        "    [one] one file\n"
        "   *[other] { $n } files\n"
        "}\n"
        "\n"
        "## a group comment\n"
        "multi =\n"
        "    first line\n"
        "\n"
        "    after a blank line\n"
        "    .hint = an attribute\n"
        "last = end\n"
    )
    m = Messages(Lang.EN, [("a.ftl", text)])
    assert m("count", n=1) == "one file"
    assert m("count", n=3) == "3 files"
    assert m("multi") == "first line\n\nafter a blank line"
    assert m.attribute("multi", "hint") == "an attribute"
    assert m("last") == "end"
    assert m._pending == {"a.ftl": text}  # every message above was parsed from its entry alone


def test_an_entry_that_does_not_parse_alone_falls_back_to_its_whole_file() -> None:
    # a function call at column 0 inside a placeable cuts the entry too early: the file's
    # own parse then decides, with the same text as before
    text = "size = { \nNUMBER($n) } bytes\nother = x\n"
    m = Messages(Lang.EN, [("a.ftl", text)])
    full = FluentBundle(["en"], use_isolating=False)
    full.add_resource(FluentResource(text))
    assert m("size", n=5) == full.format_pattern(full.get_message("size").value, {"n": 5})[0]
    assert m._pending == {}
