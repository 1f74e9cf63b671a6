"""The one YAML reader refuses bombs and oddities with file, line and remedy (exit 2 in the CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.errors import InventoryError
from carborder.rulebook.yamlio import read_yaml


def _laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    return text


def _alias_nest() -> str:
    # each alias nests the previous 60-deep list inside another: deep only once expanded
    text = "a0: &a0 " + "[" * 60 + "]" * 60 + "\n"
    for i in range(1, 4):
        text += f"a{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 + "\n"
    return text


CASES = {
    # name: (file text, line named, fragment of the message)
    "billion_laughs": (_laughs(), 7, "expands to more than"),
    "deep_nesting": ("a: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested deeper than 64"),
    "deep_mapping": (
        "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n",
        65,
        "nested deeper",
    ),
    "self_alias": ("a: &x [*x]\n", 1, "a cycle"),
    "self_alias_map": ("a: &x {b: *x}\n", 1, "a cycle"),
    "alias_nesting": (_alias_nest(), None, "once aliases are expanded"),
    "many_aliases": ("a: &a 1\nb: [" + ", ".join(["*a"] * 600) + "]\n", 2, "aliases"),
    "python_tag": ("a: !!python/object/apply:os.system [ls]\n", 1, "unsupported YAML tag"),
    "custom_tag": ("a: !secret x\n", 1, "unsupported YAML tag"),
    "nul_byte": ("name: x\nas_of: 2026-01-01\x00\n", 2, "U+0000"),
    "bell_char": ("name: x\x07\n", 1, "U+0007"),
    "long_int": ("as_of: " + "9" * 5000 + "\n", 1, "more than 64 digits"),
    "long_float": ("x: 1." + "5" * 5000 + "\n", 1, "more than 64 digits"),
    "latin1": ("name: caf\xe9\n", 1, "not UTF-8"),
}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    data = text.encode("latin-1") if name == "latin1" else text.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_reader_refuses_with_line_and_hint(tmp_path: Path, name: str) -> None:
    text, line, fragment = CASES[name]
    path = _write(tmp_path, name, text)
    with pytest.raises(InventoryError) as info:
        read_yaml(path, InventoryError, multi=True)
    err = info.value
    assert fragment in err.message, err.render()
    assert err.file == str(path) and err.hint
    if line is not None:
        assert err.line == line, err.render()


@pytest.mark.parametrize("name", sorted(CASES))
def test_decide_exits_2_with_one_message(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, CASES[name][0])
    res = CliRunner().invoke(app, ["decide", str(path)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and res.output.count("error:") == 1
    assert path.name in res.output


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    from carborder.safety.limits import MAX_YAML_BYTES

    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(MAX_YAML_BYTES + 1)
    with pytest.raises(InventoryError, match="larger than 8 MiB"):
        read_yaml(path, InventoryError)


def test_ordinary_aliases_and_numbers_still_load(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("base: &b {x: 1}\nuse: *b\nbig: 12345678901234567890\nf: 1.5e+3\n")
    [(data, lines)] = read_yaml(path, InventoryError)
    assert data == {"base": {"x": 1}, "use": {"x": 1}, "big": 12345678901234567890, "f": 1500.0}
    assert lines["use.x"] == 1
