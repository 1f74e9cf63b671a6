"""Ray Data runner: units become rows of a Ray dataset scanned with ``map_batches``.

Ray is imported here only, and only when this runner is used.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from carborder.scan.engine import ScanOptions, ScanState, scan_unit
from carborder.scan.readers.base import Unit
from carborder.scan.runners.base import ProgressEvent, ProgressFn

__all__ = ["run", "scan_rows"]


def scan_rows(batch: dict[str, Any]) -> dict[str, Any]:
    """``map_batches`` function: pickled (unit, options) in, pickled ScanState out."""
    out = []
    for blob in batch["task"]:
        unit, options = pickle.loads(blob)
        out.append(pickle.dumps(scan_unit(unit, options)))
    return {"state": out}


def _package_root() -> str:
    import carborder.scan as pkg

    return str(Path(pkg.__file__).resolve().parents[2])


def run(
    units: list[Unit],
    options: ScanOptions,
    progress: ProgressFn | None = None,
    *,
    ray_address: str | None = None,
    **_: Any,
) -> ScanState:
    """Scan units as a Ray Data job (a local Ray is started when none is running)."""
    import ray

    if not ray.is_initialized():
        root = _package_root()
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        ray.init(
            address=ray_address,
            include_dashboard=False,
            log_to_driver=False,
            runtime_env={"env_vars": {"PYTHONPATH": path}},
        )
    state = ScanState()
    if not units:
        return state
    tasks = [{"task": pickle.dumps((u, options))} for u in units]
    ds = ray.data.from_items(tasks, override_num_blocks=len(tasks))
    rows = ds.map_batches(scan_rows, batch_size=1, batch_format="numpy").take_all()
    total = sum(u.size for u in units)
    done = 0
    for i, row in enumerate(rows):
        part: ScanState = pickle.loads(row["state"])
        state = state.merge(part)
        done += sum(r.bytes for r in part.files.values())
        if progress is not None:
            progress(ProgressEvent(done, total, 0, i + 1, len(rows)))
    return state
