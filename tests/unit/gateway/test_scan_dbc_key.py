"""The gateway's default scanner decodes CAN logs with the workspace's DBCs, and a new DBC
changes the scan-reuse key (an old scan made without it must not be reused)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

pytest.importorskip("can")
pytest.importorskip("cantools")
pytest.importorskip("opendbc")

from tests.can_logs import mqb_dbc_path, write_vin_log
from tests.gateway_workspace import make_workspace

from carborder.gateway.context import scan_key, workspace_scanner
from carborder.scan.readers.can import load_dbc


def _set_dbc(ws: Path, dbc: list[str]) -> None:
    cfg = yaml.safe_load((ws / "carborder.yaml").read_text(encoding="utf-8"))
    cfg["dbc"] = dbc
    (ws / "carborder.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")


def test_workspace_dbc_reaches_scanner_andscan_key(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    log = tmp_path / "vin.log"
    write_vin_log(log, load_dbc([mqb_dbc_path()]))
    before = scan_key(ws)
    assert "vin" not in workspace_scanner(ws)([log]).facts.get("pi.kinds", [])

    shutil.copy(mqb_dbc_path(), ws / "mqb.dbc")
    _set_dbc(ws, ["mqb.dbc"])
    after = scan_key(ws)
    assert after != before and any(k.startswith("dbc-") for k in after)
    assert "vin" in workspace_scanner(ws)([log]).facts["pi.kinds"]

    # Same path, other content: a different key.
    (ws / "mqb.dbc").write_text((ws / "mqb.dbc").read_text("utf-8") + "\n", "utf-8")
    assert scan_key(ws) != after
