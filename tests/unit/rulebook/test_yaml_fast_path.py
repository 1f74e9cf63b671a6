"""libyaml's parser under the strict composer reads every document as the reference reader does.

The fast path only replaces scanning and parsing (events); values, line maps and every error
must stay those of the pure-Python reference reader (`_StrictLoader`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.errors import PackError
from carborder.rulebook import yamlio
from carborder.rulebook.yamlio import read_yaml

pytestmark = pytest.mark.skipif(
    yamlio._FastLoader is None, reason="PyYAML here is built without libyaml (no fast path)"
)

SRC = Path(yamlio.__file__).resolve().parents[1]


def _both(text: str) -> tuple[Any, Any]:
    if "\t" in text:  # read_yaml never takes the fast path for these
        text = text.replace("\t", " ")

    def run(cls: Any) -> Any:
        try:
            return ("ok", yamlio._documents(cls(text), True))
        except Exception as exc:  # the kind of failure must agree too
            return ("error", type(exc).__name__)

    return run(yamlio._FastLoader), run(yamlio._StrictLoader)


def test_every_shipped_yaml_file_reads_the_same() -> None:
    files = sorted(p for p in SRC.rglob("*.yaml"))
    assert len(files) > 100  # packs, templates, data tables
    for path in files:
        fast, ref = _both(path.read_text(encoding="utf-8"))
        assert fast == ref, path
        assert fast[0] == "ok", path


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-02-03", "yes", "no", "~", "1e3", "0x1F", "010", "null", "a: b", "#x"])
)
docs = st.recursive(
    scalars,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(data=docs, flow=st.sampled_from([None, True, False]), unicode=st.booleans())
def test_generated_documents_read_the_same(data: Any, flow: bool | None, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    fast, ref = _both(text)
    assert fast == ref


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("a: 1\n", False),
        ("a: 'x\ty'\n", True),
        ("a: 1\x07\n", True),
        ("a: \ufeffb\n", False),
        ("a: |-2#\n  b\n", True),
        ("a: >#\n  b\n", True),
        ("a: '|x' # note\n", False),
    ],
)
def test_what_libyaml_reads_unlike_the_reference_is_left_to_it(text: str, left: bool) -> None:
    assert yamlio._not_fast(text) is left


def test_a_shipped_file_with_a_duplicate_key_fails_the_test_above() -> None:
    # the fast path refuses what the reference refuses, so a shipped file cannot read as "ok"
    duplicate = ("error", "_DuplicateKeyError")
    assert _both("a: 1\nb:\n  c: 2\n  c: 3\n") == (duplicate, duplicate)


def _nested(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_the_fast_path_nests_as_deep_as_the_reference() -> None:
    deepest = _nested(yamlio.MAX_YAML_DEPTH)  # the root mapping is one level
    assert _both(deepest) == (("ok", yamlio._documents(yamlio._StrictLoader(deepest), False)),) * 2
    assert _both(_nested(yamlio.MAX_YAML_DEPTH + 1)) == (
        ("error", "_NotFastError"),
        ("error", "_LimitError"),
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, {b: 2}]\nc: *x\n",  # aliases
        "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",  # merge key
        "a: !!binary aGVsbG8=\n",  # a tag beyond the core scalars
        "a: !!set {x, y}\n",
        "a: !!omap [{x: 1}, {y: 2}]\n",
        "= : 1\n",  # the value key
        "? [1, 2]\n: x\n",  # a key that is a collection (refused by both)
    ],
)
def test_what_the_fast_path_leaves_is_read_by_the_reference(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(yamlio._NotFastError):
        yamlio._documents(yamlio._FastLoader(text), False)
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")

    def read() -> Any:
        try:
            return read_yaml(f, PackError)
        except PackError as exc:
            return str(exc), exc.line

    monkeypatch.setattr(yamlio, "_shipped", lambda path: True)
    as_shipped = read()
    monkeypatch.setattr(yamlio, "_FastLoader", None)
    assert as_shipped == read()


@pytest.mark.parametrize(
    "text",
    [
        "a: ! 12\nb: ! [1]\nc: !<!> x\n",  # the non-specific tag
        "a: !!str 1\nb: !!int '7'\nc: !!float 1\nd: !!bool yes\ne: !!null ''\n",
        "d: 2026-02-03\nt: 2026-02-03T10:00:00Z\nn: ~\nb: [yes, No, off]\nx: 0x1F\n",
        "1: a\n0x1: b\ntrue: c\nyes: d\n~: e\n1.5: f\n",  # keys equal once built
        "- - - []\n  - {}\n- ''\n",
        "",
        "# only a comment\n",
        "--- 3\n",
    ],
)
def test_plain_yaml_reads_the_same(text: str) -> None:
    fast, ref = _both(text)
    assert fast == ref
    assert fast[0] == "ok"


def test_files_people_write_never_take_the_fast_path(tmp_path: Path) -> None:
    # libyaml reads this malformed flow mapping; the reference refuses it, and so must we
    text = "{1-\n?\na>}\n"
    assert _both(text)[0][0] == "ok"
    f = tmp_path / "inventory.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match="malformed YAML"):
        read_yaml(f, PackError)


def test_shipped_files_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[str] = []
    real = yamlio._FastLoader

    def spy(text: str) -> Any:
        used.append(text)
        return real(text)

    monkeypatch.setattr(yamlio, "_FastLoader", spy)
    pack = SRC / "rulebook" / "packs" / "cn-auto-2026" / "pack.yaml"
    ((data, lines),) = read_yaml(pack, PackError)
    assert used and data["id"] == "cn-auto-2026" and lines["id"] >= 1


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: [1, 2\n",  # unclosed flow sequence
        "a: !!python/object:os.system x\n",  # unsupported tag
        "---\na: 1\n---\nb: 2\n",  # several documents
        "a: " + "[" * 100 + "]" * 100 + "\n",  # too deep
        "a: 1\x07\n",  # forbidden character
        "- b: 1\n  c: 2\n  b: 3\n",  # duplicate key deeper down
        "a: &a [*a]\n",  # self-referencing alias
        "a: &x 1\n" + "".join(f"b{i}: *x\n" for i in range(600)),  # too many aliases
        "a: " + "9" * 5000 + "\n",  # too many digits
        "a: *nowhere\n",  # alias without anchor
        "a: |#x\n  b\n",  # a comment right after a block scalar's header
        "a:\n\t- 1\n",  # a tab where indentation is
    ],
)
def test_errors_are_the_reference_readers(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    # as if shipped: the fast path is tried and fails, the reference names the problem
    monkeypatch.setattr(yamlio, "_shipped", lambda path: True)
    with pytest.raises(PackError) as fast:
        read_yaml(f, PackError)
    monkeypatch.setattr(yamlio, "_FastLoader", None)
    with pytest.raises(PackError) as ref:
        read_yaml(f, PackError)
    assert str(fast.value) == str(ref.value)
    assert fast.value.line == ref.value.line
