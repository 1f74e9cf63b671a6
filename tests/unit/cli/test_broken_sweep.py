"""Every command × every broken input: exit 2 naming the file, never a traceback.

The corpus is the broken scenarios (``tests/scenarios/broken``, which grows with each surface)
turned into workspaces, plus broken workspace configurations. Each command that reads a
workspace is run on each; commands that read the inventory must reject a broken one with exit
2 and the file's name, the others may succeed but must never crash. A command added to the CLI
without an entry in :data:`ARGS` fails :func:`test_every_workspace_command_is_swept`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from carborder.cli.main import app

runner = CliRunner()
BROKEN = Path(__file__).resolve().parents[2] / "scenarios" / "broken"

#: Arguments per command path (besides ``--workspace``); ``{tmp}`` is a scratch folder.
ARGS: dict[str, list[str]] = {
    "assess": [],
    "explain": ["crm_to_hq"],
    "plan": ["crm_to_hq"],
    "export": ["crm_to_hq", "--input", "{tmp}/in.csv", "--output", "{tmp}/out"],
    "scan": ["{tmp}/in.csv", "--asset", "crm_buyers"],
    "approval add": [
        "SCC-1",
        "--kind",
        "standard_contract",
        "--flow",
        "crm_to_hq",
        "--issued",
        "2026-01-01",
    ],
    "approval list": [],
    "approval show": ["SCC-1"],
    "approval scope": ["SCC-1", "--scope-from-flow"],
    "approval revoke": ["SCC-1"],
    "audit verify": [],
    "audit export": [],
    "audit anchor": ["--output", "{tmp}/anchor.json"],
    "filing build": ["crm_to_hq", "--output", "{tmp}/filing"],
    "filing annual-report": ["--year", "2026", "--output", "{tmp}/annual"],
    "key generate": [],
    "key rotate": ["--kind", "pseudonym"],
    "key show-id": [],
    "manifest verify": ["{tmp}/out"],
    "user add": ["li.wei", "--role", "viewer", "--no-password"],
    "user list": [],
    "user disable": ["li.wei"],
    "token create": ["li.wei"],
    "token list": [],
    "token revoke": ["1"],
}

#: Commands whose work starts from the inventory: a broken one must stop them with exit 2.
READS_INVENTORY = {
    "assess",
    "explain",
    "plan",
    "export",
    "approval add",
    "approval list",
    "approval show",
    "approval scope",
    "filing build",
    "filing annual-report",
}

#: Commands that check their own arguments before the workspace (a directory to verify).
ARGUMENT_FIRST = {"manifest verify"}

#: Not swept, and why.
NOT_SWEPT = {
    "serve": "starts a server that runs until stopped (its start-up checks are tested in web)"
}


def _workspace_commands(
    typer_app: typer.Typer, prefix: str = ""
) -> dict[str, Callable[..., object]]:
    out: dict[str, Callable[..., object]] = {}
    for cmd in typer_app.registered_commands:
        assert cmd.callback is not None
        name = f"{prefix}{cmd.name or cmd.callback.__name__}"
        if "workspace" in inspect.signature(cmd.callback).parameters:
            out[name] = cmd.callback
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        out.update(_workspace_commands(group.typer_instance, f"{prefix}{group.name} "))
    return out


def test_every_workspace_command_is_swept() -> None:
    missing = set(_workspace_commands(app)) - set(ARGS) - set(NOT_SWEPT)
    assert missing == set(), f"add these commands to the broken-input sweep: {sorted(missing)}"


_DROP_KEYS = re.compile(r"^(name|as_of|description):.*\n", re.M)
_EXPECT = re.compile(r"^expect:\n(?:[ \t]+.*\n?)*", re.M)


def _inventory_text(scenario: Path) -> str:
    """A scenario's inventory parts, as an inventory file (name, as_of, expect removed)."""
    text = scenario.read_text(encoding="utf-8")
    return _EXPECT.sub("", _DROP_KEYS.sub("", text))


