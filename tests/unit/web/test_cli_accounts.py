"""``carborder user`` and ``carborder token``: accounts from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.store import Store
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
