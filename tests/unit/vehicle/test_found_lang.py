"""The inspect "found" column says the same findings in Chinese and English (one catalogue)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.i18n import messages
from carborder.scan.detectors.vision.base import Box
from carborder.scan.detectors.vision.pipeline import FrameStats
from carborder.scan.vehicle.gnss import TrackStats
from carborder.scan.vehicle.result import ChannelSummary, describe_found
from carborder.scan.vehicle.topics import ChannelKind

runner = CliRunner()


def _channel(*, cabin: bool, unit: str) -> ChannelSummary:
    track = TrackStats()
    track.add(31.23, 121.47, accuracy_m=5.0)
    track.add(31.24, 121.48)
    frames = FrameStats()
    frames.add([Box(1, 1, 5, 5, 0.9, "face")])
    frames.add([])
    ch = ChannelSummary("/x", ChannelKind.OTHER, track=track, frames=frames, cabin=cabin)
    ch.pi_matches = {"vin": 3}
    ch.unit = unit
    ch.observe(-2.5)
    ch.observe(120.0)
    return ch


@pytest.mark.parametrize(("cabin", "unit"), [(True, "km/h"), (False, "")])
def test_found_names_the_same_figures_in_both_languages(cabin: bool, unit: str) -> None:
    ch = _channel(cabin=cabin, unit=unit)
    en = ch.row()["found"]
    zh = describe_found(ch.found_parts(), messages("zh"))
    assert describe_found(ch.found_parts(), messages("en")) == en
    assert ("cabin camera" if cabin else "outside camera") in en
    assert ("车内摄像头" if cabin else "车外摄像头") in zh
    assert "faces in 1" in en and "1 帧有人脸" in zh and "vin ×3" in zh
    assert en.endswith(f"range -2.5–120 {unit}".rstrip()) and "取值范围 -2.5–120" in zh
    numbers = re.compile(r"-?\d+(?:\.\d+)?")
    assert numbers.findall(en) == numbers.findall(zh)  # the same figures, in the same order
    assert english_words(zh, {"vin", unit}) == [], zh


def test_inspect_found_column_is_chinese(tmp_path: Path) -> None:
    from carborder.demo.vehicle import write_demo_vehicle

    write_demo_vehicle(tmp_path)
    drive = str(tmp_path / "adas_drive_log.mcap")
    zh = runner.invoke(app, ["inspect", drive, "--lang", "zh"], env={"COLUMNS": "240"})
    assert zh.exit_code == 0, zh.output
    assert "轨迹 100 个点" in zh.stdout and "车外摄像头：20 帧" in zh.stdout
    rows = [ln for ln in zh.stdout.splitlines() if ln.startswith("│")]
    found = [ln.split("│")[5] for ln in rows]
    assert all(english_words(cell) == [] for cell in found), found
    en = runner.invoke(app, ["inspect", drive], env={"COLUMNS": "240"})
    assert "trajectory 100 pts" in en.stdout and "outside camera: 20 frames" in en.stdout
