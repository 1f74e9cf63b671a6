"""Ray runner: units become Ray tasks on a cluster (or a local Ray started for the scan).

Ray is imported here only, and only when this runner is used; without it the scan stops with
a message naming the extra to install. Workspace files the workers need (DBC files) travel
in the job's runtime environment, not as paths of the machine that submitted the scan: they
are copied into a working directory Ray uploads to every worker, and the options handed to
the workers name them relative to it. Sensitive areas travel inside the options, already
parsed. The files being scanned must be readable by the workers at the same paths (a shared
file system or the same machine).
"""

from __future__ import annotations

import dataclasses
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from carborder.errors import Msg, ScanInputError
from carborder.scan.engine import ScanOptions, ScanState, scan_unit
from carborder.scan.readers.base import Unit
from carborder.scan.runners.base import ProgressEvent, ProgressFn

__all__ = ["SHIPPED_DIR", "run", "scan_task"]

#: Folder, inside the job's working directory, that holds the shipped workspace files.
SHIPPED_DIR = "carborder-shipped"


def scan_task(blob: bytes) -> bytes:
    """One Ray task: pickled (unit, options, files) in, pickled :class:`ScanState` out.

    ``files`` (relative path → bytes) is empty when the job's runtime environment already
    carries the shipped files; otherwise (Ray started by the caller, whose runtime
    environment carborder cannot extend) they are written to a temporary folder first.
    """
    unit, options, files = pickle.loads(blob)
    if not files:
        return pickle.dumps(scan_unit(unit, options))
    with tempfile.TemporaryDirectory(prefix="carborder-ray-") as tmp:
        for rel, data in files.items():
            target = Path(tmp) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        local = dataclasses.replace(options, dbc=tuple(str(Path(tmp) / d) for d in options.dbc))
        return pickle.dumps(scan_unit(unit, local))


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ScanInputError(
            Msg("err-ray-missing"), key="runner", hint=Msg("hint-ray-missing")
        ) from exc
    return ray


def _ship(options: ScanOptions, workdir: Path) -> ScanOptions:
    """Copy the DBC files into ``workdir`` and point the options at the copies (relative)."""
    if not options.dbc:
        return options
    target = workdir / SHIPPED_DIR
    target.mkdir(parents=True, exist_ok=True)
    shipped = []
    for i, path in enumerate(options.dbc):
        src = Path(path)
        # a DBC may IMPORT siblings: ship its whole folder's DBC files alongside
        folder = target / f"{i}"
        folder.mkdir(exist_ok=True)
        for sibling in src.parent.glob("*.dbc"):
            shutil.copy2(sibling, folder / sibling.name)
        shutil.copy2(src, folder / src.name)
        shipped.append(f"{SHIPPED_DIR}/{i}/{src.name}")
    return dataclasses.replace(options, dbc=tuple(shipped))


def _package_dir() -> str:
    import importlib

    # the package, not the public function `carborder.scan` re-exported by carborder
    return str(Path(importlib.import_module("carborder").__file__ or "").resolve().parent)


def run(
    units: list[Unit],
    options: ScanOptions,
    progress: ProgressFn | None = None,
    *,
    ray_address: str | None = None,
    **_: Any,
) -> ScanState:
    """Scan units as Ray tasks (a local Ray is started when no address is given).

    Raises:
        ScanInputError: Ray is not installed, or the cluster cannot be reached.
    """
    ray = _import_ray()
    state = ScanState()
    if not units:
        return state
    with tempfile.TemporaryDirectory(prefix="carborder-ray-") as tmp:
        worker_options = _ship(options, Path(tmp))
        runtime_env: dict[str, Any] = {
            "working_dir": tmp,
            # the submitting process's carborder, so workers run the same code
            "py_modules": [_package_dir()],
            "excludes": ["__pycache__", "*.pyc"],
        }
        started = False
        files: dict[str, bytes] = {}
        if ray.is_initialized():
            files = {
                str(p.relative_to(tmp)): p.read_bytes() for p in Path(tmp).rglob("*") if p.is_file()
            }
        else:
            try:
                ray.init(
                    address=ray_address,
                    include_dashboard=False,
                    log_to_driver=False,
                    runtime_env=runtime_env,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ScanInputError(
                    Msg("err-ray-connect", address=ray_address, detail=str(exc)),
                    key="ray_address",
                    hint=Msg("hint-ray-connect"),
                ) from exc
            started = True
        try:
            remote = ray.remote(scan_task)
            refs = [remote.remote(pickle.dumps((u, worker_options, files))) for u in units]
            index = {ref: i for i, ref in enumerate(refs)}
            parts: list[ScanState | None] = [None] * len(units)
            pending = list(refs)
            done_bytes = done_rows = finished = 0
            while pending:
                ready, pending = ray.wait(pending, num_returns=1)
                i = index[ready[0]]
                got: ScanState = pickle.loads(ray.get(ready[0]))
                parts[i] = got
                part = got
                done_bytes += units[i].size
                done_rows += sum(r.rows for r in part.files.values())
                finished += 1
                if progress is not None:
                    progress(
                        ProgressEvent(
                            done_bytes,
                            sum(u.size for u in units),
                            done_rows,
                            finished,
                            len(units),
                            units[i].path,
                        )
                    )
        finally:
            if started:
                ray.shutdown()
    for done in parts:
        assert done is not None
        state = state.merge(done)
    return state
