"""Exports of vehicle files (MCAP, ROS 1 bags) through the same gateway as tables, real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

pytest.importorskip("mcap")
pytest.importorskip("rosbags")

from tests.camera_clip import CAMERA_FACTS as _DRIVE_FACTS  # no fleet track, no survey data
from tests.gateway_workspace import KEY
from tests.media_flows import BLUR as _BLUR
from tests.media_flows import GENERAL_FACTORS as _GENERAL_FACTORS
from tests.media_flows import TABLE as _TABLE
from tests.media_flows import add_items as _add
from tests.media_flows import media_flows as _media_flows

from carborder.demo.vehicle import write_demo_vehicle
from carborder.errors import InputError
from carborder.gateway import engine_scanner, export, verify_manifest


@pytest.fixture(scope="module")
def drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ADAS drive log: /gnss/fix at 10 Hz, a front camera whose frames show a plate."""
    return write_demo_vehicle(tmp_path_factory.mktemp("vehicle"))["adas_drive_log"][0]


def _records(path: Path) -> list[tuple[str, int, int]]:
    from mcap.reader import make_reader

    with path.open("rb") as f:
        return [
            (c.topic, m.log_time, m.publish_time)
            for _, c, m in make_reader(f).iter_messages(log_time_order=False)
        ]


def test_drive_log_is_blurred_coarsened_signed_and_counted(ws: Path, drive: Path) -> None:
    _media_flows(ws)
    r = export("drive_ok", workspace=ws, inputs=[drive], output=ws / "out")
    assert r.status == "released", r.message
    assert r.decision_status == "allowed"
    out = ws / "out" / drive.name
    assert [f["path"] for f in r.files] == [drive.name] and r.rows == 120
    # Same messages, topics and timestamps; only image bytes and fixes changed.
    assert _records(out) == _records(drive)
    after = engine_scanner([out]).facts
    assert after.get("camera.plates_visible") is not True
    assert "plate" not in (after.get("pi.kinds") or [])
    precision = after["geo.precision_m"]
    assert isinstance(precision, float) and precision >= 1000
    # One drive = one person (the driver); the release counts it.
    assert r.counters == {"pi.individuals": 1, "pi.sensitive_individuals": 1}

    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    body = report.manifest["body"]
    assert body["files"][0]["rows"] == 120 and body["identity_basis"] == "files"
    assert [o["op"] for o in body["operators"]] == ["blur_regions", "generalise_gnss"]
    assert body["operators"][1]["params"] == {"precision_m": 1000.0, "grid_deg": 0.1}
    done = body["media"][0]["report"]
    assert done["images_changed"] == 20 and done["fixes_coarsened"] == 100

    import typer

    from carborder.cli.commands import manifest

    app = typer.Typer()
    manifest.register(app)
    app.command("noop")(lambda: None)  # more than one command: subcommands keep their names
    res = CliRunner().invoke(app, ["manifest", "verify", str(ws / "out"), "--workspace", str(ws)])
    assert res.exit_code == 0 and "intact" in res.output, res.output


def test_plan_without_blur_is_refused_and_writes_nothing(ws: Path, drive: Path) -> None:
    _media_flows(ws)
    r = export("drive_no_blur", workspace=ws, inputs=[drive], output=ws / "out")
    assert r.status == "refused" and r.exit_code == 1
    # Plates stay visible: outside-vehicle video with plates is important data.
    assert "camera.plates_visible=true" in r.message, r.message
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]


def test_table_and_drive_log_in_one_export(ws: Path, drive: Path) -> None:
    _media_flows(ws)
    trips = ws / "data" / "trips.parquet"
    r = export("drive_mixed", workspace=ws, inputs=[trips, drive], output=ws / "out")
    assert r.status == "released", r.message
    assert [f["path"] for f in r.files] == ["trips.parquet", drive.name]
    assert [f["rows"] for f in r.files] == [2000, 120]
    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    basis = report.manifest["body"]["identity_basis"]
    assert basis.startswith("column:") and basis.endswith("+files")
    # What ran: the table's operators, then the media steps (generalise_geo ran on the
    # drive log's GNSS as generalise_gnss).
    assert [o["op"] for o in report.manifest["body"]["operators"]] == [
        "pseudonymise",
        "generalise_geo",
        "generalise_gnss",
        "blur_regions",
    ]
    assert r.counters["pi.individuals"] == 51  # 50 people in the table + one drive


