"""Load the Fluent catalogue of one language and format its messages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Protocol

from fluent.syntax import FluentParser, ast

if TYPE_CHECKING:
    from fluent.runtime import FluentBundle

__all__ = ["LANGS", "Lang", "Messages", "messages", "plain_message"]


class Lang(StrEnum):
    """A language carborder speaks."""

    EN = "en"
    ZH = "zh"


#: Every supported language, in the order output lists them.
LANGS: tuple[Lang, ...] = (Lang.EN, Lang.ZH)

#: Locale passed to Fluent (and Babel, for number formatting) per language.
_LOCALE = {Lang.EN: "en", Lang.ZH: "zh"}


class _Localized(Protocol):
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...


class Messages:
    """The messages of one language.

    Call it with a message id and the message's variables; an unknown id or a missing
    variable is a programming error and raises (the catalogue tests keep both languages
    complete, so this never happens on a user's input).
    """

    def __init__(self, lang: Lang, files: list[tuple[str, str]]) -> None:
        self.lang = lang
        self._made_bundle: FluentBundle | None = None
        # Files are parsed when one of their messages is first used: a one-shot command
        # shows a handful of messages, and parsing the whole catalogue of both languages
        # cost more start-up than the command's own imports.
        self._pending = dict(files)
        self._file_of: dict[str, str] = {}
        ids: set[str] = set()
        for name, text in files:
            for msg_id, value in _MESSAGE_HEAD.findall(text):
                self._file_of.setdefault(msg_id, name)
                if value:
                    ids.add(msg_id)
        self._ids = frozenset(ids)
        self._entries: dict[str, dict[str, str]] = {}  # file → id → its entry's text

    @property
    def _bundle(self) -> FluentBundle:
        """The Fluent bundle, made when a message is first formatted.

        Fluent's runtime (with Babel, attrs and pytz) costs a one-shot command about 50 ms
        to import; a command that prints no message (``scan --format json``) never needs it.
        """
        if self._made_bundle is None:
            from fluent.runtime import FluentBundle

            self._made_bundle = FluentBundle([_LOCALE[self.lang]], use_isolating=False)
        return self._made_bundle

    def _entry(self, name: str, msg_id: str) -> str | None:
        """The text of message ``msg_id`` in the unparsed file ``name``, cut at the next entry."""
        entries = self._entries.get(name)
        if entries is None:
            text = self._pending.get(name)
            if text is None:
                return None
            starts = [m.start() for m in _ENTRY_START.finditer(text)] + [len(text)]
            entries = {}
            for start, end in pairwise(starts):
                head = _MESSAGE_HEAD.match(text, start)
                if head is not None:
                    entries.setdefault(head.group(1), text[start:end])
            self._entries[name] = entries
        return entries.get(msg_id)

    def _load_message(self, name: str, msg_id: str) -> None:
        """Parse message ``msg_id`` alone when its entry parses cleanly, else its whole file.

        A one-shot command shows a handful of messages; parsing each one's whole file in both
        languages (≈ 20 kB of Fluent apiece, in pure Python) was most of what a one-shot
        export spent on its catalogue. An entry ends where the next line starts at column 0
        with an id, a term or a comment. A message that refers to another message (or a term)
        fails to format alone and reaches :meth:`_format`'s fall-back, which parses the rest.
        """
        if self._bundle.has_message(msg_id):
            return
        chunk = self._entry(name, msg_id)
        if chunk is not None:
            resource = _parse(chunk)
            body = resource.body
            if len(body) == 1 and isinstance(body[0], ast.Message) and body[0].id.name == msg_id:
                self._bundle.add_resource(resource)
                return
        self._load(name)  # cut wrongly or broken: the file's own parse decides (and reports)

    def _load(self, name: str) -> None:
        text = self._pending.pop(name, None)
        if text is None:
            return
        self._entries.pop(name, None)
        resource = _parse(text)
        junk = [e for e in resource.body if isinstance(e, ast.Junk)]
        if junk:
            raise ValueError(
                f"catalogue {self.lang.value}/{name}: cannot parse {junk[0].content!r}"
            )
        self._bundle.add_resource(resource)

    def _load_all(self) -> None:
        for name in list(self._pending):
            self._load(name)

    def _message(self, msg_id: str) -> Any:
        """The parsed message ``msg_id`` (its file parsed first); None when there is none."""
        name = self._file_of.get(msg_id)
        if name is not None:
            self._load_message(name, msg_id)
        return self._bundle.get_message(msg_id) if self._bundle.has_message(msg_id) else None

    def _format(self, pattern: Any, args: dict[str, Any]) -> tuple[str, list[Exception]]:
        text, errors = self._bundle.format_pattern(pattern, args)
        if errors and self._pending:  # it references a message of a file not parsed yet
            self._load_all()
            text, errors = self._bundle.format_pattern(pattern, args)
        return str(text), errors

    @property
    def zh(self) -> bool:
        """True for Chinese output."""
        return self.lang == Lang.ZH

    def __call__(self, msg_id: str, **args: Any) -> str:
        """Format message ``msg_id`` with ``args``.

        Raises:
            KeyError: no such message.
            ValueError: a variable the message needs is missing.
        """
        if msg_id not in self._ids:
            raise KeyError(f"no message '{msg_id}' in the {self.lang.value} catalogue")
        pattern = self._message(msg_id).value
        if pattern is None:  # the index saw `id =` but the parser found no value
            raise KeyError(f"no message '{msg_id}' in the {self.lang.value} catalogue")
        text, errors = self._format(pattern, dict(args))
        if errors:
            raise ValueError(f"message '{msg_id}': {'; '.join(str(e) for e in errors)}")
        return text

    def has(self, msg_id: str) -> bool:
        """Whether the catalogue has ``msg_id``."""
        return msg_id in self._ids

    def ids(self) -> frozenset[str]:
        """Every message id."""
        return self._ids

    def attribute(self, msg_id: str, name: str, **args: Any) -> str | None:
        """Attribute ``name`` of message ``msg_id`` formatted with ``args``; None when absent.

        Attributes hang texts off one message (a command's help and its options' helps):
        absence is an answer here, not an error, so callers can fall back.
        """
        message = self._message(msg_id)
        if message is None:
            return None
        pattern = message.attributes.get(name)
        if pattern is None:
            return None
        text, errors = self._format(pattern, dict(args))
        if errors:
            raise ValueError(f"message '{msg_id}.{name}': {'; '.join(str(e) for e in errors)}")
        return text

    def attribute_names(self, msg_id: str) -> frozenset[str]:
        """The attribute names of message ``msg_id`` (empty when there is no such message)."""
        message = self._message(msg_id)
        return frozenset() if message is None else frozenset(message.attributes)

    def term(self, prefix: str, value: str) -> str:
        """A vocabulary value (``status``, ``activity``...) by ``prefix-value``; unknown → value.

        Unknown values are shown as they are: they are identifiers from data this version does
        not know yet, and an identifier reads the same in both languages.
        """
        msg_id = f"{prefix}-{value.replace('/', '')}"  # ids cannot hold '/': n/a → na
        return self(msg_id) if msg_id in self._ids else value

    def local(self, text: _Localized | Mapping[str, str] | None) -> str:
        """The text in this language from a zh/en pair the data carries (pack titles...)."""
        if text is None:
            return ""
        if isinstance(text, Mapping):
            return str(text.get(self.lang.value) or text.get(Lang.EN.value) or "")
        return text.zh if self.zh else text.en

    def join(self, items: Iterable[str]) -> str:
        """Join a list the way the language does (、 in Chinese, commas in English)."""
        return self("list-separator").join(items)

    def yes_no(self, value: bool | None) -> str:
        """Yes / no / unknown."""
        return self("value-unknown" if value is None else "value-yes" if value else "value-no")

    def value(self, value: Any) -> str:
        """A fact value for people: booleans and unknown translated, lists joined, rest as is."""
        if value is None:
            return self("value-unknown")
        if isinstance(value, bool):
            return self.yes_no(value)
        if isinstance(value, list | tuple | set | frozenset):
            return "[" + self.join(str(v) for v in value) + "]" if value else self("value-none")
        if isinstance(value, float) and value.is_integer():
            return f"{value:g}"
        return str(value)

    def as_dict(self) -> dict[str, str]:
        """Messages without variables, for clients that render text themselves (web pages)."""
        self._load_all()
        out: dict[str, str] = {}
        for msg_id in sorted(self._ids):
            pattern = self._bundle.get_message(msg_id).value
            assert pattern is not None
            text, errors = self._bundle.format_pattern(pattern, {})
            if not errors:
                out[msg_id] = str(text)
        return out


def _parse(text: str) -> ast.Resource:
    """Fluent source parsed as ``fluent.runtime.FluentResource`` parses it (its own parser)."""
    return FluentParser().parse(text)


def _resources(lang: Lang) -> list[tuple[str, str]]:
    folder = resources.files("carborder.i18n").joinpath("locales", lang.value)
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".ftl")
    )


#: A message's first line in a Fluent file: its id at the start of a line, then ``=``
#: (terms start with ``-``, attributes and continuation lines are indented); the second
#: group is non-empty when the message has a value (text on that line or an indented
#: line that is not an attribute), as opposed to attributes only.
_MESSAGE_HEAD = re.compile(
    r"^([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=[ \t]*(\S|\n[ \t]+[^\s.])?", re.MULTILINE
)

#: Where a Fluent entry (message, term or comment) starts: a line beginning at column 0 with
#: an id, ``-`` or ``#``; pattern lines, attributes and variants are indented, and a
#: placeable's closing ``}`` that sits at column 0 is not an entry start.
_ENTRY_START = re.compile(r"^[a-zA-Z#-]", re.MULTILINE)

#: Files only ``messages(lang, with_help=True)`` reads: every command's --help text, which a
#: command run for its output never prints (a quarter of the catalogue to parse at start-up).
_HELP_FILES = frozenset({"help.ftl"})


@cache
def messages(lang: Lang | str, *, with_help: bool = False) -> Messages:
    """The catalogue of ``lang`` (``en`` or ``zh``), loaded once per process.

    ``with_help`` adds the help texts of the CLI (``help.ftl``: ``help-*``, ``usage-*``).

    Raises:
        ValueError: an unsupported language.
    """
    code = Lang(lang)
    files = [(n, t) for n, t in _resources(code) if with_help or n not in _HELP_FILES]
    return Messages(code, files)


@cache
def plain_message(lang: Lang | str, msg_id: str) -> str:
    """Message ``msg_id`` without variables, parsing only its own entry of the catalogue.

    For text a command prints whatever else it does (the disclaimer in both languages): a
    one-shot command then parses one entry of the other language, not its whole catalogue,
    and a message of plain text needs no Fluent runtime (what Fluent formats for text alone
    is that text). Anything else (a message with placeables, or one that does not parse
    alone) is formatted by :func:`messages`, so the text is always the catalogue's.

    >>> plain_message("en", "disclaimer") == messages("en")("disclaimer")
    True
    """
    code = Lang(lang)
    head = f"\n{msg_id} ="
    for name, text in _resources(code):
        at = ("\n" + text).find(head)
        if at < 0:
            continue
        starts = (m.start() for m in _ENTRY_START.finditer(text, at + 1))
        body = _parse(text[at : next(starts, len(text))]).body
        if len(body) == 1 and isinstance(body[0], ast.Message) and body[0].id.name == msg_id:
            value = body[0].value
            parts = value.elements if value is not None else []
            if parts and all(isinstance(p, ast.TextElement) for p in parts):
                return "".join(p.value for p in parts if isinstance(p, ast.TextElement))
        return messages(code, with_help=name in _HELP_FILES)(msg_id)
    return messages(code)(msg_id)
