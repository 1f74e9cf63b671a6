"""In-process runner: units one after another, with per-batch progress."""

from __future__ import annotations

from typing import Any

from carborder.scan.engine import ScanOptions, ScanState, scan_unit
from carborder.scan.readers.base import Unit
from carborder.scan.runners.base import ProgressEvent, ProgressFn

__all__ = ["run"]


def run(
    units: list[Unit], options: ScanOptions, progress: ProgressFn | None = None, **_: Any
) -> ScanState:
    """Scan units sequentially in this process."""
    state = ScanState()
    total = sum(u.size for u in units)
    files_total = len({u.path for u in units})
    done = {"bytes": 0, "rows": 0, "files": 0}
    seen: set[str] = set()

    def tick(path: str, rows: int, nbytes: int) -> None:
        done["rows"] += rows
        done["bytes"] += nbytes
        if progress is not None:
            progress(
                ProgressEvent(done["bytes"], total, done["rows"], done["files"], files_total, path)
            )

    for u in units:
        state = state.merge(scan_unit(u, options, tick if progress else None))
        # each unit holds its own graph (the same people again, in a repeated file): deduplicate
        # now rather than holding one copy per unit until the end
        state.people.compact()
        if u.path not in seen:
            seen.add(u.path)
            done["files"] += 1
    return state
