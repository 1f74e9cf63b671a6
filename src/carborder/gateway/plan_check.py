"""Plan validation before any data is written: formats, operator params, the subject column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carborder.deid.base import OperatorContext
from carborder.deid.keys import Keyring
from carborder.deid.plan import (
    TABULAR,
    CompiledMediaPlan,
    CompiledPlan,
    check_plan_formats,
    compile_media_plan,
    compile_plan,
)
from carborder.errors import InputError
from carborder.gateway._io import InputFile, open_input
from carborder.gateway._media import input_format
from carborder.gateway.scanning import ScanOutcome, subject_column
from carborder.model.flow import Flow

__all__ = ["MediaPlans", "TablePlans", "compile_media", "compile_tables", "resolve_subject"]

#: Vehicle input → its compiled media plan.
MediaPlans = dict[Path, CompiledMediaPlan]


@dataclass
class TablePlans:
    """Tabular inputs opened for streaming, each with its compiled plan (same order)."""

    files: list[InputFile]
    plans: list[CompiledPlan]


def compile_media(
    flow: Flow, inputs: list[Path], keyring: Keyring
) -> tuple[MediaPlans, list[Path]]:
    """Check the plan fits the inputs' formats and compile it for each vehicle file.

    Runs before anything is read or scanned.

    Returns:
        (media plan per vehicle file, tabular inputs in order).

    Raises:
        InputError: a step fits none of the inputs, or bad params.
    """
    formats = {p: input_format(p) for p in inputs}
    check_plan_formats(flow.deid, {p.name: fmt for p, fmt in formats.items()})
    media = {
        p: compile_media_plan(flow.deid, fmt, OperatorContext(keyring=keyring))
        for p, fmt in formats.items()
        if fmt != TABULAR
    }
    return media, [p for p in inputs if formats[p] == TABULAR]


def compile_tables(
    flow: Flow, tables: list[Path], keyring: Keyring, before: ScanOutcome
) -> TablePlans:
    """Open every tabular input and compile the plan against its schema and the scan's kinds.

    Raises:
        InputError: unreadable input, or params that do not fit the data.
    """
    files = [open_input(p) for p in tables]
    op_ctx = OperatorContext(keyring=keyring, column_kinds=before.column_kinds())
    plans = [compile_plan(flow.deid, f.schema, op_ctx, skip_media=True) for f in files]
    return TablePlans(files, plans)


def resolve_subject(subject: str | None, before: ScanOutcome, files: list[InputFile]) -> str | None:
    """The column that identifies individuals: given, or the strongest identifier column found.

    Raises:
        InputError: ``subject`` given without tables, or missing from one of them.
    """
    if subject is not None and not files:
        raise InputError("--subject names a column; these inputs have no table", key="subject")
    col = subject or (subject_column(before, files[0].schema.names) if files else None)
    if col is not None and any(col not in f.schema.names for f in files):
        raise InputError(f"subject column '{col}' is not in every input", key="subject")
    return col