def test_dropping_location_drops_gnss_messages(ws: Path, drive: Path) -> None:
    _media_flows(ws)
    r = export("drive_no_gnss", workspace=ws, inputs=[drive], output=ws / "out")
    assert r.status == "released", r.message
    assert [s["op"] for s in r.plan] == ["blur_regions", "drop_gnss", "drop_topics"]
    out = ws / "out" / drive.name
    assert {t for t, _, _ in _records(out)} == {"/camera/front/image/compressed"}
    assert r.rows == 20
    after = engine_scanner([out]).facts
    assert after["geo.present"] is False and "location" not in (after.get("pi.kinds") or [])
    assert verify_manifest(ws / "out").ok


def test_dropping_the_camera_topic_removes_the_plates(ws: Path, drive: Path) -> None:
    _media_flows(ws)
    r = export("drive_no_camera", workspace=ws, inputs=[drive], output=ws / "out")
    assert r.status == "released", r.message
    out = ws / "out" / drive.name
    assert {t for t, _, _ in _records(out)} == {"/gnss/fix"} and r.rows == 100
    assert verify_manifest(ws / "out").ok


def test_media_op_on_a_table_is_bad_input(ws: Path) -> None:
    _media_flows(ws)
    _add(
        ws,
        "flows.yaml",
        "flows",
        [
            {
                "id": "trips_blur",
                "activity": "transfer",
                "assets": ["trips"],
                "recipient": "rd",
                "deid": [*_TABLE, _BLUR],
            }
        ],
    )
    trips = ws / "data" / "trips.parquet"
    with pytest.raises(InputError, match=r"'blur_regions' is a media operator") as exc:
        export("trips_blur", workspace=ws, inputs=[trips], output=ws / "out")
    assert exc.value.key == "deid[3]"

    import typer

    from carborder.cli.commands import export as export_cmd

    app = typer.Typer()
    export_cmd.register(app)
    app.command("noop")(lambda: None)
    res = CliRunner().invoke(
        app,
        ["export", "trips_blur", "--workspace", str(ws), "-i", str(trips), "-o", str(ws / "o")],
    )
    assert res.exit_code == 2, res.output
    assert "blur_regions" in res.output and "deid[3]" in res.output
    assert not (ws / "o").exists()


def test_table_op_on_a_drive_log_is_bad_input(ws: Path, drive: Path) -> None:
    _media_flows(ws)
    with pytest.raises(InputError, match=r"'pseudonymise' is a tabular operator.*mcap"):
        export("drive_table_op", workspace=ws, inputs=[drive], output=ws / "out")
    assert not (ws / "out").exists()


@pytest.mark.realdata
def test_real_ros_bag_export_with_gnss_coarsened(ws: Path, realdata: Path) -> None:
    bag = realdata / "ros" / "robot_localization_test1_husky_gps.bag"
    if not bag.is_file():
        pytest.skip(f"{bag} not in the real data")
    _media_flows(ws, {**_DRIVE_FACTS, **_GENERAL_FACTORS, "content.kinds": ["telemetry"]})
    _add(
        ws,
        "flows.yaml",
        "flows",
        [
            {
                "id": "bag_flow",
                "activity": "transfer",
                "assets": ["drive"],
                "recipient": "rd",
                "scenario": "rd_collaboration",
                "deid": [{"op": "generalise_gnss", "precision_m": 1000}],
            }
        ],
    )
    _add(
        ws,
        "approvals.yaml",
        "approvals",
        [
            {
                "id": "SCC-BAG",
                "kind": "standard_contract",
                "flows": ["bag_flow"],
                "issued": "2026-01-05",
                "scope": {"recipients": ["rd"]},
            },
            # GNSS positions stay surveying data once coarsened: the surveying approval is held.
            {
                "id": "MNR-BAG",
                "kind": "mnr_approval",
                "flows": ["bag_flow"],
                "issued": "2025-12-01",
            },
        ],
    )
    r = export("bag_flow", workspace=ws, inputs=[bag], output=ws / "out")
    assert r.status == "released", r.message
    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    from rosbags.rosbag1 import Reader

    with Reader(bag) as a, Reader(ws / "out" / bag.name) as b:
        assert a.message_count == b.message_count == r.rows
        assert a.topics.keys() == b.topics.keys()
    after = engine_scanner([ws / "out" / bag.name]).facts
    precision = after["geo.precision_m"]
    assert isinstance(precision, float) and precision >= 1000
    assert json.dumps(report.manifest["body"]["media"][0]["report"])


