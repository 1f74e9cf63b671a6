"""The scan engine: one unit of work → mergeable state; states merge into a ScanResult."""

from __future__ import annotations

import contextlib
import dataclasses
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import wait
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from carborder.errors import CarborderError, Msg, ScanInputError
from carborder.model.facts import Evidence, Facts
from carborder.safety.readerrors import file_problem, unreadable_file
from carborder.scan.detectors import registry as detectors
from carborder.scan.detectors.base import BatchContext, Detector, Findings
from carborder.scan.merge import combine, default_strategies
from carborder.scan.people import DEFAULT_IDENTITY_ORDER, PeopleStats, PreparedBatch, prepare
from carborder.scan.readers import registry as readers
from carborder.scan.readers.base import DEFAULT_BATCH_ROWS, Unit
from carborder.scan.result import (
    FileError,
    FileReport,
    FileWarning,
    ScanResult,
    in_every_language,
)
from carborder.scan.threads import process_pool

__all__ = ["PARENT_PREFIX", "ScanOptions", "ScanState", "flatten", "prefetch", "scan_unit"]

_T = TypeVar("_T")

#: Prefix of parent-row columns copied next to exploded list items (identifiers skip them).
PARENT_PREFIX = "^"


@dataclass
class ScanOptions:
    """Options every unit of a scan shares; picklable so workers receive them.

    Attributes:
        sample: Read at most this many rows per file (``None``: everything).
        batch_rows: Rows per record batch.
        detectors: Detector names to run (``None``: all for the modality).
        identity_order: Identifier kinds from strongest to weakest for counting people.
        detector_options: Options handed to detectors through the batch context.
        dbc: Absolute paths of DBC files that decode CAN logs (paths, not a parsed
            database, so options stay small and picklable; each process parses them once).
    """

    sample: int | None = None
    batch_rows: int = DEFAULT_BATCH_ROWS
    detectors: tuple[str, ...] | None = None
    identity_order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER
    detector_options: dict[str, Any] = field(default_factory=dict)
    dbc: tuple[str, ...] = ()


