"""Glue to the scan engine: vehicle readers and the detector that turns them into facts.

Vehicle readers yield one Arrow batch per file (a row per channel, file-level facts in the
schema metadata); one detector turns it into mergeable facts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np
import pyarrow as pa

from carborder.model.facts import Evidence, Facts, FactValue
from carborder.scan.detectors.base import BatchContext, Detector, Findings
from carborder.scan.readers.base import DEFAULT_BATCH_ROWS, Reader, Unit
from carborder.scan.sketch import hash64
from carborder.scan.vehicle.result import VehicleScan

__all__ = [
    "EMITS",
    "FACTS_COLUMN",
    "METADATA_KEY",
    "CanReader",
    "ImageReader",
    "McapReader",
    "RosbagReader",
    "VehicleFactsDetector",
    "VehicleFactsStats",
    "VehicleReader",
    "VideoReader",
    "register_all",
    "to_batch",
]

#: Schema-metadata key holding the file-level facts and evidence as JSON.
METADATA_KEY = b"carborder.vehicle"

#: Column with the same JSON on the first row (batch flattening drops schema metadata).
FACTS_COLUMN = "vehicle_facts_json"

#: Fact names the vehicle scan may establish.
EMITS = frozenset(
    {
        "geo.present",
        "geo.precision_m",
        "geo.resolution_m",
        "geo.accuracy_m",
        "geo.coverage_km2",
        "pi.kinds",
        "pi.sensitive_kinds",
        "content.kinds",
        "camera.outside_vehicle",
        "camera.cabin",
        "camera.faces_visible",
        "camera.plates_visible",
        "survey.pointcloud",
        "survey.hd_map",
        "survey.imagery",
    }
)

_MIN_FACTS = frozenset({"geo.precision_m", "geo.resolution_m", "geo.accuracy_m"})
_MAX_FACTS = frozenset({"geo.coverage_km2"})


def to_batch(scan: VehicleScan) -> pa.RecordBatch:
    """One row per channel; file-level facts and evidence in the schema metadata."""
    facts, by_fact = scan.facts_by_name()
    rows = [c.row() for c in scan.channels] or [
        {"channel": "", "kind": "", "type": "", "messages": 0, "found": ""}
    ]
    meta = {
        "file": scan.file,
        "format": scan.format,
        "messages": scan.messages,
        "warnings": list(scan.warnings),
        # identifiers leave the reader as 64-bit hashes only (they feed the people count)
        "identifiers": {
            kind: [int(h) for h in hash64(pa.array(sorted(values), pa.string()))]
            for kind, values in sorted(scan.identifiers.items())
        },
        "facts": facts,
        "evidence": {name: [e.model_dump() for e in evs] for name, evs in by_fact.items()},
    }
    text = json.dumps(meta)
    batch = pa.RecordBatch.from_pydict(
        {
            "channel": pa.array([r["channel"] for r in rows], pa.string()),
            "kind": pa.array([r["kind"] for r in rows], pa.string()),
            "type": pa.array([r["type"] for r in rows], pa.string()),
            "messages": pa.array([r["messages"] for r in rows], pa.int64()),
            "found": pa.array([r["found"] for r in rows], pa.string()),
            FACTS_COLUMN: pa.array([text] + [None] * (len(rows) - 1), pa.string()),
        }
    )
    return batch.replace_schema_metadata({METADATA_KEY: text.encode()})


def _merge_value(name: str, a: FactValue, b: FactValue) -> FactValue:
    if isinstance(a, list) or isinstance(b, list):
        left = a if isinstance(a, list) else []
        right = b if isinstance(b, list) else []
        return sorted(set(left) | set(right))
    if isinstance(a, bool) and isinstance(b, bool):
        return a or b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return min(a, b) if name in _MIN_FACTS else max(a, b)
    return a


@dataclass
class VehicleFactsStats:
    """Facts from vehicle files, merged with the rulebook's stricter-reading rules."""

    values: dict[str, FactValue] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)

    def merge(self, other: Self) -> Self:
        """Return both inputs combined (``any``, ``min`` precision, ``max`` coverage, union)."""
        out = type(self)(dict(self.values), {k: list(v) for k, v in self.evidence.items()})
        for name, value in other.values.items():
            out.values[name] = (
                _merge_value(name, out.values[name], value) if name in out.values else value
            )
        for name, evs in other.evidence.items():
            out.evidence.setdefault(name, []).extend(evs)
        return out

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """Facts and evidence per fact name."""
        return dict(self.values), {k: list(v) for k, v in self.evidence.items()}


