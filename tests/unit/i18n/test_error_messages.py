"""Errors carry catalogue messages: every id a raise site names exists, English is unchanged."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

from tests.zh_check import english_words

from carborder.errors import InventoryError, Msg
from carborder.i18n import messages
from carborder.rulebook.schema import FactSpec
from carborder.scan.result import SKIP_REASONS

SRC = Path(__file__).resolve().parents[3] / "src" / "carborder"
_LITERAL_ID = re.compile(r"""\bMsg\(\s*"([a-z0-9-]+)"|"((?:err|hint)-[a-z0-9-]+)"\s+if\b""")
#: Ids kept in tables (errno → message, file role → message...) and passed to Msg later.
_TABLE_ID = re.compile(
    r'"((?:err|hint|what|os|kind|not-exported|warn|refused|web-err|web-hint)-[a-z0-9-]+)"'
)


def test_every_message_id_a_raise_site_names_is_in_both_catalogues() -> None:
    ids = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in _LITERAL_ID.finditer(text):
            ids.add(match.group(1) or match.group(2))
        ids.update(_TABLE_ID.findall(text))
    # ids built at the raise site: one per fact type and per inventory kind
    fact_types = typing.get_args(FactSpec.model_fields["type"].annotation)
    ids |= {f"fact-type-{t}" for t in fact_types} | {"inv-kind-asset", "inv-kind-flow"}
    # the head of a skipped file's reason: one per skip reason
    ids |= {"skip-reason-" + reason.replace(" ", "-") for reason in SKIP_REASONS}
    assert len(ids) > 200
    for lang in ("en", "zh"):
        missing = {i for i in ids if not messages(lang).has(i)}
        assert missing == set(), f"{lang}: {sorted(missing)}"


def test_an_error_renders_in_the_reader_language_and_keeps_library_text_quoted() -> None:
    exc = InventoryError(
        Msg("err-invalid-value", detail="Input should be a valid integer", found="'x'"),
        file="inv/case.yaml",
        line=12345,
        key="assets[0].facts",
        hint=Msg("hint-fact-meaning", meaning={"en": "head-count", "zh": "人数"}),
    )
    assert exc.render() == (
        "inv/case.yaml:12345: assets[0].facts: Input should be a valid integer (found 'x')"
        "\n  → head-count"
    )
    zh = exc.render("zh")
    assert "取值无效" in zh and "人数" in zh and english_words(zh) == []
    assert exc.translated and str(exc) == exc.render()


def test_plain_text_errors_are_not_translated() -> None:
    exc = InventoryError("something English", hint="do this")
    assert not exc.translated
    assert exc.localized("zh") == ("something English", "do this")


def test_every_os_database_and_key_error_reads_chinese() -> None:
    """The tables the gateway words system errors with: each entry, in both languages."""
    import errno

    from carborder.keys.weak import weak_key_msg
    from carborder.safety.dberrors import _KNOWN, database_error
    from carborder.safety.oserrors import _ADVICE, _WHAT, input_error_from_os

    errors = [
        input_error_from_os(OSError(code, "x", "/d/f"), action=action, what=what)
        for code in [*_ADVICE, errno.ECONNRESET]
        for action in ("read", "write")
        for what in (*_WHAT, None)
    ]
    errors += [database_error(fragment, file="/w/carborder.db") for fragment, *_ in _KNOWN]
    assert all(e is not None and e.translated for e in errors)
    for e in errors:
        assert e is not None
        assert english_words(e.render("zh").replace("\n", " ")) == [], e.render("zh")
    eacces = input_error_from_os(PermissionError(13, "x", "/k"), action="write", what="folder")
    assert eacces.render() == "/k: folder: permission denied (write)\n  → give this user write " + (
        "access (`ls -l` shows owner and mode), or run as the owner"
    )
    assert eacces.localized("zh") == (
        "文件夹：权限不足（写入）",
        "请给此用户写入权限（`ls -l` 可查看属主和权限位），或以属主身份运行",
    )
    # a system message carborder has no words for is quoted detail
    other = input_error_from_os(OSError(errno.ECONNRESET, "Connection reset by peer"))
    assert other.message == "Connection reset by peer"
    assert other.localized("zh")[0] == "系统报错：“Connection reset by peer”"
    for material in (b"0" * 40, b"ab" * 20, b"short", b"abcdeabcdfabcdg", b"changeme123456789"):
        reason = weak_key_msg(material)
        assert reason is not None and english_words(reason.format("zh")) == []


def test_operator_parameters_our_validators_reject_read_chinese() -> None:
    import pytest

    from carborder.deid.mask_text import MaskText
    from carborder.deid.truncate_trajectory import TruncateTrajectory
    from carborder.errors import InputError

    for op, params in ((MaskText, {"kinds": ["bogus"]}), (TruncateTrajectory, {"colums": 1})):
        with pytest.raises(InputError) as caught:
            op.parse(params)
        assert "invalid parameters for operator" in caught.value.render()
        zh = caught.value.render("zh")
        assert "参数无效" in zh and english_words(zh.replace("\n", " ")) == [], zh


#: Packages whose every error comes from the catalogue (a plain-text message fails below).
CATALOGUED = ("gateway", "deid", "keys", "store", "audit", "safety", "decide")
CATALOGUED_COMMANDS = (
    "export", "manifest", "key", "audit", "approval", "deid", "plan", "user", "inspect", "demo",
)  # fmt: skip
_ERRORS = {
    "CarborderError", "InputError", "PackError", "InventoryError", "WorkspaceError",
    "ScanInputError", "FilingError", "RefusedError", "IntegrityError", "AnchorRejectedError",
}  # fmt: skip


def _plain_text_errors(path: Path, root: Path = SRC) -> list[str]:
    import ast

    def plain(node: ast.expr) -> bool:
        text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        return text or isinstance(node, ast.JoinedStr | ast.BinOp)

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in _ERRORS:
            continue
        parts = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "hint")]
        if any(plain(p) for p in parts):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_gateway_side_errors_are_never_plain_text() -> None:
    """A message or hint written as a string would stay English under --lang zh."""
    files = [p for pkg in CATALOGUED for p in sorted((SRC / pkg).rglob("*.py"))]
    files += [SRC / "cli" / "commands" / f"{c}.py" for c in CATALOGUED_COMMANDS]
    found = [site for f in files for site in _plain_text_errors(f)]
    assert found == [], "use Msg(...) from the catalogue: " + ", ".join(found)


def test_the_plain_text_check_finds_plain_messages_and_hints(tmp_path: Path) -> None:
    code = (
        'raise InputError("plain")\n'
        'raise errors.WorkspaceError(Msg("err-x"), hint=f"plain {x}")\n'
        'raise InputError(Msg("err-x"), hint=Msg("hint-x"))\n'
        'raise ValueError("a programming error, not for people")\n'
    )
    (tmp_path / "m.py").write_text(code, encoding="utf-8")
    assert _plain_text_errors(tmp_path / "m.py", tmp_path) == ["m.py:1", "m.py:2"]


#: Packages whose errors all come from the catalogue: a raise site there that writes its message
#: or hint as a text literal (or f-string) would be English under ``--lang zh``.
CATALOGUED = ("scan", "workspace", "filings", "rulebook", "model", "decide", "web", "i18n")


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is not None
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    return False


def _error_classes() -> set[str]:
    import carborder.errors as errors_module
    import carborder.web.errors as web_errors

    names = {n for n in dir(errors_module) if n.endswith("Error")}
    return names | {n for n in dir(web_errors) if n.endswith("Error")} | {"LoginThrottledError"}


def test_no_raise_site_in_the_catalogued_packages_writes_english_text() -> None:
    errors = _error_classes()
    found = []
    for package in CATALOGUED:
        for path in sorted((SRC / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in errors:
                    continue
                parts = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "hint")]
                if any(_literal(p) for p in parts):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == [], f"give these errors a Msg from the catalogue: {found}"