@dataclass
class ScanState:
    """Everything a scan has learnt so far; ``merge`` is associative and commutative."""

    stats: dict[str, Any] = field(default_factory=dict)
    people: PeopleStats = field(default_factory=PeopleStats)
    files: dict[str, FileReport] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[FileWarning] = field(default_factory=list)
    #: CPU time of the processes that scanned the units (their reading threads included)
    cpu_seconds: float = 0.0

    def absorb(
        self,
        findings: list[Findings],
        order: tuple[str, ...],
        file: str = "",
        people: PreparedBatch | None = None,
    ) -> None:
        """Fold one batch's findings in (stats merge, people are counted).

        ``people``: the batch's people as :func:`people_of` prepared them from these
        findings elsewhere (the thread that ran the detectors); made here when not given.
        """
        for f in findings:
            for k, s in f.stats.items():
                self.stats[k] = self.stats[k].merge(s) if k in self.stats else s
        self.people.take(people if people is not None else people_of(findings, order), file)

    def merge(self, other: ScanState) -> ScanState:
        """Combine two states."""
        stats = dict(self.stats)
        for k, s in other.stats.items():
            stats[k] = stats[k].merge(s) if k in stats else s
        files = dict(self.files)
        for p, r in other.files.items():
            if p in files:
                a = files[p]
                status = "error" if "error" in (a.status, r.status) else a.status
                files[p] = a.model_copy(
                    update={
                        "rows": a.rows + r.rows,
                        "bytes": a.bytes + r.bytes,
                        "channels": max(a.channels, r.channels),
                        "status": status,
                    }
                )
            else:
                files[p] = r
        return ScanState(
            stats,
            self.people.merge(other.people),
            files,
            self.errors + other.errors,
            self.seconds + other.seconds,
            self.warnings + other.warnings,
            self.cpu_seconds + other.cpu_seconds,
        )

    def result(
        self,
        *,
        asset: str | None = None,
        sampled: bool = False,
        strategies: Mapping[str, str] | None = None,
    ) -> ScanResult:
        """Facts (combined with the vocabulary's merge strategies), evidence and reports."""
        strategies = strategies if strategies is not None else default_strategies()
        facts: Facts = {}
        evidence: dict[str, list[Evidence]] = {}
        details: dict[str, Any] = {}
        sources = [self.stats[k] for k in sorted(self.stats)] + [self.people]
        for s in sources:
            f, ev = s.facts()
            for name, value in f.items():
                facts[name] = (
                    combine(strategies.get(name, "first"), facts[name], value)
                    if name in facts
                    else value
                )
                evidence.setdefault(name, []).extend(ev.get(name, []))
            if hasattr(s, "details"):
                details.update(s.details())
        for k, v in facts.items():
            if isinstance(v, list):
                facts[k] = sorted(set(v))
        if self.errors and details.get("people.exact"):
            # the people of a file that could not be read are not in the count: a lower bound
            details["people.exact"] = False
        if details.get("geo.trajectory_across_batches") and details.get("people.exact"):
            # rows of a trajectory seen only across batches were not marked sensitive: the
            # sensitive people counted are a lower bound
            details["people.exact"] = False
        details["rows"] = sum(f.rows for f in self.files.values() if f.unit == "rows")
        by_unit: dict[str, int] = {}
        skipped: dict[str, int] = {}
        for f in self.files.values():
            if f.status == "skipped":
                why = (f.reason or "unsupported format").split(":")[0]
                skipped[why] = skipped.get(why, 0) + 1
            elif f.rows:
                by_unit[f.unit] = by_unit.get(f.unit, 0) + f.rows
        details["records"] = by_unit
        details["files_skipped"] = sum(skipped.values())
        details["files_skipped_by_reason"] = skipped
        details["bytes"] = sum(f.bytes for f in self.files.values())
        details["worker_seconds"] = round(self.seconds, 3)
        details["worker_cpu_seconds"] = round(self.cpu_seconds, 3)
        return ScanResult(
            asset=asset,
            sampled=sampled,
            facts=facts,
            evidence=evidence,
            files=sorted(self.files.values(), key=lambda r: r.path),
            errors=sorted(self.errors, key=lambda e: e.path),
            warnings=sorted(self.warnings, key=lambda w: w.path),
            details=details,
        )


def people_of(findings: list[Findings], order: tuple[str, ...]) -> PreparedBatch:
    """One batch's people from its detectors' findings, ready for :meth:`PeopleStats.take`.

    It reads the findings only, so it may run where the detectors did, beside the thread
    that folds batches in (see :func:`scan_unit`).
    """
    row_keys: dict[str, tuple[Any, Any]] = {}
    loose: dict[str, list[Any]] = {}
    sensitive = None
    unidentified = 0
    for f in findings:
        for k, hashed in f.row_keys.items():
            row_keys.setdefault(k, hashed)
        for k, arrs in f.loose_keys.items():
            loose.setdefault(k, []).extend(arrs)
        flag = f.row_flags.get("sensitive")
        if flag is not None:
            sensitive = flag if sensitive is None else (sensitive | flag)
        if "unidentified_people" in f.row_flags:
            unidentified += 1
    got = prepare(row_keys, sensitive, order, loose, _sensitive_kinds())
    got.unidentified_files = unidentified
    got.identified = bool(row_keys or loose)
    return got


def _sensitive_kinds() -> frozenset[str]:
    from carborder.scan.sensitivity import sensitive_kinds

    return frozenset(sensitive_kinds())


def _walk(
    name: str, arr: pa.Array, cols: list[tuple[str, pa.Array]], lists: list[tuple[str, pa.Array]]
) -> None:
    t = arr.type
    if pa.types.is_struct(t):
        for i in range(t.num_fields):
            _walk(f"{name}.{t.field(i).name}", pc.struct_field(arr, [i]), cols, lists)
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        lists.append((name, arr))
    elif pa.types.is_map(t):
        lists.append((f"{name}.key", pc.map_keys(arr) if hasattr(pc, "map_keys") else arr.keys))
        lists.append((f"{name}.value", arr.items))
    elif pa.types.is_null(t):
        return
    else:
        cols.append((name, arr))


