"""Vehicle readers and the vehicle facts detector plug into the scan registries."""

from __future__ import annotations

from pathlib import Path

import pytest

from carborder.demo.vehicle import write_demo_vehicle
from carborder.scan.detectors import registry as detectors
from carborder.scan.detectors.base import BatchContext
from carborder.scan.readers import registry as readers
from carborder.scan.readers.base import Unit


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return write_demo_vehicle(tmp_path_factory.mktemp("demo"))


def test_registries_know_vehicle_formats(files: dict[str, list[Path]]) -> None:
    mcap = files["adas_drive_log"][0]
    cls = readers.reader_for(mcap)
    assert cls is not None and cls.name == "mcap" and cls.modality == "vehicle"
    (batch,) = list(cls().batches(Unit(str(mcap), cls.name)))
    assert batch.num_rows == 2
    (det,) = detectors.create(modality="vehicle")
    stats = det.detect(batch, BatchContext(file=str(mcap))).stats["vehicle.facts"]
    merged = stats.merge(stats)
    facts, evidence = merged.facts()
    assert facts["geo.present"] is True and facts["camera.plates_visible"] is True
    assert evidence["geo.present"][0].column == "/gnss/fix"
    assert {"can", "image", "mcap", "rosbag", "video"} <= set(readers.names())


def test_scan_api_handles_vehicle_files(files: dict[str, list[Path]]) -> None:
    from carborder.scan.api import scan

    result = scan([files["adas_drive_log"][0], files["can_capture"][0]])
    assert result.errors == []
    assert result.facts["geo.present"] is True
    assert result.facts["camera.plates_visible"] is True
    assert {"camera_video", "can_log"} <= set(result.facts["content.kinds"])
    assert [e.column for e in result.evidence["geo.present"]] == ["/gnss/fix"]


def test_scan_api_reports_corrupt_vehicle_file(tmp_path: Path) -> None:
    from carborder.scan.api import scan

    bad = tmp_path / "cut.mcap"
    bad.write_bytes(b"\x89MCAP0\r\n" + b"\0" * 40)
    result = scan([bad])
    assert len(result.errors) == 1 and "truncated or corrupt" in result.errors[0].reason
