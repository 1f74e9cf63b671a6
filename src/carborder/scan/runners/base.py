"""Planning units of work and the runner registry shared by local, pool and Ray runners."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from carborder.errors import Msg, ScanInputError
from carborder.safety.readerrors import file_problem, unreadable_file
from carborder.scan.engine import ScanOptions, ScanState
from carborder.scan.readers import registry as readers
from carborder.scan.readers.base import Unit
from carborder.scan.result import FileError, FileReport, in_every_language

__all__ = ["RUNNERS", "ProgressEvent", "ProgressFn", "Runner", "get", "plan_units"]

#: Smallest unit worth shipping to another process.
MIN_UNIT_BYTES = 1 << 24


@dataclass(frozen=True)
class ProgressEvent:
    """Cumulative progress of a scan."""

    bytes_done: int
    bytes_total: int
    rows_done: int
    files_done: int
    files_total: int
    path: str = ""


ProgressFn = Callable[[ProgressEvent], None]


class Runner(Protocol):
    """Run units and return the merged state."""

    def __call__(
        self, units: list[Unit], options: ScanOptions, progress: ProgressFn | None, **kw: Any
    ) -> ScanState:
        """Scan every unit."""


def plan_units(
    paths: Iterable[Path], *, parts: int = 1, split: bool = True
) -> tuple[list[Unit], ScanState]:
    """Find a reader per file and split large files so ``parts`` workers stay busy.

    Files no reader handles are reported as skipped; files that fail to open become errors.
    A rosbag2 folder (as :func:`~carborder.scan.readers.registry.expand` lists it) is one
    input: its size is its files', and its reader keeps it one unit.
    """
    files = list(paths)
    state = ScanState()
    units: list[Unit] = []
    total = 0
    found: list[tuple[Path, Any, int]] = []
    for p in files:
        try:
            size = readers.input_bytes(p)
            cls = readers.reader_for(p)
            if cls is not None and size == 0:
                raise _SkipError("empty", Msg("skip-empty-detail"))
            if cls is None:
                raise _SkipError("unsupported format", _unsupported(p))
        except OSError as exc:
            said = Msg("skip-os-detail", detail=exc.strerror or str(exc))  # the system's words
            state.files[str(p)] = _skipped(p, "unreadable", said)
            continue
        except _SkipError as skip:
            state.files[str(p)] = _skipped(p, skip.reason, skip.detail)
            continue
        except ScanInputError as exc:
            # only a rosbag2 folder's size raises it: one of its files is a FIFO or a device
            _failed(state, p, exc, readers.ROSBAG2_READER)
            continue
        found.append((p, cls, size))
        total += size
    target = max(MIN_UNIT_BYTES, total // max(1, parts * 4)) if split else 1 << 62
    for p, cls, size in found:
        # a file bigger than one worker's share is balanced within itself (smaller files
        # balance across files, and cutting them would only add decoding)
        own = parts if split and size * parts > total else 1
        try:
            units.extend(cls().units(p, target_bytes=target, parts=own))
        except Exception as exc:
            _failed(state, p, exc, cls.name)
    return units, state


def _failed(state: ScanState, p: Path, exc: Exception, reader: str) -> None:
    """Record that ``p`` cannot be read, in the words of :func:`unreadable_file`."""
    state.files[str(p)] = FileReport(path=str(p), reader=reader, status="error")
    err = unreadable_file(exc, file=p, reader=reader)
    reason = file_problem(exc, file=p, reader=reader)
    state.errors.append(
        FileError(
            path=str(p),
            reason=reason,
            code="scan-input",
            reason_i18n=in_every_language(err),
        )
    )


class _SkipError(Exception):
    def __init__(self, reason: str, detail: Msg) -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _skipped(path: Path, reason: str, detail: Msg) -> FileReport:
    # the reason's head is a stable key (SKIP_REASONS: counted, translated by the CLI); the
    # whole reason is kept in every language for people
    said = Msg("skip-reason", head=Msg(f"skip-reason-{reason.replace(' ', '-')}"), detail=detail)
    return FileReport(
        path=str(path),
        reader="-",
        status="skipped",
        reason=f"{reason}: {detail.format('en')}",
        reason_i18n=in_every_language(said),
    )


def _unsupported(path: Path) -> Msg:
    suffix = "".join(path.suffixes[-2:]).lower()
    known = ", ".join(readers.known_suffixes())
    if not suffix:
        return Msg("skip-no-suffix", known=known)
    return Msg("skip-no-reader", suffix=suffix, known=known)


def get(name: str) -> Runner:
    """Return the runner function registered under ``name`` (``local``, ``pool``, ``ray``).

    Raises:
        KeyError: unknown runner.
    """
    if name not in RUNNERS:
        raise KeyError(f"unknown runner {name!r}; use one of {', '.join(sorted(RUNNERS))}")
    import importlib

    mod = importlib.import_module(RUNNERS[name])
    fn: Runner = mod.run
    return fn


#: Runner name → module with a ``run`` function (imported lazily: Ray is heavy).
RUNNERS: dict[str, str] = {
    "local": "carborder.scan.runners.local",
    "pool": "carborder.scan.runners.pool",
    "ray": "carborder.scan.runners.ray",
}