class VehicleFactsDetector(Detector):
    """Reads the facts a vehicle reader put in its batch metadata."""

    name: ClassVar[str] = "vehicle.facts"
    version: ClassVar[str] = "1"
    modalities: ClassVar[frozenset[str]] = frozenset({"vehicle"})
    emits: ClassVar[frozenset[str]] = EMITS

    def detect(self, batch: pa.RecordBatch, ctx: BatchContext) -> Findings:
        """Return the file's facts as a mergeable statistic."""
        meta = _meta(batch)
        if meta is None:
            return Findings()
        values: dict[str, FactValue] = meta["facts"]
        per_fact = {name: [Evidence(**e) for e in evs] for name, evs in meta["evidence"].items()}
        out = Findings(stats={self.name: VehicleFactsStats(values, per_fact)})
        _people(meta, values, out)
        return out


#: Facts that show people in a vehicle file (their rows are sensitive; faces and plates in
#: frames are people no identifier in the file names).
_VISIBLE_PEOPLE = ("camera.faces_visible", "camera.plates_visible")


def _people(meta: dict[str, Any], values: dict[str, FactValue], out: Findings) -> None:
    """The file as one row for the people count: its identifiers, linked (one vehicle).

    A file that carries personal data but no identifier counts as one person keyed by the
    recording itself (an upper bound across recordings of one vehicle, never exact).
    """
    ids: dict[str, list[int]] = meta.get("identifiers") or {}
    sensitive = bool(values.get("pi.sensitive_kinds"))
    personal = sensitive or bool(values.get("pi.kinds"))
    if not ids and personal:
        ids = {"recording": [int(hash64(pa.array([str(meta.get("file", ""))]))[0])]}
    one = np.ones(1, dtype=bool)
    for kind, hashes in ids.items():
        if not hashes:
            continue
        out.row_keys[kind] = (np.array(hashes[:1], dtype=np.uint64), one)
        if len(hashes) > 1:
            extra = np.array(hashes[1:], dtype=np.uint64)
            out.loose_keys.setdefault(kind, []).append((extra[:0], one & False, extra))
    if out.row_keys:
        out.row_flags["sensitive"] = np.array([sensitive])
    if any(values.get(f) for f in _VISIBLE_PEOPLE):
        out.row_flags["unidentified_people"] = one


def _meta(batch: pa.RecordBatch) -> dict[str, Any] | None:
    raw: str | bytes | None = (batch.schema.metadata or {}).get(METADATA_KEY)
    if raw is None and FACTS_COLUMN in batch.schema.names:
        raw = next((v for v in batch.column(FACTS_COLUMN).to_pylist() if v), None)
    if raw is None:
        return None
    meta: dict[str, Any] = json.loads(raw)
    return meta