def flatten(batch: pa.RecordBatch, *, depth: int = 0) -> list[pa.RecordBatch]:
    """Nested columns as flat batches (structs become ``a.b`` columns, lists their own batch).

    List items form a separate batch with the parent row's scalar columns alongside, prefixed
    ``^`` so identifier detectors skip them while geo can still use a parent key.

    >>> b = pa.record_batch({"vin": ["V1"], "pos": pa.array([{"lat": 1.0, "lon": 2.0}]),
    ...                      "tags": pa.array([["a", "b"]])})
    >>> [x.schema.names for x in flatten(b)]
    [['vin', 'pos.lat', 'pos.lon'], ['tags[]', '^vin', '^pos.lat', '^pos.lon']]
    """
    cols: list[tuple[str, pa.Array]] = []
    lists: list[tuple[str, pa.Array]] = []
    for name, arr in zip(batch.schema.names, batch.columns, strict=True):
        _walk(name, arr, cols, lists)
    out = (
        [pa.RecordBatch.from_arrays([a for _, a in cols], names=[n for n, _ in cols])]
        if cols
        else []
    )
    if depth > 3:
        return out
    for name, arr in lists:
        if pa.types.is_map(arr.type) or not hasattr(arr, "flatten"):
            flat, parents = arr, None
        else:
            flat = pc.list_flatten(arr)
            parents = pc.list_parent_indices(arr)
        if len(flat) == 0:
            continue
        arrays = [flat]
        names = [f"{name}[]"]
        if parents is not None:
            for n, a in cols:
                if not n.startswith(PARENT_PREFIX):
                    arrays.append(a.take(parents))
                    names.append(PARENT_PREFIX + n)
        out.extend(flatten(pa.RecordBatch.from_arrays(arrays, names=names), depth=depth + 1))
    return out


ProgressFn = Callable[[str, int, int], None]

_DONE = object()


