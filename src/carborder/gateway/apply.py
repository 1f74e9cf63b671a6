"""The apply stage: stream the plan into the hidden temp dir, one output per input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carborder.gateway._io import write_parquet
from carborder.gateway._media import deidentify_into
from carborder.gateway.files import fsync_file
from carborder.gateway.manifest import file_entry
from carborder.gateway.plan_check import MediaPlans, TablePlans

__all__ = ["output_names", "plan_manifest", "write_outputs"]


def output_names(inputs: list[Path], tabular: set[Path]) -> dict[Path, str]:
    """Output name per input: tables become ``<stem>.parquet``, vehicle files keep their name."""
    names: dict[Path, str] = {}
    for p in inputs:
        stem, suffix = (p.stem, ".parquet") if p in tabular else (p.name, "")
        if p not in tabular and p.suffixes:
            full = "".join(p.suffixes)
            stem, suffix = p.name[: -len(full)], full
        name, n = stem + suffix, 1
        while name in names.values():
            n += 1
            name = f"{stem}-{n}{suffix}"
        names[p] = name
    return names


def write_outputs(
    tmp: Path,
    inputs: list[Path],
    tables: TablePlans,
    media: MediaPlans,
    *,
    workspace: Path,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write every output in input order; return manifest entries and what media steps did."""
    by_path = {f.path: (f, plan) for f, plan in zip(tables.files, tables.plans, strict=True)}
    names = output_names(inputs, set(by_path))
    written: list[dict[str, Any]] = []
    media_done: list[dict[str, Any]] = []
    for p in inputs:
        path = tmp / names[p]
        if p in by_path:
            f, plan = by_path[p]
            write_parquet(path, plan.output_schema, plan.run(f.batches))
        else:
            report = deidentify_into(p, path, media[p], workspace=workspace)
            media_done.append(
                {
                    "input": p.name,
                    "path": names[p],
                    "format": media[p].fmt,
                    "operators": media[p].manifest(),
                    "report": report,
                }
            )
        fsync_file(path)
        written.append(file_entry(tmp, path))
    return written, media_done


def plan_manifest(tables: TablePlans, media: MediaPlans) -> list[dict[str, Any]]:
    """The plan as run: the first table's operators, then media steps not already listed."""
    out = tables.plans[0].manifest() if tables.plans else []
    ops = {o["op"] for o in out}
    for compiled in media.values():
        for entry in compiled.manifest():
            if entry["op"] not in ops:
                out.append(entry)
                ops.add(entry["op"])
    return out