def test_can_log_export_drops_ids_and_counts_frames(ws: Path, tmp_path: Path) -> None:
    can_log = write_demo_vehicle(tmp_path / "v")["can_capture"][0]
    _add(
        ws,
        "assets.yaml",
        "assets",
        [
            {
                "id": "can",
                "facts": {
                    "domain": "software_update",
                    "content.kinds": ["can_log"],
                    "pi.kinds": [],
                    "pi.sensitive_kinds": [],
                    **_GENERAL_FACTORS,
                },
            }
        ],
    )
    _add(
        ws,
        "flows.yaml",
        "flows",
        [
            {
                "id": "can_flow",
                "activity": "transfer",
                "assets": ["can"],
                "recipient": "rd",
                "scenario": "after_sales",
                "deid": [{"op": "drop_can_ids", "ids": ["0x260"]}],
            }
        ],
    )
    r = export("can_flow", workspace=ws, inputs=[can_log], output=ws / "out")
    assert r.status == "released", r.message
    assert r.rows == 400  # 440 frames in, the 40 frames of 0x260 dropped
    assert "260#" not in (ws / "out" / can_log.name).read_text(encoding="ascii")
    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    assert report.manifest["body"]["media"][0]["report"]["frames_dropped"] == 40


@pytest.mark.parametrize("dbc_from", ["plan", "workspace", "nowhere"])
def test_can_vins_are_pseudonymised_with_the_workspace_key(
    ws: Path, tmp_path: Path, dbc_from: str
) -> None:
    opendbc = pytest.importorskip("opendbc")
    import can

    from carborder.scan.readers.can import load_dbc, scan_can

    dbc_path = Path(opendbc.__file__).parent / "dbc" / "vw_mqb.dbc"
    dbc = load_dbc([dbc_path])
    vin = "LSVAU218XN2183294"  # valid check digit
    msg = dbc.get_message_by_name("VIN_01")
    log = tmp_path / "vin.log"
    with can.Logger(str(log)) as w:
        for mux in range(3):
            sig: dict[str, int] = {"VIN_01_MUX": mux}
            for s in msg.signals:
                if s.name != "VIN_01_MUX" and (not s.multiplexer_ids or mux in s.multiplexer_ids):
                    sig[s.name] = ord(vin[int(s.name[4:]) - 1]) if s.name.startswith("VIN_") else 0
            w.on_message_received(
                can.Message(
                    timestamp=1000.0 + mux / 10,
                    arbitration_id=msg.frame_id,
                    data=msg.encode(sig, strict=False),
                    is_extended_id=False,
                    channel="can0",
                )
            )
    assert scan_can(log, dbc=dbc).facts()[0]["pi.kinds"] == ["vin"]
    facts = {
        "domain": "software_update",
        "content.kinds": ["can_log"],
        "pi.kinds": ["vin"],
        **_GENERAL_FACTORS,
    }
    _add(ws, "assets.yaml", "assets", [{"id": "can", "facts": facts}])
    plan: list[dict[str, Any]] = [{"op": "pseudonymise_can_vin", "dbc": [str(dbc_path)]}]
    if dbc_from == "workspace":
        # A plan without its own DBC uses the workspace's `dbc:` list.
        plan = [{"op": "pseudonymise_can_vin"}]
        cfg = yaml.safe_load((ws / "carborder.yaml").read_text(encoding="utf-8"))
        cfg["dbc"] = [str(dbc_path)]
        (ws / "carborder.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    if dbc_from == "nowhere":
        plan = [{"op": "pseudonymise_can_vin"}]
    _add(
        ws,
        "flows.yaml",
        "flows",
        [
            {
                "id": "vin_flow",
                "activity": "transfer",
                "assets": ["can"],
                "recipient": "rd",
                "deid": plan,
            }
        ],
    )
    _add(
        ws,
        "approvals.yaml",
        "approvals",
        [
            {
                "id": "SCC-VIN",
                "kind": "standard_contract",
                "flows": ["vin_flow"],
                "issued": "2026-01-05",
                "scope": {"recipients": ["rd"]},
            }
        ],
    )
    if dbc_from == "nowhere":
        # No DBC anywhere: the VIN step cannot work, so nothing is released.
        with pytest.raises(InputError, match="needs a DBC"):
            export("vin_flow", workspace=ws, inputs=[log], output=ws / "out")
        assert not (ws / "out").exists()
        return
    r = export("vin_flow", workspace=ws, inputs=[log], output=ws / "out")
    assert r.status == "released", r.message
    out = ws / "out" / log.name
    assert scan_can(out, dbc=dbc).facts()[0]["pi.kinds"] == []  # pseudonyms fail the check digit
    body = verify_manifest(ws / "out").manifest
    assert body is not None
    params = body["body"]["operators"][0]["params"]
    assert params["key_id"] and KEY not in json.dumps(body)
    assert body["body"]["media"][0]["report"]["vins_replaced"] == 1
