"""Process-pool runner: units run in worker processes; their states merge in the parent.

Every unit handed to a worker comes back as a state or as an error naming it: a worker that
dies (killed, out of memory), a result that cannot be unpickled, or one that does not cover
its unit is never merged as if the unit were empty. The scan then lists the lost part as a
file error, so it fails closed (exit 2, an export refuses) instead of reporting fewer facts.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from carborder.errors import Msg, ScanInputError
from carborder.scan.engine import ScanOptions, ScanState, scan_unit
from carborder.scan.readers.base import Unit
from carborder.scan.result import FileError, FileReport, in_every_language
from carborder.scan.runners.base import ProgressEvent, ProgressFn

__all__ = ["lost_unit", "run"]


def _context() -> Any:
    """The forkserver context, its server preloading what every worker needs.

    forkserver: forking a process that already runs Arrow's thread pools is not safe, and a
    preloaded fork server starts workers far faster than spawn (imports happen once).
    """
    ctx = mp.get_context("forkserver")
    preload = ["carborder.scan.engine", "carborder.scan.runners._preload"]
    if "carborder.cli.main" in sys.modules:
        # a worker re-runs the parent's main script first: for the console script that is
        # the CLI's imports, once per worker unless the server holds them already
        preload.append("carborder.cli.main")
    ctx.set_forkserver_preload(preload)
    return ctx


def start_early() -> None:
    """Start the fork server now: its imports run beside the rest of this process's start.

    A one-shot ``carborder scan --runner pool`` calls this before it reads its options'
    files and plans the units, so pool start-up overlaps work it would otherwise wait for.
    """
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def _init_worker(threads: int) -> None:
    # Each worker gets its share of cores for Arrow's own thread pool (no oversubscription).
    import pyarrow as pa

    pa.set_cpu_count(threads)
    pa.set_io_thread_count(max(threads, 1))


def lost_unit(unit: Unit, index: int, count: int, why: Msg) -> ScanState:
    """The state of a unit whose result never arrived: an error naming the part, no facts."""
    err = ScanInputError(
        Msg("err-worker-lost", part=index + 1, parts=count, detail=why),
        file=unit.path,
        hint=Msg("hint-worker-lost"),
    )
    said = in_every_language(err)
    state = ScanState()
    state.files[unit.path] = FileReport(path=unit.path, reader=unit.reader, status="error")
    state.errors.append(
        FileError(path=unit.path, reason=said["en"], code="scan-worker", reason_i18n=said)
    )
    return state


def _outcome(fut: Future[ScanState], unit: Unit, index: int, count: int) -> ScanState:
    """The unit's state, or an error state when the worker's result is missing or partial."""
    try:
        part = fut.result()
    except BrokenProcessPool as exc:
        # the worker process ended (a signal, the OOM killer, os._exit) with units in hand
        return lost_unit(unit, index, count, Msg("worker-died", detail=_first_line(exc)))
    except Exception as exc:
        # raised outside the unit's own error handling: pickling, a worker start-up failure
        return lost_unit(unit, index, count, Msg("worker-raised", detail=_first_line(exc)))
    report = part.files.get(unit.path) if isinstance(part, ScanState) else None
    if report is None or (report.status == "ok" and report.bytes != unit.size):
        # a state that does not account for its unit would merge as an empty part
        return lost_unit(unit, index, count, Msg("worker-incomplete"))
    return part


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def run(
    units: list[Unit],
    options: ScanOptions,
    progress: ProgressFn | None = None,
    *,
    workers: int | None = None,
    **_: Any,
) -> ScanState:
    """Scan units in up to ``workers`` processes (default: all cores)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(units) or 1))
    state = ScanState()
    total = sum(u.size for u in units)
    files_total = len({u.path for u in units})
    done_bytes = done_rows = 0
    seen: set[str] = set()
    threads = max(1, (os.cpu_count() or 1) // workers)
    ctx = _context()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(threads,),
    ) as pool:
        futures = {pool.submit(scan_unit, u, options): i for i, u in enumerate(units)}
        parts: list[ScanState | None] = [None] * len(units)
        merged = 0
        for fut in as_completed(futures):
            i = futures[fut]
            u = units[i]
            part = parts[i] = _outcome(fut, u, i, len(units))
            # merge in unit order, not completion order (evidence examples then match a
            # local run), as soon as the next unit in order is in: workers keep running
            while merged < len(parts) and parts[merged] is not None:
                state = state.merge(parts[merged])  # type: ignore[arg-type]
                parts[merged] = None
                merged += 1
            running = sum(not f.done() for f in futures)
            if running < workers and merged < len(parts):
                # a core is idle until the last units are in: deduplicate the identifier graph
                # of what arrived now, so the final count merges one graph with those units'
                # instead of every unit's copy of the same people
                state.people.compact()
            done_bytes += u.size
            done_rows += sum(r.rows for r in part.files.values())
            seen.add(u.path)
            if progress is not None:
                progress(
                    ProgressEvent(done_bytes, total, done_rows, len(seen), files_total, u.path)
                )
    return state
