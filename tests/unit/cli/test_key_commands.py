"""`carborder key generate|rotate|show-id`: keys from the CLI, ids only, audited."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.commands.key import key_note
from carborder.cli.main import app
from carborder.deid.keys import ENV_VAR
from carborder.i18n import messages
from carborder.store import Store
from carborder.workspace.init import init_workspace
from carborder.workspace.keys import key_infos

runner = CliRunner()


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENV_VAR, raising=False)
    init_workspace(tmp_path / "ws")
    return tmp_path / "ws"


def _keys(ws: Path) -> dict[str, dict[str, object]]:
    res = runner.invoke(app, ["key", "show-id", "--workspace", str(ws), "--format", "json"])
    assert res.exit_code == 0, res.output
    return {k["kind"]: k for k in json.loads(res.output)}


def _secrets(ws: Path) -> list[str]:
    out = []
    for f in (ws / ".carborder" / "keys").rglob("*"):
        if f.is_file() and not f.name.endswith(".pub.pem") and f.name != "ACTIVE":
            out.append(f.read_text().strip())
    return out


def test_generate_creates_every_missing_key_once_and_audits_it(ws: Path) -> None:
    assert all(k["key_id"] is None for k in _keys(ws).values())
    res = runner.invoke(app, ["key", "generate", "--workspace", str(ws)])
    assert res.exit_code == 0, res.output
    first = _keys(ws)
    assert all(k["key_id"] for k in first.values())
    res = runner.invoke(app, ["key", "generate", "--workspace", str(ws), "--format", "json"])
    assert [k["created"] for k in json.loads(res.output)] == [False, False, False]
    assert _keys(ws) == first  # existing keys are never replaced
    store = Store.for_workspace(ws)
    try:
        events = [e for e in store.iter_events() if e.name == "key.generated"]
    finally:
        store.close()
    assert sorted(e.payload["kind"] for e in events) == ["counter", "pseudonym", "signing"]


def test_show_id_never_prints_a_secret(ws: Path) -> None:
    runner.invoke(app, ["key", "generate", "--workspace", str(ws)])
    res = runner.invoke(app, ["key", "show-id", "--workspace", str(ws)])
    assert res.exit_code == 0 and "BEGIN PUBLIC KEY" in res.output
    secrets = _secrets(ws)
    assert len(secrets) == 3
    for secret in secrets:
        for line in secret.splitlines():
            if "-----" not in line:
                assert line not in res.output


@pytest.mark.parametrize("kind", ["pseudonym", "counter", "signing"])
def test_rotate_replaces_the_active_key_and_audits_it(ws: Path, kind: str) -> None:
    runner.invoke(app, ["key", "generate", "--workspace", str(ws)])
    before = _keys(ws)[kind]["key_id"]
    res = runner.invoke(app, ["key", "rotate", "--workspace", str(ws), "--kind", kind])
    assert res.exit_code == 0, res.output
    after = _keys(ws)[kind]["key_id"]
    assert after and after != before
    assert f"{before} → {after}" in res.output
    store = Store.for_workspace(ws)
    try:
        rotated = [e.payload for e in store.iter_events() if e.name == "key.rotated"]
    finally:
        store.close()
    assert rotated == [{"kind": kind, "old_key_id": before, "new_key_id": after}]


def test_rotate_needs_a_kind(ws: Path) -> None:
    res = runner.invoke(app, ["key", "rotate", "--workspace", str(ws)])
    assert res.exit_code == 2 and "--kind" in res.output


def test_missing_key_hint_names_the_cli_not_python(ws: Path) -> None:
    from carborder.deid.keys import Keyring

    with pytest.raises(Exception, match="carborder key generate") as info:
        Keyring.load(ws / ".carborder" / "keys" / "pseudonym", env={}).key()
    assert "Keyring.generate" not in str(info.value)


@pytest.mark.parametrize("env_key", [False, True])
def test_key_notes_say_the_same_in_zh_and_en(
    ws: Path, monkeypatch: pytest.MonkeyPatch, env_key: bool
) -> None:
    """The table's notes come from the catalogue in both languages, with the same facts."""
    runner.invoke(app, ["key", "generate", "--workspace", str(ws)])
    runner.invoke(app, ["key", "rotate", "--workspace", str(ws), "--kind", "pseudonym"])
    if env_key:
        monkeypatch.setenv(ENV_VAR, hashlib.sha256(b"a key kept in China").hexdigest())
    infos = {i.kind.value: i for i in key_infos(ws)}
    en, zh = messages("en"), messages("zh")
    for info in infos.values():  # English: the workspace's own note, word for word
        assert key_note(info, en) == info.note
    pseudonym = infos["pseudonym"]
    assert pseudonym.keys_in_folder == 2 and key_note(pseudonym, en).startswith("2 key(s)")
    zh_note = key_note(pseudonym, zh)
    assert zh_note.startswith("密钥目录中有 2 个假名化密钥")
    if env_key:
        assert pseudonym.env_key_id is not None
        assert f"已设置 ${ENV_VAR}，优先使用它（密钥 {pseudonym.env_key_id}）" in zh_note
    else:
        assert ENV_VAR not in zh_note
    res = runner.invoke(app, ["key", "show-id", "--workspace", str(ws), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    ids = {i.key_id or "" for i in infos.values()} | {i.fingerprint or "" for i in infos.values()}
    table = res.stdout.split("BEGIN PUBLIC KEY")[0]
    assert english_words(table, ids) == [], table
