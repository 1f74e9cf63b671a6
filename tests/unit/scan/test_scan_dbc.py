"""CAN logs decoded with a DBC in ``scan()``, ``carborder scan`` and workspace scans, not only in
``inspect``: a VIN sent through VW MQB's multiplexed signals is found, and only with the DBC."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("can")
pytest.importorskip("cantools")
opendbc = pytest.importorskip("opendbc")

from tests.can_logs import mqb_dbc_path, write_vin_log  # noqa: E402

from carborder.cli.main import app  # noqa: E402
from carborder.errors import ScanInputError, WorkspaceError  # noqa: E402
from carborder.scan import scan  # noqa: E402
from carborder.scan.readers.can import load_dbc  # noqa: E402
from carborder.workspace.config import Workspace  # noqa: E402
from carborder.workspace.init import init_workspace  # noqa: E402

TOYOTA = Path(opendbc.__file__).parent / "dbc" / "generator" / "toyota" / "toyota_new_mc_pt.dbc"

cli = CliRunner()


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("can") / "vin.log"
    write_vin_log(path, load_dbc([mqb_dbc_path()]))
    return path


def _workspace(tmp_path: Path, dbc: str) -> Path:
    ws = tmp_path / "ws"
    init_workspace(ws)
    cfg = ws / "carborder.yaml"
    cfg.write_text(cfg.read_text("utf-8") + f"dbc: [{dbc}]\n", "utf-8")
    return ws


def test_scan_finds_the_vin_only_with_the_dbc(log: Path) -> None:
    with_dbc = scan([log], dbc=[mqb_dbc_path()])
    assert "vin" in with_dbc.facts["pi.kinds"]
    assert not with_dbc.errors
    assert "vin" not in scan([log]).facts.get("pi.kinds", [])
    # A DBC for another car decodes nothing of this log.
    assert "vin" not in scan([log], dbc=[TOYOTA]).facts.get("pi.kinds", [])


def test_pool_runner_gives_the_same_facts(log: Path) -> None:
    local = scan([log], dbc=[mqb_dbc_path()])
    pool = scan([log], dbc=[mqb_dbc_path()], runner="pool", workers=2)
    assert pool.facts == local.facts and not pool.errors


def test_missing_dbc_is_a_clear_error(log: Path, tmp_path: Path) -> None:
    with pytest.raises(ScanInputError, match="DBC file: not found"):
        scan([log], dbc=[tmp_path / "nope.dbc"])


def test_cli_scan_with_dbc(log: Path) -> None:
    args = ["scan", str(log), "--format", "json"]
    r = cli.invoke(app, [*args, "--dbc", str(mqb_dbc_path())])
    assert r.exit_code == 0, r.output
    assert "vin" in json.loads(r.stdout)["facts"]["pi.kinds"]
    r = cli.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "vin" not in json.loads(r.stdout)["facts"].get("pi.kinds", [])


def test_cli_missing_dbc_exits_2(log: Path, tmp_path: Path) -> None:
    r = cli.invoke(app, ["scan", str(log), "--dbc", str(tmp_path / "nope.dbc")])
    assert r.exit_code == 2
    assert "DBC file: not found" in r.output and "nope.dbc" in r.output


def test_workspace_dbc_reaches_cli_scan(log: Path, tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "dbc/vw_mqb.dbc")
    (ws / "dbc").mkdir()
    shutil.copy(mqb_dbc_path(), ws / "dbc" / "vw_mqb.dbc")
    assert Workspace.open(ws).dbc_paths() == [(ws / "dbc" / "vw_mqb.dbc").resolve()]
    r = cli.invoke(
        app, ["scan", str(log), "--asset", "can", "--workspace", str(ws), "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    saved = json.loads((ws / ".carborder" / "scans" / "can.json").read_text("utf-8"))
    assert "vin" in saved["facts"]["pi.kinds"]


def test_workspace_missing_dbc_is_a_clear_error(log: Path, tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "dbc/nope.dbc")
    with pytest.raises(WorkspaceError, match="dbc file not found") as exc:
        Workspace.open(ws).dbc_paths()
    assert exc.value.key == "dbc[0]" and exc.value.file == str(ws.resolve() / "carborder.yaml")
    r = cli.invoke(app, ["scan", str(log), "--asset", "can", "--workspace", str(ws)])
    assert r.exit_code == 2
    assert "dbc file not found" in r.output
