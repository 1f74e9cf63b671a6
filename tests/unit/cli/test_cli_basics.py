"""Bad input exits 2 with one message, output carries the disclaimer."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.cli import main as cli_main
from carborder.cli.groups import COMMANDS, INDEX
from carborder.cli.main import app

runner = CliRunner()
SCENARIO = (
    Path(__file__).resolve().parents[2]
    / "scenarios"
    / "walkthroughs"
    / "w1_remote_access_trajectories.yaml"
)


def test_every_listed_command_module_is_present() -> None:
    import importlib

    for name in COMMANDS:
        importlib.import_module(f"carborder.cli.commands.{name}")


# Every command's --help (en and zh, from the catalogue): tests/unit/cli/test_help_i18n.py.


def test_decide_table_carries_disclaimer() -> None:
    result = runner.invoke(app, ["decide", str(SCENARIO)])
    assert result.exit_code == 0, result.output
    assert "not legal advice" in result.output
    assert "security_assessment" in result.output


def test_decide_zh_disclaimer() -> None:
    result = runner.invoke(app, ["decide", str(SCENARIO), "--lang", "zh"])
    assert result.exit_code == 0
    assert "不构成法律意见" in result.output
    assert "申报数据出境安全评估" in result.output


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decide", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "nope.yaml" in result.output


def test_main_entry_point_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nas_of: 2026-01-01\nflows: [\n", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["carborder", "decide", str(bad)])
    with pytest.raises(SystemExit) as exc:
        cli_main.main()
    assert exc.value.code == 2


def test_on_demand_index_matches_what_the_modules_register() -> None:
    # `carborder` (the console script) loads a command's module only when it runs, from
    # this index: a command added to a module but not to the index would vanish.
    registered = [c.name or "" for c in app.registered_commands]
    registered += [g.name or "" for g in app.registered_groups]
    assert list(INDEX) == registered
    assert set(INDEX.values()) == set(COMMANDS)


def test_console_script_lists_every_command_and_runs_one_without_the_others() -> None:
    import os
    import subprocess
    import sys

    listing = subprocess.run(
        [sys.executable, "-c", "from carborder.cli.main import main; main()", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert listing.returncode == 0, listing.stderr
    for name in INDEX:
        assert f" {name} " in listing.stdout, name
    code = (
        "import sys\n"
        "from carborder.cli.main import main\n"
        "sys.argv = ['carborder', 'decide', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('carborder.cli.commands.'))\n"
        "assert loaded == ['carborder.cli.commands.decide'], loaded\n"
        "assert 'carborder.gateway' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_tabular_scan_loads_neither_opencv_nor_the_other_catalogue(tmp_path: Path) -> None:
    # A one-shot `carborder scan` of a CSV pays for what it reads: the vision package
    # (OpenCV, models) belongs to images and video, typer's rich help module (rich's Markdown,
    # Pygments) to help and usage errors, and the JSON output's disclaimer in both languages
    # comes from one small catalogue file, not both whole catalogues.
    import json
    import subprocess
    import sys

    data = tmp_path / "t.csv"
    data.write_text("vin,phone\nLSVAU218XN2183294,13800138000\n", encoding="utf-8")
    code = (
        "import sys, json\n"
        "from carborder.cli.main import main\n"
        "from carborder.i18n import catalogue\n"
        f"sys.argv = ['carborder', 'scan', {str(data)!r}, '--format', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "heavy = ('cv2', 'carborder.scan.detectors.vision', 'typer.rich_utils')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "sys.stderr.write(json.dumps(catalogue.messages.cache_info().currsize))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert "pi.kinds" in doc["facts"] and set(doc["disclaimer"]) == {"en", "zh"}
    assert done.stderr.strip().endswith("1")  # one catalogue parsed (the output language's)