def _workspace(root: Path, inventory: str | bytes, config: str | bytes | None = None) -> Path:
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    if config is not None:
        path = root / "carborder.yaml"
        path.write_bytes(config if isinstance(config, bytes) else config.encode("utf-8"))
    for old in (root / "inventory").glob("*.yaml"):
        old.unlink()
    case = root / "inventory" / "case.yaml"
    case.write_bytes(inventory if isinstance(inventory, bytes) else inventory.encode("utf-8"))
    (root.parent / "in.csv").write_text("phone,city\n13800138000,Shanghai\n", encoding="utf-8")
    return case


def _run(command: str, root: Path, *extra: str) -> tuple[int, str]:
    tmp = str(root.parent)
    args = [a.replace("{tmp}", tmp) for a in ARGS[command]]
    result = runner.invoke(app, [*command.split(), *args, "--workspace", str(root), *extra])
    output = result.output
    assert "Traceback" not in output, f"{command}: {output}"
    assert result.exit_code != 3 and "internal error" not in output, f"{command}: {output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{command}: {result.exception!r}"
    )
    return result.exit_code, output


#: Broken scenarios whose fault is in a scenario-only key (as_of, expect): no workspace has it.
SCENARIO_ONLY = {"date_wrong_format", "expect_unknown_flow"}


def _broken_scenarios() -> list[Path]:
    return sorted(BROKEN.glob("*.yaml"))


@pytest.mark.parametrize("scenario", _broken_scenarios(), ids=lambda p: p.stem)
def test_decide_rejects_every_broken_scenario(scenario: Path) -> None:
    for fmt in ("table", "json"):
        result = runner.invoke(app, ["decide", str(scenario), "--format", fmt])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert scenario.name in result.output


@pytest.mark.parametrize("scenario", _broken_scenarios(), ids=lambda p: p.stem)
def test_every_command_rejects_a_broken_inventory(tmp_path: Path, scenario: Path) -> None:
    if scenario.stem in SCENARIO_ONLY:
        pytest.skip("the fault is in a scenario-only key; decide is checked above")
    root = tmp_path / "ws"
    case = _workspace(root, _inventory_text(scenario))
    # the other commands never read the inventory: they are swept over broken configurations
    for command in sorted(READS_INVENTORY):
        code, output = _run(command, root)
        assert code == 2, f"{command} on {scenario.name}: exit {code}\n{output}"
        assert "case.yaml" in output, f"{command} on {scenario.name}: no file named\n{output}"
    assert case.is_file()


_BROKEN_CONFIGS: dict[str, str | bytes] = {
    "syntax": "handler: {id: x\n",
    "unknown_key": "handler: {id: x, type: oem}\nstorage: sqlite:///x.db\n",
    "wrong_type": "handler: {id: x, type: oem}\nretention_years: forever\n",
    "not_a_mapping": "- handler\n- pack\n",
    "nul_byte": b"handler: {id: x, type: oem}\x00\n",
    "not_utf8": "handler: {id: 数据, type: oem}\n".encode("gbk"),
    "unknown_pack": "handler: {id: x, type: oem}\npack: no-such-pack\n",
}


@pytest.mark.parametrize("name", sorted(_BROKEN_CONFIGS))
def test_every_command_rejects_a_broken_configuration(tmp_path: Path, name: str) -> None:
    root = tmp_path / "ws"
    valid = (BROKEN.parent / "walkthroughs").glob("*.yaml")
    _workspace(root, _inventory_text(next(iter(sorted(valid)))), _BROKEN_CONFIGS[name])
    # a pack that does not exist stops the commands that decide; the others never read it
    commands = READS_INVENTORY if name == "unknown_pack" else set(ARGS)
    for command in sorted(commands):
        code, output = _run(command, root)
        assert code == 2, f"{command} with {name} carborder.yaml: exit {code}\n{output}"
        if command not in ARGUMENT_FIRST:
            assert "carborder.yaml" in output or "pack" in output, f"{command}: {output}"


