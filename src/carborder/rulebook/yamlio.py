"""The one YAML reader: strict, bounded, with line numbers; every YAML file goes through it.

Strict: duplicate keys are errors, dates stay strings, only plain YAML tags are accepted.
Bounded (limits in :mod:`carborder.safety.limits`): file size, nesting depth, number of
aliases, nodes once aliases are expanded ("billion laughs"), digits of a number; a
self-referencing alias is refused. Whatever is wrong, the caller's error class comes back
with the file, the line and what to do — never a ``MemoryError`` or ``RecursionError``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from carborder.errors import CarborderError, Msg
from carborder.safety.files import read_text_limited
from carborder.safety.limits import (
    MAX_NUMBER_DIGITS,
    MAX_YAML_ALIASES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
)

__all__ = ["LineMap", "read_yaml"]

#: Dotted key path → 1-based line number where that key's value starts.
LineMap = dict[str, int]


class _LimitError(Exception):
    """A bound of the loader was exceeded at a line."""

    def __init__(self, message: Msg, line: int | None, hint: Msg) -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


def _line(mark: Any) -> int | None:
    return int(mark.line) + 1 if mark is not None else None


class _NotFastError(Exception):
    """A construct the fast path leaves to the reference reader."""


class _Bounded(yaml.composer.Composer):
    """Composition that bounds depth and aliases (mixed into both loaders below)."""

    _depth = 0
    _aliases = 0
    #: nodes composed (aliases included), over every document of the stream
    _nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, counting aliases and nesting depth before recursing."""
        event = self.peek_event()  # type: ignore[attr-defined]
        self._nodes += 1
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise _LimitError(
                    Msg("err-yaml-aliases", n=MAX_YAML_ALIASES),
                    _line(event.start_mark),
                    Msg("hint-yaml-aliases"),
                )
            return super().compose_node(parent, index)
        if isinstance(event, yaml.CollectionStartEvent):
            if self._depth >= MAX_YAML_DEPTH:
                raise _LimitError(
                    Msg("err-yaml-depth", n=MAX_YAML_DEPTH),
                    _line(event.start_mark),
                    Msg("hint-yaml-depth"),
                )
            self._depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


class _StrictLoader(_Bounded, yaml.SafeLoader):
    """SafeLoader that keeps dates as strings and bounds depth and aliases while composing.

    The reference reader: every error message (line, problem) comes from it.
    """


