"""`carborder key generate|rotate|show-id`: keys from the CLI, ids only, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.deid.keys import ENV_VAR
from carborder.store import Store
from carborder.workspace.init import init_workspace

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
