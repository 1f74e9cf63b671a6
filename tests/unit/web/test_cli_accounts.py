"""``carborder user`` and ``carborder token``: accounts from the command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from getpass import getuser
from pathlib import Path

from sqlalchemy import update
from tests.zh_check import english_words
from typer.testing import CliRunner, Result

from carborder.audit.chain import format_time
from carborder.cli.main import app
from carborder.store import Store
from carborder.store.server_tables import TokenRow
from carborder.web.db.accounts import Accounts

runner = CliRunner()


def test_user_add_list_disable_and_token_create(workspace: Path) -> None:
    ws = str(workspace)
    r = runner.invoke(
        app,
        ["user", "add", "li.wei", "--role", "compliance_officer", "--workspace", ws],
        env={"CARBORDER_PASSWORD": "a long enough passphrase"},
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app, ["user", "add", "ci", "--role", "service", "--no-password", "--workspace", ws]
    )
    assert r.exit_code == 0 and "token-only" in r.output
    r = runner.invoke(app, ["user", "list", "--workspace", ws, "--format", "json"])
    assert (
        '"li.wei"' in r.output
        and '"compliance_officer"' in r.output
        and "password_hash" not in r.output
    )
    r = runner.invoke(app, ["token", "create", "ci", "--workspace", ws, "--label", "pipeline"])
    assert r.exit_code == 0
    token = r.stdout.strip().splitlines()[-1]
    assert token.startswith("cbt_")
    store = Store.for_workspace(workspace)
    try:
        accounts = Accounts(store)
        user = accounts.user_for_token(token)
        assert user is not None and user.name == "ci"
        tokens = accounts.tokens()
        assert [t.label for t in tokens] == ["pipeline"]
    finally:
        store.close()
    r = runner.invoke(app, ["user", "disable", "ci", "--workspace", ws])
    assert r.exit_code == 0
    store = Store.for_workspace(workspace)
    try:
        assert Accounts(store).user_for_token(token) is None
    finally:
        store.close()


def test_bad_user_input_is_one_message_and_exit_2(workspace: Path) -> None:
    ws = str(workspace)
    env = {"CARBORDER_PASSWORD": "a long enough passphrase"}
    for args, fragment in (
        (["user", "add", "Bad Name", "--role", "viewer"], "invalid user name"),
        (["user", "add", "x", "--role", "root"], "unknown role"),
        (["token", "create", "ghost"], "no user 'ghost'"),
        (["user", "disable", "ghost"], "no user 'ghost'"),
    ):
        r = runner.invoke(app, [*args, "--workspace", ws], env=env)
        assert r.exit_code == 2, (args, r.output)
        assert fragment in r.output and "Traceback" not in r.output
    r = runner.invoke(
        app,
        ["user", "add", "short", "--role", "viewer", "--workspace", ws],
        env={"CARBORDER_PASSWORD": "short"},
    )
    assert r.exit_code == 2 and "at least 10 characters" in r.output


def test_user_add_without_password_source_and_no_terminal_says_what_to_do(workspace: Path) -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "CARBORDER_PASSWORD"}
    p = subprocess.run(
        [
            sys.executable,
            "-c",
            "from carborder.cli.main import main; main()",
            "user",
            "add",
            "a.b",
            "--role",
            "viewer",
            "--workspace",
            str(workspace),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert p.returncode == 2, p.stderr
    assert "CARBORDER_PASSWORD" in p.stderr and "Traceback" not in p.stderr


def _run(args: list[str], env: dict[str, str] | None = None) -> Result:
    r = runner.invoke(app, args, env=env)
    assert r.exit_code == 0, r.output
    return r


def test_user_and_token_commands_speak_chinese(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    zh = ["--lang", "zh"]
    env = {"CARBORDER_PASSWORD": "a long enough passphrase"}
    added = _run(["user", "add", "li.wei", "--role", "approver", *ws, *zh], env)
    assert "已添加用户 li.wei（出境审批人，可登录）" in added.stdout
    added = _run(["user", "add", "ci", "--role", "service", "--no-password", *ws, *zh])
    assert "程序账号" in added.stdout and "仅限令牌" in added.stdout
    created = _run(["token", "create", "ci", "--label", "nightly", *ws, *zh])
    token_id = created.stdout.strip().splitlines()[-1].split("_")[1]
    assert f"已为 ci 签发令牌 {token_id}（nightly）" in created.stderr
    ids = {"li.wei", "ci", "nightly", token_id, getuser()}
    outputs = [
        added.stdout,
        created.stderr,
        _run(["user", "list", *ws, *zh]).stdout,
        _run(["token", "list", *ws, *zh]).stdout,
        _run(["token", "revoke", token_id, *ws, *zh]).stdout,
        _run(["user", "disable", "li.wei", *ws, *zh]).stdout,
    ]
    assert "已吊销令牌" in outputs[4] and "已停用用户 li.wei" in outputs[5]
    listed = _run(["user", "list", *ws, *zh]).stdout
    assert "已停用" in listed and "出境审批人" in listed
    assert "已吊销" in _run(["token", "list", *ws, *zh]).stdout
    for text in outputs:
        assert english_words(text, ids) == [], text
    # English stays as it was: role identifiers (what --role takes) and the same words
    english = _run(["user", "list", *ws]).stdout
    assert "approver" in english and "disabled" in english and "token only" in english


def test_token_list_shows_an_expired_token_as_expired(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    _run(["user", "add", "ci", "--role", "service", "--no-password", *ws])
    _run(["token", "create", "ci", "--expires-days", "1", *ws])
    assert "active" in _run(["token", "list", *ws]).stdout
    store = Store.for_workspace(workspace)
    try:
        with store.session() as s:
            s.execute(
                update(TokenRow).values(expires=format_time(datetime(2020, 1, 1, tzinfo=UTC)))
            )
    finally:
        store.close()
    listed = _run(["token", "list", *ws]).stdout
    assert "expired" in listed and "active" not in listed
    assert "已过期" in _run(["token", "list", *ws, "--lang", "zh"]).stdout