def _fast_loader() -> Any:
    """A loader whose scanner, parser and composer are libyaml's (None without libyaml).

    Tag resolution and the constructors of scalars stay the reference's Python code, so
    :class:`_Build` reads a document to the same values and lines; any failure is read again
    by :class:`_StrictLoader` for its exact error.
    """
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml: the reference reader alone
        return None

    class FastLoader(CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    return FastLoader


_FastLoader: Any = _fast_loader()


def _no_timestamps(loader: Any, node: yaml.ScalarNode) -> str:
    # Keep dates as text so pydantic parses them with one set of rules and one error format.
    return str(loader.construct_scalar(node))


def _bounded_number(kind: str) -> Any:
    base = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")

    def construct(loader: Any, node: yaml.ScalarNode) -> Any:
        text = str(node.value)
        if sum(ch.isdigit() for ch in text) > MAX_NUMBER_DIGITS:
            raise _LimitError(
                Msg("err-yaml-digits", n=MAX_NUMBER_DIGITS),
                _line(node.start_mark),
                Msg("hint-yaml-digits"),
            )
        return base(loader, node)

    return construct


for _loader in (_StrictLoader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor("tag:yaml.org,2002:timestamp", _no_timestamps)
        _loader.add_constructor("tag:yaml.org,2002:int", _bounded_number("int"))
        _loader.add_constructor("tag:yaml.org,2002:float", _bounded_number("float"))


def _expanded_size(root: yaml.Node) -> int:
    """Nodes of the document once every alias is expanded; refuses cycles. Linear time.

    Also bounds the depth once aliases are expanded (an alias can nest a deep part deeper).
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    on_path: set[int] = set()
    # Iterative post-order walk: a 64-level document cannot overflow, and shared (aliased)
    # nodes are sized once, so "billion laughs" is measured without being expanded.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in kids)
            depths[key] = 1 + max((depths[id(c)] for c in kids), default=0)
            if depths[key] > 2 * MAX_YAML_DEPTH:
                raise _LimitError(
                    Msg("err-yaml-expanded-depth", n=2 * MAX_YAML_DEPTH),
                    _line(node.start_mark),
                    Msg("hint-yaml-expanded-depth"),
                )
            if sizes[key] > MAX_YAML_NODES:
                raise _LimitError(
                    Msg("err-yaml-expansion", n=f"{MAX_YAML_NODES:,}"),
                    _line(node.start_mark),
                    Msg("hint-yaml-expansion"),
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _LimitError(
                Msg("err-yaml-alias-cycle"),
                _line(node.start_mark),
                Msg("hint-yaml-alias-cycle"),
            )
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise _LimitError(
                    Msg("err-yaml-alias-cycle"),
                    _line(child.start_mark),
                    Msg("hint-yaml-alias-cycle"),
                )
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _mapping_key(key_node: yaml.Node, path: str, seen: dict[str, int], lines: LineMap) -> str:
    """A mapping key's path, its line recorded; a key its mapping has ``seen`` raises."""
    key = str(key_node.value)
    line = key_node.start_mark.line + 1
    if key in seen:
        raise _DuplicateKeyError(key, line, seen[key], path)
    seen[key] = line
    sub = f"{path}.{key}" if path else key
    lines[sub] = line
    return sub


def _walk(node: yaml.Node, path: str, lines: LineMap) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            _walk(value_node, _mapping_key(key_node, path, seen, lines), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            lines[sub] = item.start_mark.line + 1
            _walk(item, sub, lines)


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, first: int, path: str) -> None:
        self.key, self.line, self.first, self.path = key, line, first, path


def _syntax_error(
    exc: yaml.YAMLError, text: str, path: Path, error: type[CarborderError]
) -> CarborderError:
    if isinstance(exc, yaml.reader.ReaderError):
        # a character YAML forbids (NUL, other control characters): usually a binary file
        line = text[: exc.position].count("\n") + 1
        return error(
            Msg("err-yaml-char", code=f"{exc.character:04X}")
            if isinstance(exc.character, int)
            else Msg("err-yaml-unreadable-char", reason=str(exc.reason)),
            file=path,
            line=line,
            hint=Msg("hint-yaml-binary"),
        )
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
        return error(
            Msg("err-yaml-tag", problem=str(exc.problem)),
            file=path,
            line=_line(exc.problem_mark),
            hint=Msg("hint-yaml-tag"),
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        return error(
            Msg("err-yaml-malformed", detail=str(exc.problem or exc)),
            file=path,
            line=_line(exc.problem_mark),
            hint=Msg("hint-yaml-malformed"),
        )
    return error(Msg("err-yaml-malformed", detail=str(exc)), file=path, hint=Msg("hint-yaml-check"))


_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _not_fast(text: str) -> bool:
    """Whether the fast path leaves ``text`` to the reference, which refuses some of it.

    libyaml accepts tabs, characters YAML forbids and a comment right after a block scalar's
    header where the reference reader does not.
    """
    # three searches: PyYAML's compiled class of forbidden characters compiled again into
    # one pattern with the others cost ~2.5 ms at import and searched slower
    return (
        "\t" in text
        or yaml.reader.Reader.NON_PRINTABLE.search(text) is not None
        or _BLOCK_HEADER_COMMENT.search(text) is not None
    )


#: carborder's own files (packs, templates, tables): a test reads each through both loaders.
#: The tree as imported and as resolved, so that a path is placed without resolving it.
_SHIPPED = tuple(
    {os.path.join(os.fspath(p.parents[1]), "") for p in (Path(__file__), Path(__file__).resolve())}
)


def _shipped(path: Path) -> bool:
    # libyaml accepts some malformed YAML (odd flow keys) that the reference refuses: what
    # people write is always read by the reference, shipped files are checked by tests.
    # A file is placed by its name alone (resolving every path cost ~40 µs a file, a fifth
    # of reading the built-in pack): whatever lies in carborder's tree is carborder's own
    # (writing there is changing carborder), and a name climbing out with '..' is outside.
    name = os.fspath(path)
    return name.startswith(_SHIPPED) and ".." not in name.split(os.sep)


def read_yaml(
    path: Path, error: type[CarborderError], *, multi: bool = False
) -> list[tuple[Any, LineMap]]:
    """Read one YAML file (or every document of it with ``multi``) with line numbers.

    carborder's own files are composed by libyaml and built with the reference's resolver
    and constructors, line map and duplicate keys in the same walk, about 10× faster (the
    built-in pack is read by every command that reasons about data); everything else, and
    anything the fast path leaves or fails on, by the pure-Python reference.

    Raises ``error`` naming the file and line for unreadable files, syntax errors, unknown
    tags, duplicate keys and any bound exceeded (size, depth, aliases, expansion, digits).
    """
    text = read_text_limited(path, MAX_YAML_BYTES, what="YAML file", error=error)
    if _FastLoader is not None and _shipped(path) and not _not_fast(text):
        try:
            return _documents(_FastLoader(text), multi)
        except Exception:  # the reference reader below names the problem
            pass
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as exc:  # a forbidden character is found before parsing
        raise _syntax_error(exc, text, path, error) from None
    try:
        return _documents(loader, multi)
    except _SeveralDocumentsError:
        raise error(Msg("err-yaml-several"), file=path) from None
    except _LimitError as exc:
        raise error(exc.message, file=path, line=exc.line, hint=exc.hint) from None
    except _DuplicateKeyError as dup:
        raise error(
            Msg("err-yaml-duplicate-key", key=str(dup.key), first=dup.first),
            file=path,
            line=dup.line,
            key=dup.path or None,
            hint=Msg("hint-yaml-duplicate-key"),
        ) from None
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, path, error) from None


class _SeveralDocumentsError(Exception):
    """More than one document where one is expected."""


def _documents(loader: Any, multi: bool) -> list[tuple[Any, LineMap]]:
    """Every document of ``loader`` with its line map, bounds checked (raw exceptions)."""
    try:
        nodes: list[yaml.Node] = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
        if not multi and len(nodes) > 1:
            raise _SeveralDocumentsError
        out: list[tuple[Any, LineMap]] = []
        fast = not isinstance(loader, _Bounded)  # composed by libyaml, without bounds
        for node in nodes:
            lines: LineMap = {}
            if fast:
                out.append((_Build(loader, lines).value(node, "", MAX_YAML_DEPTH), lines))
                continue
            if loader._aliases or loader._nodes > MAX_YAML_NODES:
                # without aliases a document expands to the nodes composed, no deeper than
                # the composer allowed: only aliased documents need the walk
                _expanded_size(node)
            _walk(node, "", lines)
            out.append((loader.construct_document(node), lines))
        return out
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: Scalars the fast path builds with the reference's constructors (the bounded ones above).
_SCALARS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("null", "bool", "int", "float", "timestamp")
)


class _Build:
    """Values and line map of a libyaml-composed document in one walk (the fast path).

    Does what :func:`_walk` and the reference's construction do together, for the plain
    YAML carborder ships: maps with scalar keys, sequences, scalars of the core tags. The
    rest is the reference's (:class:`_NotFastError`): merge keys, other tags, and aliases,
    so the document is a tree and the depth is the only bound composition left unchecked.
    """

    def __init__(self, loader: Any, lines: LineMap) -> None:
        self.loader = loader
        self.scalars: dict[str, Any] = loader.yaml_constructors
        self.lines = lines
        #: every node met: libyaml hands an alias back as the node it names
        self.met: set[int] = set()

    def value(self, node: yaml.Node, path: str, room: int) -> Any:
        """The value of ``node`` at ``path``; ``room``: how many collections may still nest."""
        met = self.met
        if id(node) in met:
            raise _NotFastError
        met.add(id(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                return node.value
            if tag in _SCALARS:
                return self.scalars[tag](self.loader, node)
            raise _NotFastError
        if room <= 0:
            raise _NotFastError
        lines = self.lines
        if isinstance(node, yaml.MappingNode) and tag == _MAP:
            data: dict[Any, Any] = {}
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _NotFastError
                sub = _mapping_key(key_node, path, seen, lines)
                data[self.value(key_node, sub, room)] = self.value(value_node, sub, room - 1)
            return data
        if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
            items: list[Any] = []
            for i, item in enumerate(node.value):
                sub = f"{path}[{i}]"
                lines[sub] = item.start_mark.line + 1
                items.append(self.value(item, sub, room - 1))
            return items
        raise _NotFastError
