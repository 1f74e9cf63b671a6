"""Every human-facing command takes --lang; plan speaks Chinese fully.

Commands whose output is for programs (JSON, JSONL) or that serve pages with their own language
switch are exempt, each with its reason; a new command without --lang fails here.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import typer
from tests.zh_check import english_words, pack_identifiers
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.rulebook import load_pack

runner = CliRunner()

#: A language switch of its own. (Commands whose output is for programs — `audit export`,
#: `approval show` — take --lang too: their errors are read by people.)
EXEMPT: dict[str, str] = {}


def _commands(typer_app: typer.Typer, prefix: str = "") -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for cmd in typer_app.registered_commands:
        assert cmd.callback is not None
        name = f"{prefix}{cmd.name or cmd.callback.__name__}"
        out[name] = set(inspect.signature(cmd.callback).parameters)
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        out.update(_commands(group.typer_instance, f"{prefix}{group.name} "))
    return out


def test_every_human_facing_command_takes_lang() -> None:
    commands = _commands(app)
    without = {name for name, params in commands.items() if "lang" not in params}
    assert without - set(EXEMPT) == set(), "give these commands --lang"
    # an exemption for a command that has --lang (or no longer exists) is stale
    assert set(EXEMPT) <= without, "remove from EXEMPT: it has --lang now (or is gone)"


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("plan") / "demo"
    result = runner.invoke(app, ["demo", str(ws), "--skip-export"])
    assert result.exit_code == 0, result.output
    return ws


@pytest.mark.parametrize("flow", ["tsp_to_munich", "crm_to_hq", "adas_to_us"])
def test_plan_in_chinese_is_chinese(demo_ws: Path, flow: str) -> None:
    result = runner.invoke(
        app, ["plan", flow, "-w", str(demo_ws), "--lang", "zh", "--as-of", "2026-11-23"]
    )
    assert result.exit_code == 0, result.output
    assert "数据出境流" in result.stdout and "不构成法律意见" in result.stdout
    header = result.stdout.splitlines()[0]
    ids = pack_identifiers(load_pack()) | {flow}
    assert english_words(header, ids) == [], header
    assert "allowed" not in result.stdout and "needs approval" not in result.stdout


def test_init_and_approval_messages_in_chinese(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(root), "--lang", "zh"])
    assert result.exit_code == 0 and "已写入" in result.stdout and "下一步" in result.stdout
    assert english_words(result.stdout) == []
    (root / "inventory" / "flows.yaml").write_text(
        "flows:\n  - {id: f1, activity: transfer, assets: [a1], recipient: r1}\n", encoding="utf-8"
    )
    (root / "inventory" / "assets.yaml").write_text("assets:\n  - {id: a1}\n", encoding="utf-8")
    (root / "inventory" / "recipients.yaml").write_text(
        "recipients:\n  - {id: r1, country: 德国}\n", encoding="utf-8"
    )
    add = runner.invoke(
        app,
        ["approval", "add", "SCC-1", "-w", str(root), "--kind", "standard_contract",
         "--flow", "f1", "--issued", "2026-01-02", "--lang", "zh"],
    )  # fmt: skip
    assert add.exit_code == 0, add.output
    assert "已记录审批 SCC-1" in add.stdout
    revoke = runner.invoke(app, ["approval", "revoke", "SCC-1", "-w", str(root), "--lang", "zh"])
    assert revoke.exit_code == 0 and "已撤销审批 SCC-1" in revoke.stdout
