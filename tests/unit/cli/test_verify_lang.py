"""`manifest verify` and `audit verify|anchor` speak the reader's language (what an auditor reads).

The English wording stays as other tests and the docs check it; under ``--lang zh`` every word
comes from the Chinese catalogue (tests/zh_check finds any English word left outside
identifiers: key ids, paths, flow ids).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.deid.keys import ENV_VAR
from carborder.gateway import export
from carborder.gateway.manifest import sign_manifest, write_manifest
from carborder.gateway.signing import load_or_create_signing_key

runner = CliRunner()


@pytest.fixture
def released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_workspace(tmp_path / "ws")
    r = export("ok_flow", workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / "out")
    assert r.status == "released", r.message
    return ws, ws / "out"


def _run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout


def _zh_clean(text: str) -> None:
    assert english_words(text, {"ok_flow"}) == [], text


def test_manifest_verify_in_chinese_every_outcome(
    released: tuple[Path, Path], tmp_path: Path
) -> None:
    ws, out = released
    pub = ws / ".carborder" / "keys" / "manifest-signing.ed25519.pub.pem"
    code, text = _run("manifest", "verify", str(out), "--workspace", str(ws), "--lang", "zh")
    assert code == 0 and "完整性：通过" in text and "清单完整且真实" in text, text
    assert "当前的签名密钥" in text
    _zh_clean(text)
    code, text = _run("manifest", "verify", str(out), "--key", str(pub), "-l", "zh")
    assert code == 0 and "中的密钥" in text, text
    _zh_clean(text)
    code, text = _run("manifest", "verify", str(out), "--lang", "zh")  # no trusted key
    assert code == 1 and "真实性：无法确认" in text, text
    _zh_clean(text)
    # re-signed by someone else, then a file altered and one added: every problem in Chinese
    doc = json.loads((out / "manifest.json").read_text())
    write_manifest(out, sign_manifest(doc["body"], load_or_create_signing_key(tmp_path / "x")))
    code, text = _run("manifest", "verify", str(out), "--workspace", str(ws), "--lang", "zh")
    assert code == 1 and "真实性：未通过" in text and "不是受信任的密钥之一" in text, text
    _zh_clean(text)
    data = next(p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    data.write_bytes(data.read_bytes() + b"x")
    (out / "extra.txt").write_text("added", encoding="utf-8")
    code, text = _run("manifest", "verify", str(out), "--workspace", str(ws), "--lang", "zh")
    assert code == 1 and "完整性：未通过" in text and "未列入清单" in text, text
    assert "清单记载为" in text
    _zh_clean(text)
    # English unchanged
    code, text = _run("manifest", "verify", str(out), "--workspace", str(ws))
    assert "integrity:    FAILED" in text and "extra.txt: not listed in the manifest" in text


def test_audit_verify_and_anchor_in_chinese(released: tuple[Path, Path], tmp_path: Path) -> None:
    ws, _ = released
    code, text = _run("audit", "verify", "--workspace", str(ws), "--lang", "zh")
    assert code == 0 and "审计链完整" in text and "已交叉核对" in text, text
    _zh_clean(text)
    code, en = _run("audit", "verify", "--workspace", str(ws))
    assert code == 0 and en.startswith("audit chain intact: ") and "; cross-checked " in en, en
    anchor = tmp_path / "anchor.json"
    code, text = _run("audit", "anchor", "--workspace", str(ws), "-o", str(anchor), "-l", "zh")
    assert code == 0 and "已将第" in text and anchor.is_file(), text
    _zh_clean(text.replace(str(anchor), ""))


def test_every_chain_problem_kind_has_a_chinese_name() -> None:
    from carborder.audit.chain import ChainProblem, ChainReport
    from carborder.i18n import messages

    en, zh = messages("en"), messages("zh")
    kinds = [i.removeprefix("audit-kind-") for i in en.ids() if i.startswith("audit-kind-")]
    assert "edited" in kinds and "counter-mismatch" in kinds
    report = ChainReport(events=3, problems=[ChainProblem(3, k, "x") for k in kinds])
    first = kinds[0]
    assert report.summary() == f"audit chain BROKEN at seq 3 ({first}): x [{len(kinds)} problem(s)]"
    for p in report.problems:
        line = report.problem_line(p, "zh")
        assert line.startswith("第 3 号事件（") and english_words(line.replace("x", "")) == [], line
    assert {i for i in zh.ids() if i.startswith("audit-")} == {
        i for i in en.ids() if i.startswith("audit-")
    }


def test_key_commands_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from carborder.workspace.init import init_workspace

    monkeypatch.delenv(ENV_VAR, raising=False)
    root = tmp_path / "ws"
    init_workspace(root)
    code, text = _run("key", "generate", "--workspace", str(root), "--lang", "zh")
    assert code == 0 and "工作区密钥" in text and "已创建" in text, text
    _zh_clean(text)
    code, text = _run("key", "rotate", "--workspace", str(root), "-k", "counter", "-l", "zh")
    assert code == 0 and "计数密钥已轮换" in text, text
    _zh_clean(text)
    code, text = _run("key", "show-id", "--workspace", str(root), "--lang", "zh")
    assert code == 0 and "公开的签名公钥" in text, text
    _zh_clean(text.split("-----BEGIN")[0].replace(str(root), ""))
    code, text = _run("key", "show-id", "--workspace", str(root))
    assert "Workspace keys" in text and "public signing key (" in text


def test_rulebook_lint_and_diff_in_chinese() -> None:
    from carborder.rulebook.loader import BUILTIN_PACKS, default_pack_dir

    code, text = _run("rulebook", "lint", str(default_pack_dir()), "--lang", "zh")
    assert code == 0 and "通过" in text and "规则" in text, text
    _zh_clean(text)
    code, en = _run("rulebook", "lint", str(default_pack_dir()))
    assert code == 0 and " rules, " in en and " facts" in en, en
    pack = next(iter(BUILTIN_PACKS))
    code, text = _run("rulebook", "diff", pack, pack, "--lang", "zh")
    assert code == 0 and "没有差异" in text, text
    _zh_clean(text.replace(pack, ""))