class VehicleReader(Reader, abstract=True):
    """A reader whose whole file becomes one summary batch (modality ``vehicle``)."""

    modality: ClassVar[str] = "vehicle"
    scan_fn: ClassVar[Callable[..., VehicleScan]]

    def batches(
        self, unit: Unit, *, batch_rows: int = DEFAULT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Scan the file (streaming inside the format reader) and yield its summary batch."""
        yield to_batch(self.scan(Path(unit.path), unit.extra))

    def records(self, batch: pa.RecordBatch) -> tuple[int, int, list[str | dict[str, str]]]:
        """(messages, channels, warnings) of the file's summary batch."""
        meta = _meta(batch)
        channels = sum(1 for c in batch.column("channel").to_pylist() if c)
        if meta is None:
            return 0, channels, []
        return int(meta.get("messages", 0)), channels, list(meta.get("warnings", []))

    def scan(self, path: Path, extra: dict[str, Any]) -> VehicleScan:
        """Scan one file; ``extra`` may carry reader options (e.g. ``dbc`` paths)."""
        from carborder.scan.vehicle import scan_vehicle

        dbc = extra.get("dbc")
        return scan_vehicle(path, dbc=[Path(p) for p in dbc] if dbc else None)


class McapReader(VehicleReader):
    """MCAP files (ROS 2, ROS 1, JSON encodings)."""

    name: ClassVar[str] = "mcap"
    suffixes: ClassVar[tuple[str, ...]] = (".mcap",)
    record_unit: ClassVar[str] = "messages"
    channel_unit: ClassVar[str] = "topics"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """MCAP magic bytes."""
        return head.startswith(b"\x89MCAP0\r\n")


class RosbagReader(VehicleReader):
    """ROS 1 bags and rosbag2 folders (``metadata.yaml`` and SQLite or MCAP storage files).

    A rosbag2 folder is one unit, however many storage files it holds: its messages are
    read across them in time order (rosbags' ``AnyReader``), so each is counted once. A
    ``.db3`` reaching the reader alone stands for its folder, and is refused without one.
    """

    name: ClassVar[str] = "rosbag"
    suffixes: ClassVar[tuple[str, ...]] = (".bag", ".db3")
    record_unit: ClassVar[str] = "messages"
    channel_unit: ClassVar[str] = "topics"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """ROS 1 bag header."""
        return head.startswith(b"#ROSBAG V2.0")

    def units(self, path: Path, *, target_bytes: int, parts: int = 1) -> list[Unit]:
        """The bag as one unit: a recording is not cut (its messages interleave across files).

        Raises:
            ScanInputError: a ``.db3`` without its folder's ``metadata.yaml``, or a FIFO or
                device inside a rosbag2 folder.
        """
        from carborder.scan.readers.registry import input_bytes
        from carborder.scan.readers.rosbag import rosbag2_of_storage

        if path.name.lower().endswith(".db3"):
            path = rosbag2_of_storage(path)
        return [Unit(str(path), self.name, None, input_bytes(path))]


class CanReader(VehicleReader):
    """CAN logs: candump -L, Vector ASC/BLF, PCAN TRC."""

    name: ClassVar[str] = "can"
    suffixes: ClassVar[tuple[str, ...]] = (".log", ".log.gz", ".asc", ".blf", ".trc")
    record_unit: ClassVar[str] = "CAN frames"
    channel_unit: ClassVar[str] = "CAN ids/signals"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Vector BLF or ASC header."""
        return head.startswith((b"LOGG", b"date "))


class ImageReader(VehicleReader):
    """Still images."""

    name: ClassVar[str] = "image"
    suffixes: ClassVar[tuple[str, ...]] = (".jpg", ".jpeg", ".png", ".bmp", ".webp")
    record_unit: ClassVar[str] = "images"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """JPEG or PNG signature."""
        return head.startswith((b"\xff\xd8\xff", b"\x89PNG"))


class VideoReader(VehicleReader):
    """Video files decoded with PyAV."""

    name: ClassVar[str] = "video"
    suffixes: ClassVar[tuple[str, ...]] = (".mp4", ".mov", ".mkv", ".avi")
    record_unit: ClassVar[str] = "frames"
    channel_unit: ClassVar[str] = "streams"


def register_all() -> None:
    """Register the vehicle readers and the vehicle facts detector with the scan registries."""
    from carborder.scan.detectors import registry as detectors
    from carborder.scan.readers import registry as readers

    for cls in (McapReader, RosbagReader, CanReader, ImageReader, VideoReader):
        if cls.name not in readers.READERS:
            readers.register(cls)
    if VehicleFactsDetector.name not in detectors.DETECTORS:
        detectors.register(VehicleFactsDetector)
