"""The scanner the gateway uses before and after de-identification, behind a small protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from carborder.deid.base import GEO_KIND
from carborder.model.facts import FactValue

if TYPE_CHECKING:
    from carborder.scan.engine import ScanOptions, ScanState
    from carborder.scan.result import ScanResult

__all__ = [
    "EngineScanner",
    "ScanOutcome",
    "Scanner",
    "Sighting",
    "detector_kinds",
    "engine_scanner",
    "outcome_of",
    "subject_column",
]


@dataclass(frozen=True)
class Sighting:
    """One kind seen by a scan in one column (or topic) of one file."""

    file: str | None
    column: str
    kind: str
    rows: int
    dense: bool
    vehicle: bool
    #: camera topics: 0-based numbers of the frames the kind was seen on (None: not known)
    frames: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ScanOutcome:
    """What the gateway needs from a scan.

    Attributes:
        facts: Detected facts by name.
        evidence: Flat evidence records (fact, column, detector, matches, rows).
        columns: Column → PI kinds (and ``location``) that most of its values carry; a
            free-text column that only mentions identifiers is not listed (``mask_text``
            handles it, and the re-scan catches any plan that forgets it). Topics of
            vehicle files are listed too: GNSS topics carry ``location``, camera topics
            ``camera_outside`` / ``camera_cabin`` and ``plate`` / ``face`` when seen.
        rows: Rows examined.
        errors: Files the scan could not read: (path, reason in every language).
    """

    facts: dict[str, FactValue]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: int = 0
    errors: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def column_kinds(self) -> dict[str, frozenset[str]]:
        """Columns → kinds as frozensets (the operators' context)."""
        return {c: frozenset(k) for c, k in self.columns.items()}

    def text_kinds(self) -> dict[str, frozenset[str]]:
        """Columns → identifier kinds found inside their free text (not most of their values)."""
        out: dict[str, set[str]] = {}
        for e in self.evidence:
            if e.get("fact") != "pi.kinds" or not e.get("column") or _is_vehicle(e["detector"]):
                continue
            if e["detector"].startswith("geo.") or _dense(e):
                continue
            for col in str(e["column"]).split("+"):
                out.setdefault(col, set()).update(detector_kinds(e["detector"]))
        return {c: frozenset(k) for c, k in out.items() if k}

    def sightings(self) -> list[Sighting]:
        """Where each kind was seen: file, column (or topic), kind, rows matched, whether dense.

        Identifier detectors give their kind; vehicle and vision detectors give the kind of the
        topic fact they established (``plate`` for plates seen in a camera topic...).
        """
        out: list[Sighting] = []
        for e in self.evidence:
            col, det, fact = e.get("column"), str(e.get("detector", "")), e.get("fact")
            if not col:
                continue
            if _is_vehicle(det):
                kind = _TOPIC_KINDS.get(str(fact))
                kinds = frozenset({kind}) if kind is not None else frozenset()
            elif fact == "pi.kinds" and not det.startswith("geo."):
                kinds = detector_kinds(det)
            else:
                continue
            for k in sorted(kinds):
                for c in str(col).split("+"):
                    out.append(
                        Sighting(
                            file=e.get("file"),
                            column=c,
                            kind=k,
                            rows=int(e.get("matches") or 0),
                            dense=_dense(e),
                            vehicle=_is_vehicle(det),
                            frames=_frames(e, k),
                        )
                    )
        return out


#: Vehicle facts → the kind a topic (or signal) that established it carries.
_TOPIC_KINDS = {
    "geo.present": GEO_KIND,
    "camera.plates_visible": "plate",
    "camera.faces_visible": "face",
    "camera.outside_vehicle": "camera_outside",
    "camera.cabin": "camera_cabin",
}


def _frames(e: Mapping[str, Any], kind: str) -> tuple[int, ...] | None:
    """The frame numbers an evidence record keeps for ``kind`` (camera topics only)."""
    frames = e.get("frames")
    if not isinstance(frames, Mapping) or kind not in frames:
        return None
    return tuple(int(i) for i in frames[kind])


def _is_vehicle(detector: str) -> bool:
    return detector.startswith(("vehicle.", "vision."))


#: Share of rows that must match for a column to count as carrying a kind.
_DENSE = 0.5


def _dense(e: Mapping[str, Any]) -> bool:
    rows = e.get("rows") or 0
    return bool(rows) and float(e.get("matches") or 0) / float(rows) >= _DENSE


def detector_kinds(detector: str) -> frozenset[str]:
    """PI kinds an identifier detector reports (its ``kind`` and ``sensitive_kind``)."""
    from carborder.scan.detectors import registry

    try:
        cls = registry.get(detector)
    except KeyError:
        return frozenset()
    kinds: set[str] = set()
    for attr in ("kind", "sensitive_kind"):
        value = getattr(cls, attr, None)
        if isinstance(value, str):
            kinds.add(value)
    return frozenset(kinds)


#: Scans files and returns facts; the default is :func:`engine_scanner`.
Scanner = Callable[[Sequence[Path]], ScanOutcome]


def engine_scanner(
    paths: Sequence[Path],
    *,
    sensitive_areas: Path | None = None,
    dbc: Sequence[Path] | None = None,
) -> ScanOutcome:
    """Scan with carborder's scan engine and map evidence to column kinds.

    Args:
        paths: Files to scan.
        sensitive_areas: GeoJSON polygons to test positions against.
        dbc: DBC files that decode CAN logs (VINs and positions in signals).
    """
    return EngineScanner(sensitive_areas, tuple(dbc or ()))(paths)


@dataclass(frozen=True)
class EngineScanner:
    """The scan engine with a workspace's sensitive areas and DBCs, as a :data:`Scanner`.

    Beside scanning files it scans Arrow batches in memory (:meth:`scan_batches`), so the
    export can scan the batches it hands its Parquet writer, and merges such scans with
    files scanned afterwards (:meth:`__call__` with ``scanned``) into one result, people
    linked across all of them as in one scan of every file.
    """

    sensitive_areas: Path | None = None
    dbc: tuple[Path, ...] = ()

    def options(self) -> ScanOptions:
        """The options the engine gives each unit of a scan with these areas and DBCs."""
        from carborder.scan.api import scan_options

        return scan_options(sensitive_areas=self.sensitive_areas, dbc=self.dbc)

    def scan_batches(
        self, path: Path, batches: Iterable[pa.RecordBatch], options: ScanOptions
    ) -> ScanState:
        """Scan ``batches`` as the Parquet file ``path`` is read: one unit, cut alike.

        ``batches`` must already be cut as the reader cuts a file (``options.batch_rows``
        rows each, the last one shorter). Failures stay in the state's errors, as for files.
        """
        from carborder.scan.engine import scan_unit
        from carborder.scan.readers.base import Unit

        return scan_unit(Unit(str(path), "parquet"), options, batches=batches)

    def __call__(self, paths: Sequence[Path], scanned: Sequence[ScanState] = ()) -> ScanOutcome:
        """Scan ``paths`` (and merge states scanned from memory); map evidence to kinds."""
        from carborder.scan import scan

        result = scan(
            list(paths), sensitive_areas=self.sensitive_areas, dbc=self.dbc, scanned=scanned
        )
        return outcome_of(result)


def outcome_of(result: ScanResult) -> ScanOutcome:
    """What the gateway needs from a scan result: facts, flat evidence, column kinds, rows."""
    evidence: list[dict[str, Any]] = []
    columns: dict[str, set[str]] = {}
    for fact, items in sorted(result.evidence.items()):
        for e in items:
            evidence.append(
                {
                    "fact": fact,
                    "file": e.file,
                    "column": e.column,
                    "detector": e.detector,
                    "matches": e.matches,
                    "rows": e.rows,
                }
                | ({"frames": e.frames} if e.frames else {})
            )
            topic_kind = _TOPIC_KINDS.get(fact)
            if topic_kind is not None and e.column and _is_vehicle(e.detector):
                columns.setdefault(e.column, set()).add(topic_kind)
                continue
            if fact not in ("pi.kinds", "pi.sensitive_kinds") or not e.column:
                continue
            if not e.detector.startswith("geo.") and (not e.rows or e.matches / e.rows < _DENSE):
                continue  # free text that mentions an identifier now and then: see text_kinds
            kinds = {GEO_KIND} if e.detector.startswith("geo.") else set(detector_kinds(e.detector))
            for col in e.column.split("+"):
                columns.setdefault(col, set()).update(kinds)
    rows = sum(f.rows for f in result.files)
    return ScanOutcome(
        facts=dict(result.facts),
        evidence=evidence,
        columns={c: sorted(k) for c, k in sorted(columns.items())},
        rows=rows,
        errors=[(e.path, e.reason_i18n or {"en": e.reason}) for e in result.errors],
    )


def subject_column(
    outcome: ScanOutcome, names: Sequence[str], order: Sequence[str] | None = None
) -> str | None:
    """Pick the column that identifies a person.

    It is the strongest identifier kind, in a column where most rows matched (not a
    free-text column that mentions one now and then).
    """
    if order is None:
        from carborder.scan.people import DEFAULT_IDENTITY_ORDER

        order = DEFAULT_IDENTITY_ORDER
    dense: dict[str, float] = {}
    for e in outcome.evidence:
        if e["fact"] == "pi.kinds" and e.get("rows"):
            dense[str(e["column"])] = max(
                dense.get(str(e["column"]), 0.0), e["matches"] / e["rows"]
            )
    for kind in order:
        for col in names:
            if kind in outcome.columns.get(col, []) and dense.get(col, 0.0) >= _DENSE:
                return col
    return None