def prefetch(
    items: Iterator[_T], depth: int = 1, *, idle: Callable[[_T], _T] | None = None
) -> Iterator[_T]:
    """Produce ``items`` in a background thread, ``depth`` ahead of the consumer.

    Arrow decodes Parquet and CSV without the GIL, so the next batch is read while this one
    is scanned. Exceptions reach the consumer; stopping early stops the producer.

    ``idle(item)``, if given, replaces an item the consumer is not ready for (the queue is
    full): work the consumer would do next is done by the producer, which would otherwise
    wait. It must give what the consumer would have made of the item itself, so that
    where it ran never shows.

    >>> list(prefetch(iter(range(3))))
    [0, 1, 2]
    """
    q: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if idle is not None and q.full():
                    item = idle(item)
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put((_DONE, exc))

    worker = threading.Thread(target=produce, name="carborder-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, tuple) and len(item) == 2 and item[0] is _DONE:
                raise item[1]
            yield item
    finally:
        stop.set()
        worker.join()


class DetectorError(Exception):
    """A detector raised on a batch: an error in carborder, not necessarily in the file."""

    def __init__(self, detector: str, exc: BaseException) -> None:
        self.detector = detector
        self.detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        super().__init__(f"{detector}: {type(exc).__name__}: {self.detail}")


def _detect_groups(
    dets: list[Detector], batch: pa.RecordBatch, ctx: BatchContext
) -> list[Findings]:
    """:func:`_detect`, with detector groups (``batch_group``) beside one another.

    The first group runs in this thread, the others in the beside thread meanwhile (numpy,
    Arrow and the native kernel release the GIL, so a geometry pass and the identifier
    scans overlap). Findings come back in ``dets`` order, as :func:`_detect` gives them.
    """
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(dets):
        groups.setdefault(d.batch_group or f"detector {d.name}", []).append(i)
    if len(groups) < 2:
        return _detect(dets, batch, ctx)
    first, *rest = groups.values()
    others = [i for g in rest for i in g]
    job = process_pool("carborder-beside", 1).submit(_detect, [dets[i] for i in others], batch, ctx)
    try:
        here = _detect([dets[i] for i in first], batch, ctx)
    finally:
        # never leave the beside thread working on a batch this thread has given up
        wait([job])
    got = dict(zip(first, here, strict=True)) | dict(zip(others, job.result(), strict=True))
    return [got[i] for i in range(len(dets))]


def _detect(dets: list[Detector], batch: pa.RecordBatch, ctx: BatchContext) -> list[Findings]:
    """Every detector's findings on ``batch``; a detector that breaks is named.

    Errors carborder raises on purpose (input a person can fix) pass as they are.
    """
    out: list[Findings] = []
    for d in dets:
        try:
            out.append(d.detect(batch, ctx))
        except CarborderError:
            raise
        except Exception as exc:
            raise DetectorError(d.name, exc) from exc
    return out


#: A batch's flat parts, each with its own context (None: parent columns only, not scanned).
_Parts = list[tuple[pa.RecordBatch, BatchContext | None]]


def _flat_parts(
    batch: pa.RecordBatch, path: str, options: dict[str, Any], comments: dict[str, str]
) -> _Parts:
    """The flat parts of a batch, each with its own context (None: parent columns only)."""
    parts: _Parts = []
    for sub in flatten(batch):
        if sub.schema.names and all(n.startswith(PARENT_PREFIX) for n in sub.schema.names):
            parts.append((sub, None))
        else:
            parts.append((sub, BatchContext(file=path, options=options, comments=comments)))
    return parts


def _start(dets: list[Detector], parts: _Parts) -> None:
    for sub, ctx in parts:
        if ctx is None:
            continue
        for d in dets:
            try:
                d.start(sub, ctx)
            except CarborderError:
                raise
            except Exception as exc:
                raise DetectorError(d.name, exc) from exc


def _detected(
    stream: Iterator[pa.RecordBatch],
    dets: list[Detector],
    path: str,
    options: ScanOptions,
    comments: dict[str, str],
    *,
    groups_beside: bool = False,
    ahead: bool = False,
) -> Iterator[tuple[pa.RecordBatch, list[list[Findings]]]]:
    """Each batch (cut to the sample) with every detector's findings on each flat part of it.

    Detectors keep no state between batches, so they may run in another thread than the one
    that folds their findings in, and groups of them side by side (``groups_beside``): what
    is found never depends on where. With ``ahead``, the next batch's background work
    (:meth:`Detector.start`: column scans) begins before this batch's detectors run, so it
    overlaps their Python-level work; it is awaited before a batch is given up.
    """
    detect = _detect_groups if groups_beside else _detect
    ctx_opts = dict(options.detector_options)

    def cut() -> Iterator[tuple[pa.RecordBatch, _Parts]]:
        remaining = options.sample
        for batch in stream:
            if remaining is not None:
                if remaining <= 0:
                    return
                batch = batch.slice(0, remaining)
                remaining -= batch.num_rows
            yield batch, _flat_parts(batch, path, ctx_opts, comments)

    items = cut()
    nxt = next(items, None)
    parts: _Parts = []
    try:
        while nxt is not None:
            batch, parts = nxt
            nxt = None
            if ahead:
                nxt = next(items, None)
                if nxt is not None:
                    _start(dets, nxt[1])
            findings = [[] if ctx is None else detect(dets, sub, ctx) for sub, ctx in parts]
            yield batch, findings
            if not ahead:
                nxt = next(items, None)
    finally:
        # work begun on a batch that was never fully detected (a detector broke, the sample
        # ended, the consumer stopped) is awaited, never left running in the background
        left: _Parts = parts + (nxt[1] if nxt is not None else [])
        for _sub, begun in left:
            if begun is not None:
                begun.settle()


#: A batch, its detectors' findings on each flat part, and each part's people if prepared.
_Found = tuple[pa.RecordBatch, list[list[Findings]], list[PreparedBatch] | None]


def _unprepared(found: Iterator[tuple[pa.RecordBatch, list[list[Findings]]]]) -> Iterator[_Found]:
    for batch, findings in found:
        yield batch, findings, None


def _prepared(item: _Found, order: tuple[str, ...]) -> _Found:
    """``item`` with its parts' people prepared (:func:`people_of`): the same wherever made."""
    batch, findings, _ = item
    return batch, findings, [people_of(f, order) for f in findings]


def scan_unit(
    unit: Unit,
    options: ScanOptions,
    progress: ProgressFn | None = None,
    *,
    batches: Iterable[pa.RecordBatch] | None = None,
) -> ScanState:
    """Scan one unit; unreadable input becomes a file error, never an exception.

    ``progress(path, rows, bytes)`` is called with increments (in-process runners only).
    ``batches``, when given, are scanned instead of the unit's own (the unit's reader still
    gives comments and record counts): the export gateway scans the batches it hands its
    Parquet writer, cut as this reader would cut the written file.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    state = ScanState()
    report = FileReport(path=unit.path, reader=unit.reader, rows=0, bytes=0)
    dets = None
    try:
        reader = readers.get(unit.reader)()
        report.unit = reader.record_unit
        report.channel_unit = reader.channel_unit
        dets = detectors.create(options.detectors, modality=reader.modality)
        if options.dbc:
            # reader options travel in the unit's extra (only vehicle readers look at "dbc")
            unit = dataclasses.replace(unit, extra={**unit.extra, "dbc": options.dbc})
        comments = reader.comments(unit)
        stream = (
            iter(batches)
            if batches is not None
            else reader.batches(unit, batch_rows=options.batch_rows)
        )
        order = options.identity_order
        found: Iterator[_Found]
        if reader.modality == "tabular" and pa.cpu_count() > 1:
            # a spare core reads ahead and the detectors run one batch ahead of the counting
            # of people (pool workers get one core each: no threads there); while this
            # thread is behind, the detectors' thread prepares the batch's people itself,
            # and the people graph is compacted beside while later batches are taken
            state.people.beside = process_pool("carborder-people-beside", 1)
            found = prefetch(
                _unprepared(
                    _detected(
                        prefetch(stream),
                        dets,
                        unit.path,
                        options,
                        comments,
                        groups_beside=True,
                        ahead=True,
                    )
                ),
                idle=lambda item: _prepared(item, order),
            )
        else:
            found = _unprepared(_detected(stream, dets, unit.path, options, comments))
        for batch, findings, people in found:
            for i, got in enumerate(findings):
                state.absorb(got, order, unit.path, None if people is None else people[i])
            records, channels, notes = reader.records(batch)
            report.rows += records
            report.channels = max(report.channels, channels)
            state.warnings.extend(FileWarning.of(unit.path, note) for note in notes)
            if progress is not None:
                progress(unit.path, batch.num_rows, 0)
        report.bytes = unit.size
        # one copy of each identifier per unit, deduplicated where the unit ran (a pool
        # worker): the parent merges deduplicated graphs, and receives less
        state.people.compact()
    except Exception as exc:
        # Reader libraries fail in many ways on hostile or damaged bytes (struct errors, EOF,
        # index errors…): the file is reported, with what is wrong and what to do, and the
        # scan claims nothing from it (fail closed: exit 2, an export refuses).
        report.status = "error"
        cause: BaseException = exc
        if isinstance(exc, DetectorError):
            # carborder's own fault: say so instead of calling the file corrupt (an error of
            # ours passes through the reader wording unchanged)
            cause = ScanInputError(
                Msg("err-detector-failed", detector=exc.detector, detail=exc.detail),
                file=unit.path,
                hint=Msg("hint-detector-failed"),
            )
        err = unreadable_file(cause, file=unit.path, reader=unit.reader)
        reason = file_problem(cause, file=unit.path, reader=unit.reader)
        state.errors.append(
            FileError(
                path=unit.path, reason=reason, code=err.code, reason_i18n=in_every_language(err)
            )
        )
        # a compaction still running beside ends here, not after the unit (the file's error
        # is reported already: a second one would add nothing)
        with contextlib.suppress(Exception):
            state.people.settle()
    finally:
        # whatever ended the unit, nothing of it runs on after it
        state.people.join()
        state.people.beside = None
    if progress is not None:
        progress(unit.path, 0, unit.size)
    state.files[unit.path] = report
    state.seconds = time.perf_counter() - t0
    state.cpu_seconds = time.process_time() - c0
    return state
