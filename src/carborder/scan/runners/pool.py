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
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pyarrow as pa

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
    """Scan units in up to ``workers`` processes (default: all cores), this one included.

    This process scans units too: in a one-shot scan it would otherwise only wait for the
    workers, and a unit it scans itself is neither pickled nor sent back. Units are handed
    out from the front of one queue (file order: the smaller split parts come last, so the
    processes finish close together); a feeder thread hands each worker its next unit as
    soon as it returns one, so no worker waits while this process is busy with its own.
    """
    procs = max(1, min(workers or os.cpu_count() or 1, len(units) or 1))
    merger = _Merger(units, progress)
    if procs == 1:
        for i, u in enumerate(units):
            merger.add(i, scan_unit(u, options))
            merger.flush()
        return merger.state
    queue = _Queue(len(units))
    # each process gets its share of the cores for Arrow's own threads (no oversubscription);
    # in this process the share lasts for the scan only
    threads = max(1, (os.cpu_count() or 1) // procs)
    before = pa.cpu_count()
    pa.set_cpu_count(threads)
    try:
        with ProcessPoolExecutor(
            max_workers=procs - 1,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(threads,),
        ) as pool:
            # the workers' first units are handed out before this process takes its own
            first: dict[Future[ScanState], int] = {}
            for _worker in range(procs - 1):
                if (nxt := queue.take()) is not None:
                    first[pool.submit(scan_unit, units[nxt], options)] = nxt
            feeder = threading.Thread(
                target=_feed,
                args=(pool, procs - 1, queue, units, options, merger, first),
                name="carborder-pool-feed",
                daemon=True,
            )
            feeder.start()
            try:
                while (mine := queue.take()) is not None:
                    merger.add(mine, scan_unit(units[mine], options))
                    merger.flush()
                if feeder.is_alive():
                    # the workers hold the last units: deduplicate the identifier graph of
                    # what is in meanwhile, so the final count merges one graph with theirs
                    # instead of every unit's copy of the same people
                    merger.flush()
                    merger.state.people.compact()
            finally:
                queue.close()
                feeder.join()
        merger.flush()
    finally:
        pa.set_cpu_count(before)
    merger.check()
    return merger.state


class _Queue:
    """Unit indices in order, taken by this process and by the feeder thread alike."""

    def __init__(self, n: int) -> None:
        self._next, self._n = 0, n
        self._back: list[int] = []
        self._lock = threading.Lock()

    def take(self) -> int | None:
        with self._lock:
            if self._back:
                return self._back.pop()
            if self._next >= self._n:
                return None
            self._next += 1
            return self._next - 1

    def give_back(self, i: int) -> None:
        """A unit no worker took after all (the pool broke): this process scans it."""
        with self._lock:
            self._back.append(i)

    def close(self) -> None:
        """Hand out nothing more (this process stopped taking units: done or interrupted)."""
        with self._lock:
            self._next = self._n
            self._back.clear()


def _feed(
    pool: ProcessPoolExecutor,
    workers: int,
    queue: _Queue,
    units: list[Unit],
    options: ScanOptions,
    merger: _Merger,
    inflight: dict[Future[ScanState], int],
) -> None:
    """Keep ``workers`` pool workers busy, one unit each, until the queue is empty.

    One unit per worker, not more: a unit queued ahead in a worker could not go to this
    process when it runs out of its own, and the last units would then finish one after
    the other in the same worker.

    Every unit submitted comes back, as its state or (the worker died, raised, returned a
    partial result) as an error naming it: a broken pool fails each unit still in it, and
    units not yet submitted go back to this process.
    """
    broken = False
    while True:
        while not broken and len(inflight) < workers:
            i = queue.take()
            if i is None:
                break
            try:
                inflight[pool.submit(scan_unit, units[i], options)] = i
            except (BrokenProcessPool, RuntimeError):
                queue.give_back(i)
                broken = True
        if not inflight:
            return
        done, _ = wait(inflight, timeout=1.0, return_when=FIRST_COMPLETED)
        for fut in done:
            i = inflight.pop(fut)
            part = _outcome(fut, units[i], i, len(units))
            broken = broken or isinstance(fut.exception(), BrokenProcessPool)
            merger.add(i, part)
        # a unit submitted just as the pool broke is never answered (the executor fails the
        # units it holds, not one added while it does so): the flag says the pool is gone
        broken = broken or bool(getattr(pool, "_broken", False))
        if broken:
            # a broken pool fails every unit it holds; one submitted as it broke may never
            # be answered at all: it is lost the same way
            for fut, i in list(inflight.items()):
                if not fut.done() or isinstance(fut.exception(), BrokenProcessPool):
                    del inflight[fut]
                    why = Msg("worker-died", detail="process pool broken")
                    merger.add(i, lost_unit(units[i], i, len(units), why))


class _Merger:
    """Unit states merged in unit order (evidence examples then match a local run)."""

    def __init__(self, units: list[Unit], progress: ProgressFn | None) -> None:
        self.units, self.progress = units, progress
        self.state = ScanState()
        self._parts: list[ScanState | None] = [None] * len(units)
        self._arrived: list[tuple[int, int]] = []
        self._merged = 0
        self._lock = threading.Lock()
        self._total = sum(u.size for u in units)
        self._files_total = len({u.path for u in units})
        self._bytes = self._rows = 0
        self._seen: set[str] = set()

    def add(self, i: int, part: ScanState) -> None:
        """Hand in unit ``i``'s state (from any thread); merging happens in :meth:`flush`."""
        rows = sum(r.rows for r in part.files.values())
        with self._lock:
            self._parts[i] = part
            self._arrived.append((i, rows))

    def flush(self) -> None:
        """Merge the units in order as far as they have arrived; report progress."""
        with self._lock:
            arrived, self._arrived = self._arrived, []
            ready = []
            while self._merged < len(self._parts) and self._parts[self._merged] is not None:
                ready.append(self._parts[self._merged])
                self._parts[self._merged] = None
                self._merged += 1
        for part in ready:
            self.state = self.state.merge(part)  # type: ignore[arg-type]
        for i, rows in arrived:
            u = self.units[i]
            self._bytes += u.size
            self._rows += rows
            self._seen.add(u.path)
            if self.progress is not None:
                self.progress(
                    ProgressEvent(
                        self._bytes,
                        self._total,
                        self._rows,
                        len(self._seen),
                        self._files_total,
                        u.path,
                    )
                )

    def check(self) -> None:
        """Every unit is merged: one that never arrived is an error, not a silent hole."""
        for i in range(self._merged, len(self.units)):
            if self._parts[i] is None:
                self.add(i, lost_unit(self.units[i], i, len(self.units), Msg("worker-missing")))
        self.flush()
