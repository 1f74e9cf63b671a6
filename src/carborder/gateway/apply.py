"""The apply stage: stream the plan into the hidden temp dir, one output per input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carborder.gateway._media import deidentify_into
from carborder.gateway.bag_folders import fsync_output, output_entries
from carborder.gateway.formats import TableFormat, output_name, write_table
from carborder.gateway.formats import output_format as output_format_of
from carborder.gateway.plan_check import MediaPlans, TablePlans
from carborder.gateway.written_scan import WrittenScans

__all__ = ["output_names", "plan_manifest", "write_outputs"]


def output_names(inputs: list[Path], tables: dict[Path, TableFormat]) -> dict[Path, str]:
    """Output name per input: tables take their output format's suffix, vehicle inputs their name.

    >>> output_names([Path("a/crm.csv"), Path("b/crm.csv")], {Path("a/crm.csv"): TableFormat("csv", suffix=".csv"),
    ...               Path("b/crm.csv"): TableFormat("parquet")})
    {PosixPath('a/crm.csv'): 'crm.csv', PosixPath('b/crm.csv'): 'crm.parquet'}
    """
    names: dict[Path, str] = {}
    for p in inputs:
        if p in tables:
            stem, suffix = output_name(p, tables[p])
        elif p.suffixes:
            full = "".join(p.suffixes)
            stem, suffix = p.name[: -len(full)], full
        else:
            stem, suffix = p.name, ""
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
    output_format: str = "keep",
    scans: WrittenScans | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write every output in input order; return manifest entries and what media steps did.

    A rosbag2 folder is written as a folder of the same name, one manifest entry per file in it.

    Tables keep their input's format (encoding, delimiter, quoting...) unless ``output_format``
    names another; each table's entry records the format it was written in. With ``scans``,
    Parquet outputs are re-scanned in the batches handed to their writer as they are written.
    """
    by_path = {f.path: (f, plan) for f, plan in zip(tables.files, tables.plans, strict=True)}
    formats = {p: output_format_of(f.format, output_format) for p, (f, _plan) in by_path.items()}
    names = output_names(inputs, formats)
    written: list[dict[str, Any]] = []
    media_done: list[dict[str, Any]] = []
    for p in inputs:
        path = tmp / names[p]
        if p in by_path:
            f, plan = by_path[p]
            if scans is not None and formats[p].kind == "parquet":
                scans.write(path, plan.output_schema, plan.run(f.batches))
            else:
                write_table(path, formats[p], plan.output_schema, plan.run(f.batches))
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
        fsync_output(path)
        entries = output_entries(tmp, path)  # one per file of a rosbag2 folder
        if p in formats:
            entries[0]["format"] = formats[p].manifest()
        written.extend(entries)
    return written, media_done


#: Per-column counts operators report in their params; summed over every table of an export.
_COUNTS = ("spans_replaced", "spans_masked", "also_masked_by_validators")


def plan_manifest(tables: TablePlans, media: MediaPlans) -> list[dict[str, Any]]:
    """The plan as run: the first table's operators, then media steps not already listed.

    Counts the operators report (spans replaced per column) are summed over every table.
    """
    out = tables.plans[0].manifest() if tables.plans else []
    for other in tables.plans[1:]:
        for mine, theirs in zip(out, other.manifest(), strict=True):
            for key in _COUNTS:
                if key in theirs["params"]:
                    total = mine["params"].setdefault(key, {})
                    for col, n in theirs["params"][key].items():
                        total[col] = total.get(col, 0) + n
    ops = {o["op"] for o in out}
    for compiled in media.values():
        for entry in compiled.manifest():
            if entry["op"] not in ops:
                out.append(entry)
                ops.add(entry["op"])
    return out
