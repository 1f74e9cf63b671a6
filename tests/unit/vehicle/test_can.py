"""CAN logs: the real RAV4 capture with opendbc's Toyota DBC, VINs in VW MQB multiplexed
signals, keyed pseudonyms, dropped IDs, and corrupt logs."""

from __future__ import annotations

from pathlib import Path

import pytest

can = pytest.importorskip("can")
pytest.importorskip("cantools")
opendbc = pytest.importorskip("opendbc")

from tests.can_logs import VIN  # noqa: E402
from tests.can_logs import write_vin_log as _vin_log  # noqa: E402

from carborder.deid.media import MediaDeidPlan  # noqa: E402
from carborder.deid.media.can import deidentify_can, vin_pseudonym  # noqa: E402
from carborder.errors import InputError, ScanInputError  # noqa: E402
from carborder.scan.readers.can import load_dbc, scan_can  # noqa: E402
from carborder.scan.vehicle import scan_vehicle_file  # noqa: E402

DBC_DIR = Path(opendbc.__file__).parent / "dbc"


@pytest.mark.realdata
def test_rav4_log_decodes_with_opendbc_toyota_dbc(realdata: Path) -> None:
    # opendbc builds the RAV4 DBC from this source plus its IMPORTed shared Toyota file.
    dbc = load_dbc([DBC_DIR / "generator" / "toyota" / "toyota_new_mc_pt.dbc"])
    scan = scan_can(realdata / "can" / "comma2k19_rav4_seg40_candump.log.gz", dbc=dbc)
    assert scan.messages == 135468
    speed = scan.channel("SPEED.SPEED")
    assert speed is not None and speed.kind.value == "speed" and speed.messages > 1000
    # One minute of suburban driving: the decoded speeds stay in a plausible band.
    assert speed.value_max is not None and 20 < speed.value_max < 120
    assert speed.unit == "km/h"
    facts, _ = scan.facts()
    assert facts["geo.present"] is False
    assert facts["content.kinds"] == ["can_log"]


@pytest.fixture(scope="module")
def mqb() -> object:
    return load_dbc([DBC_DIR / "vw_mqb.dbc"])


def test_vin_in_multiplexed_signals_is_found(tmp_path: Path, mqb: object) -> None:
    log = tmp_path / "vin.log"
    _vin_log(log, mqb)
    facts = scan_can(log, dbc=mqb).facts()[0]
    assert facts["pi.kinds"] == ["vin"]


def test_vin_pseudonym_and_dropped_ids(tmp_path: Path, mqb: object) -> None:
    src, dst = tmp_path / "vin.log", tmp_path / "out.log"
    _vin_log(src, mqb)
    plan = MediaDeidPlan(vin_key=b"k" * 32, drop_can_ids=[0x123])
    report = deidentify_can(src, dst, plan, dbc=mqb)
    assert report.vins_replaced == 1 and report.frames_dropped == 9 and report.frames_out == 9
    before = [m for m in can.LogReader(str(src)) if m.arbitration_id != 0x123]
    after = list(can.LogReader(str(dst)))
    assert [(m.timestamp, m.arbitration_id, m.channel) for m in before] == [
        (m.timestamp, m.arbitration_id, m.channel) for m in after
    ]
    assert scan_can(dst, dbc=mqb).facts()[0]["pi.kinds"] == []
    # The pseudonym is in the frames, deterministic for the key.
    pseudo = vin_pseudonym(VIN, b"k" * 32)
    chars = {chr(b) for m in after for b in bytes(m.data)[5:]}
    assert set(pseudo[:3]) <= chars


def test_vin_pseudonym_needs_dbc(tmp_path: Path) -> None:
    src = tmp_path / "a.log"
    src.write_text("(1.000000) can0 123#0102\n")
    with pytest.raises(InputError, match="need a DBC"):
        deidentify_can(src, tmp_path / "b.log", MediaDeidPlan(vin_key=b"k"))


def test_corrupt_blf_is_a_clear_error(tmp_path: Path) -> None:
    good = tmp_path / "good.blf"
    with can.Logger(str(good)) as w:
        for i in range(50):
            w.on_message_received(
                can.Message(timestamp=float(i), arbitration_id=0x10, data=b"\1" * 8)
            )
    data = good.read_bytes()
    cut = tmp_path / "cut.blf"
    cut.write_bytes(data[:300])
    with pytest.raises(ScanInputError, match="truncated"):
        scan_vehicle_file(cut)
    # A broken object signature right after the 144-byte file header.
    bad = tmp_path / "bad.blf"
    bad.write_bytes(data[:144] + b"XXXX" + data[148:])
    with pytest.raises(ScanInputError, match="corrupt or truncated"):
        scan_vehicle_file(bad)


def test_candump_without_dbc_counts_ids(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("(1.000000) can0 123#0102\n(1.100000) can0 123#0103\n(1.200000) can0 7DF#02\n")
    rows = {r["channel"]: r["messages"] for r in scan_vehicle_file(log)["channels"]}
    assert rows == {"0x123": 2, "0x7DF": 1}


GPS_DBC = """VERSION ""

BO_ 1552 GPS_POSITION: 8 GNSS
 SG_ GPS_Latitude : 0|32@1- (1e-07,0) [-90|90] "deg" Vector__XXX
 SG_ GPS_Longitude : 32|32@1- (1e-07,0) [-180|180] "deg" Vector__XXX

BO_ 180 SPEED: 8 XXX
 SG_ SPEED : 47|16@0+ (0.01,0) [0|250] "km/h" XXX
"""


def test_gnss_signals_in_can_make_a_trajectory(tmp_path: Path) -> None:
    dbc_path = tmp_path / "gps.dbc"
    dbc_path.write_text(GPS_DBC)
    dbc = load_dbc([dbc_path])
    msg = dbc.get_message_by_name("GPS_POSITION")
    log = tmp_path / "gps.log"
    with can.Logger(str(log)) as w:
        for k in range(20):
            data = msg.encode({"GPS_Latitude": 31.2304 + k * 1e-4, "GPS_Longitude": 121.4737})
            w.on_message_received(
                can.Message(
                    timestamp=float(k), arbitration_id=msg.frame_id, data=data, is_extended_id=False
                )
            )
    scan = scan_vehicle_file(log, dbc=[dbc_path])
    facts = scan["facts"]
    assert facts["geo.present"] is True and "trajectory" in facts["pi.sensitive_kinds"]
    (gps,) = [c for c in scan["channels"] if c["kind"] == "gnss"]
    assert gps["channel"] == "GPS_POSITION" and gps["track"]["points"] == 20
    assert gps["track"]["precision_m"] < 0.1  # 1e-7 degree steps


def test_missing_or_bad_dbc_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScanInputError, match="DBC file: not found"):
        load_dbc([tmp_path / "nope.dbc"])
    bad = tmp_path / "bad.dbc"
    bad.write_text("BO_ this is not a dbc")
    with pytest.raises(ScanInputError, match="not a valid DBC"):
        load_dbc([bad])
