"""A one-shot command imports what it uses: help lists commands without loading them, a scan
of a Parquet file loads neither the store nor the gateway, filings or workspace.

Each case runs the console script's entry point in a fresh process and reads ``sys.modules``
when it has finished: what a command imports is behaviour that a stray top-level import
breaks, and every one-shot command pays for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from carborder.scan.readers import registry

#: Loaded only by the commands that store, export or file: never by help or a scan.
STORE_AND_GATEWAY = (
    "sqlalchemy",
    "carborder.store",
    "carborder.gateway",
    "carborder.filings",
    "carborder.web",
)

_RUN = """
import json, sys
from carborder.cli.main import main
sys.argv = ["carborder", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _run(*args: str, code: int = 0) -> tuple[str, set[str]]:
    """Stdout and the modules imported by ``carborder ARGS`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(args)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
    )
    report = json.loads(done.stderr.rsplit("\n", 1)[-1])
    assert (report["code"] or 0) == code, done.stderr
    return done.stdout, set(report["modules"])


def _loaded(modules: set[str], *names: str) -> list[str]:
    return sorted(m for m in modules for n in names if m == n or m.startswith(n + "."))


def _commands(modules: set[str]) -> list[str]:
    """The command modules loaded (their package is imported to find them)."""
    return sorted(m for m in modules if m.startswith("carborder.cli.commands."))


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--help",), 0), (("--lang", "zh", "--help"), 0), ((), 2)],  # no command: help, exit 2
)
def test_listing_the_commands_loads_none_of_them(args: tuple[str, ...], code: int) -> None:
    out, modules = _run(*args, code=code)
    assert " scan " in out and " export " in out
    assert _commands(modules) == []
    assert _loaded(modules, *STORE_AND_GATEWAY) == []
    assert _loaded(modules, "carborder.scan", "carborder.workspace", "pyarrow") == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_listing_reads_as_the_whole_apps(lang: str) -> None:
    # the console script lists commands it has not loaded; the whole app (every command
    # registered) must list the same names and texts, in the same order and panels
    whole = (
        "import sys, typer.main\n"
        "from carborder.cli.groups import full_app\n"
        "typer.main.get_command(full_app())(sys.argv[1:], prog_name='carborder')\n"
    )
    args = ["--lang", lang, "--help"]
    env = {**os.environ, "COLUMNS": "120"}
    expected = subprocess.run(
        [sys.executable, "-c", whole, *args], capture_output=True, text=True, env=env
    )
    assert expected.returncode == 0, expected.stderr
    listed, _ = _run(*args)
    assert listed == expected.stdout


@pytest.mark.parametrize("command", ["scan", "decide", "rulebook"])
def test_a_commands_help_loads_only_that_command(command: str) -> None:
    out, modules = _run(command, "--help")
    assert "--help" in out
    assert _commands(modules) == [f"carborder.cli.commands.{command}"]
    assert _loaded(modules, *STORE_AND_GATEWAY) == []


def test_scan_help_loads_no_scan_engine() -> None:
    _, modules = _run("scan", "--help")
    assert _loaded(modules, "carborder.scan", "carborder.workspace", "pyarrow") == []


def test_a_parquet_scan_loads_neither_store_gateway_nor_workspace(tmp_path: Path) -> None:
    data = tmp_path / "people.parquet"
    pq.write_table(pa.table({"phone": ["13800138000", "13900139000"]}), data)
    out, modules = _run("scan", str(data), "--format", "json")
    assert "pi.kinds" in json.loads(out)["facts"]
    assert _loaded(modules, *STORE_AND_GATEWAY, "carborder.workspace") == []
    # the vehicle engine (readers, formats, the vehicle.facts detector) is for vehicle data
    assert _loaded(modules, "carborder.scan.vehicle") == []
    # the JSON carries no message but the disclaimer (plain text): no Fluent runtime, no help
    assert _loaded(modules, "fluent.runtime", "typer.rich_utils") == []


def test_finding_a_parquet_reader_imports_no_vehicle_format() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from carborder.scan.readers import registry\n"
        "assert registry.reader_for(Path('a.parquet')).name == 'parquet'\n"
        "assert registry.get('parquet').name == 'parquet'\n"
        "assert 'carborder.scan.vehicle' not in sys.modules\n"
        "assert registry.reader_for(Path('drive.MCAP')).name == 'mcap'\n"
        "assert registry.reader_for(Path('x.log.gz')).name == 'can'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_builtin_suffix_index_is_what_the_modules_register() -> None:
    # the registry imports a built-in module only for files with the suffixes it lists here
    registry.names()  # every built-in registered
    for module, suffixes in registry.BUILTIN_SUFFIXES.items():
        registered = [
            s for c in registry.READERS.values() if c.__module__ == module for s in c.suffixes
        ]
        assert sorted(suffixes) == sorted(registered), module
