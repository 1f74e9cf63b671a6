"""Facts no operator touches carry over: blurring faces and plates does not reopen known facts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("mcap")

from tests.gateway_workspace import KEY, make_workspace

from carborder.audit.clock import fixed_clock
from carborder.decide import decide_all
from carborder.deid.keys import ENV_VAR
from carborder.demo.vehicle import write_demo_vehicle
from carborder.gateway import export
from carborder.scan import example_areas_path, save_scan, scan
from carborder.workspace.config import Workspace

DAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

#: Declared by the officer: no survey data, no fleet flows. Whether the drive touches a
#: sensitive area is known only from the saved scan (run with a sensitive-area file the
#: workspace does not configure, so the gateway's own scan of the inputs cannot tell).
_FACTS: dict[str, Any] = {
    "domain": "driving_automation",
    "content.kinds": ["camera_video"],
    "pi.sensitive_kinds": [],
    "vehicle_flow": False,
    "survey.pointcloud": False,
    "survey.hd_map": False,
}


def _add(ws: Path, name: str, key: str, items: list[dict[str, Any]]) -> None:
    path = ws / "inventory" / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc[key].extend(items)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def test_blurred_drive_with_assessment_and_surveying_approval_stays_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    drive = write_demo_vehicle(tmp_path / "vehicle")["adas_drive_log"][0]
    ws = make_workspace(tmp_path / "ws")
    _add(ws, "assets.yaml", "assets", [{"id": "drive", "facts": _FACTS}])
    blur = {"op": "blur_regions", "targets": ["faces", "plates"], "method": "blur"}
    _add(
        ws,
        "flows.yaml",
        "flows",
        [
            {
                "id": "drive_out",
                "activity": "transfer",
                "assets": ["drive"],
                "recipient": "rd",
                "scenario": "rd_collaboration",
                "deid": [blur],
            }
        ],
    )
    _add(
        ws,
        "approvals.yaml",
        "approvals",
        [
            {
                "id": "SA-1",
                "kind": "security_assessment",
                "flows": ["drive_out"],
                "issued": "2026-01-05",
                "scope": {"purposes": ["rd_collaboration"], "recipients": ["rd"]},
            },
            {"id": "MNR-1", "kind": "mnr_approval", "flows": ["drive_out"], "issued": "2026-01-05"},
        ],
    )
    # the asset's saved scan covered the drive log and its GNSS table, against the areas file
    gnss = ws / "data" / "trips.parquet"
    saved = scan([drive, gnss], asset="drive", sensitive_areas=example_areas_path())
    assert isinstance(saved.facts["geo.in_sensitive_area"], bool)
    save_scan(ws, "drive", saved)

    w = Workspace.open(ws)
    pack = w.pack()
    before = next(
        d
        for d in decide_all(w.inventory(pack), pack, DAY.date(), detected=w.detected_facts())
        if d.flow == "drive_out"
    )
    assert before.status.value == "allowed" and before.missing_facts == []

    r = export(
        "drive_out",
        workspace=ws,
        inputs=[drive],
        output=ws / "out",
        dry_run=True,
        clock=fixed_clock(DAY),
    )
    assert r.decision_status == "allowed", r.message
    assert "geo.in_sensitive_area" not in r.message
