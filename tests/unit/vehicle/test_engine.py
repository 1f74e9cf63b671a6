"""Vehicle readers and the vehicle facts detector plug into the scan registries."""

from __future__ import annotations

from pathlib import Path

from carborder.demo.vehicle import write_demo_vehicle
from carborder.scan.detectors import registry as detectors
from carborder.scan.detectors.base import BatchContext
from carborder.scan.readers import registry as readers
from carborder.scan.readers.base import Unit


def test_registries_know_vehicle_formats(tmp_path: Path) -> None:
    files = write_demo_vehicle(tmp_path)
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