def test_a_plan_typo_is_rejected_the_same_way_by_every_command(tmp_path: Path) -> None:
    """The issue's case: one typo, the same message with file, line and operators everywhere."""
    root = tmp_path / "ws"
    case = _workspace(root, _inventory_text(BROKEN / "deid_unknown_operator.yaml"))
    lines = case.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "blur_region" in text)
    messages = set()
    for command in ("assess", "plan", "explain", "export", "filing build"):
        # filings are Chinese documents: `filing build` speaks zh unless told otherwise
        code, output = _run(command, root, *(["--lang", "en"] if command == "filing build" else []))
        assert code == 2, output
        assert f"case.yaml:{line}:" in output, output
        assert "unknown operator 'blur_region'" in output
        assert "did you mean 'blur_regions'" in output and "pseudonymise" in output
        messages.add(output.split(":", 1)[1])
    assert len(messages) == 1, messages


# --- the same sweep in Chinese: the error messages come from the catalogue --------------------

#: Broken inputs whose error under ``--lang zh`` still has English words (not yet in the
#: catalogue), as (case, command). It only shrinks: an entry that now passes fails the test.
NOT_YET_ZH: set[tuple[str, str]] = set()


def _zh_commands(commands: set[str]) -> list[str]:
    callbacks = _workspace_commands(app)
    return sorted(c for c in commands if "lang" in inspect.signature(callbacks[c]).parameters)


def _zh_english(command: str, root: Path) -> list[str]:
    from tests.zh_check import english_words

    tmp = str(root.parent)
    args = [a.replace("{tmp}", tmp) for a in ARGS[command]]
    result = runner.invoke(app, [*command.split(), *args, "--workspace", str(root), "--lang", "zh"])
    assert "Traceback" not in result.output and result.exit_code != 3, result.output
    if result.exit_code != 2:
        return []
    assert "错误" in result.output, f"{command}: {result.output}"
    return english_words(result.output.replace("\n", " "))


def _zh_check(case: str, commands: list[str], root: Path) -> None:
    failures = {}
    for command in commands:
        words = _zh_english(command, root)
        if (case, command) in NOT_YET_ZH:
            assert words, f"{command} on {case} is Chinese now: remove it from NOT_YET_ZH"
        elif words:
            failures[command] = words
    assert failures == {}, f"English left in zh errors for {case}: {failures}"


@pytest.mark.parametrize("scenario", _broken_scenarios(), ids=lambda p: p.stem)
def test_broken_inventory_errors_are_chinese_under_lang_zh(tmp_path: Path, scenario: Path) -> None:
    if scenario.stem in SCENARIO_ONLY:
        pytest.skip("the fault is in a scenario-only key")
    root = tmp_path / "ws"
    _workspace(root, _inventory_text(scenario))
    _zh_check(scenario.stem, _zh_commands(READS_INVENTORY), root)


@pytest.mark.parametrize("name", sorted(_BROKEN_CONFIGS))
def test_broken_configuration_errors_are_chinese_under_lang_zh(tmp_path: Path, name: str) -> None:
    root = tmp_path / "ws"
    valid = (BROKEN.parent / "walkthroughs").glob("*.yaml")
    _workspace(root, _inventory_text(next(iter(sorted(valid)))), _BROKEN_CONFIGS[name])
    commands = READS_INVENTORY if name == "unknown_pack" else set(ARGS)
    _zh_check(name, _zh_commands(commands), root)


def test_a_json_error_under_lang_zh_is_chinese(tmp_path: Path) -> None:
    import json

    from tests.zh_check import english_words

    root = tmp_path / "ws"
    _workspace(root, _inventory_text(BROKEN / "deid_unknown_operator.yaml"))
    result = runner.invoke(
        app, ["assess", "--workspace", str(root), "--lang", "zh", "--format", "json"]
    )
    assert result.exit_code == 2, result.output
    body = json.loads(result.stdout)["error"]
    assert body["file"].endswith("case.yaml") and body["line"]
    assert "blur_region" in body["message"] and "算子" in body["message"]
    assert english_words(body["message"] + " " + body["hint"]) == [], body
    # the English body is unchanged
    result = runner.invoke(app, ["assess", "--workspace", str(root), "--format", "json"])
    assert json.loads(result.stdout)["error"]["message"] == "unknown operator 'blur_region'"
