"""Strict YAML reading: duplicate keys are errors, dates stay strings, lines are remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carborder.errors import CarborderError

__all__ = ["LineMap", "read_yaml"]

#: Dotted key path → 1-based line number where that key's value starts.
LineMap = dict[str, int]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and keeps dates as ISO strings."""


def _no_timestamps(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    # Keep dates as text so pydantic parses them with one set of rules and one error format.
    return str(loader.construct_scalar(node))


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _no_timestamps)


def _walk(node: yaml.Node, path: str, lines: LineMap) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _DuplicateKeyError(key, line, seen[key], path)
            seen[key] = line
            sub = f"{path}.{key}" if path else key
            lines[sub] = line
            _walk(value_node, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            lines[sub] = item.start_mark.line + 1
            _walk(item, sub, lines)


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, first: int, path: str) -> None:
        self.key, self.line, self.first, self.path = key, line, first, path


def read_yaml(
    path: Path, error: type[CarborderError], *, multi: bool = False
) -> list[tuple[Any, LineMap]]:
    """Read one YAML file (or every document of it with ``multi``) with line numbers.

    Raises ``error`` naming the file and line for syntax errors and duplicate keys.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(
            f"cannot read file: {exc}", file=path, hint="check the path and that it is UTF-8"
        ) from exc
    try:
        nodes = list(yaml.compose_all(text, Loader=_StrictLoader))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(
            f"malformed YAML: {exc.problem or exc}",
            file=path,
            line=line,
            hint="fix the indentation or quoting near this line (a YAML linter shows the spot)",
        ) from exc
    if not multi and len(nodes) > 1:
        raise error("expected one YAML document, found several", file=path)
    out: list[tuple[Any, LineMap]] = []
    for node in nodes:
        if node is None:
            continue
        lines: LineMap = {}
        try:
            _walk(node, "", lines)
        except _DuplicateKeyError as dup:
            raise error(
                f"duplicate key '{dup.key}' (first at line {dup.first})",
                file=path,
                line=dup.line,
                key=dup.path or None,
                hint="each key may appear once in a mapping; merge or rename one of them",
            ) from None
        loader = _StrictLoader(text)
        try:
            data = loader.construct_document(node)
        finally:
            loader.dispose()
        out.append((data, lines))
    return out
