"""Plan validation before any data is written: formats, operator params, the subject column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carborder.deid.base import Handling, Operator, OperatorContext
from carborder.deid.keys import Keyring
from carborder.deid.plan import (
    TABULAR,
    CompiledMediaPlan,
    CompiledPlan,
    check_plan_formats,
    compile_media_plan,
    compile_plan,
)
from carborder.errors import InputError, Msg
from carborder.gateway._io import InputFile, open_input
from carborder.gateway._media import input_format
from carborder.gateway.scanning import ScanOutcome, subject_column
from carborder.i18n.lists import joined
from carborder.model.flow import Flow

__all__ = [
    "MediaPlans",
    "TablePlans",
    "check_reach",
    "compile_media",
    "compile_tables",
    "hidden_kinds",
    "resolve_subject",
]

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
    op_ctx = OperatorContext(
        keyring=keyring, column_kinds=before.column_kinds(), text_kinds=before.text_kinds()
    )
    plans = [compile_plan(flow.deid, f.schema, op_ctx, skip_media=True) for f in files]
    return TablePlans(files, plans)


def resolve_subject(subject: str | None, before: ScanOutcome, files: list[InputFile]) -> str | None:
    """The column that identifies individuals: given, or the strongest identifier column found.

    Raises:
        InputError: ``subject`` given without tables, or missing from one of them.
    """
    if subject is not None and not files:
        raise InputError(Msg("err-subject-no-table"), key="subject")
    col = subject or (subject_column(before, files[0].schema.names) if files else None)
    if col is not None and any(col not in f.schema.names for f in files):
        raise InputError(Msg("err-subject-not-everywhere", column=col), key="subject")
    return col


def _handlings(ops: list[Operator[Any]]) -> list[tuple[str, Handling]]:
    return [(op.name, op.handling()) for op in ops]


def hidden_kinds(tables: TablePlans, media: MediaPlans) -> frozenset[str]:
    """Every kind some step of the plan drops, pseudonymises or masks (what the proof checks)."""
    kinds: set[str] = set()
    for ops in [p.operators for p in tables.plans] + [m.operators for m in media.values()]:
        for _name, h in _handlings(ops):
            kinds |= h.kinds
    return frozenset(kinds)


def check_reach(before: ScanOutcome, tables: TablePlans, media: MediaPlans) -> frozenset[str]:
    """Check, before any data is written, that the plan reaches every place a hidden kind is.

    A kind the plan drops, pseudonymises or masks anywhere must be hidden everywhere the scan
    found it: in every table column (whole values or spans inside text) and in every vehicle
    file (a media step that hides it there). Kind-based steps reach every column by
    themselves; a column-based step leaves the kind's other columns to another step.

    Returns:
        The hidden kinds (the re-scan proof then finds none of them raw in any column).

    Raises:
        InputError: a place the plan does not reach, naming the kind, column, file and rows.
    """
    hidden = hidden_kinds(tables, media)
    by_file = {_key(f.path): (f, p) for f, p in zip(tables.files, tables.plans, strict=True)}
    vehicles = {_key(p): m for p, m in media.items()}
    missed: list[Msg] = []
    hints: set[str] = set()
    for s in before.sightings():
        if s.kind not in hidden:
            continue
        where = _key(Path(s.file)) if s.file else None
        if s.vehicle:
            targets = [vehicles[where]] if where in vehicles else list(vehicles.values())
            if not all(
                any(s.kind in h.kinds for _n, h in _handlings(m.operators)) for m in targets
            ):
                missed.append(
                    Msg(
                        "reach-missed-vehicle",
                        kind=s.kind,
                        column=s.column,
                        file=Path(str(s.file)).name,
                        rows=s.rows,
                    )
                )
                hints.add("hint-reach-media-step")
            continue
        candidates = [by_file[where]] if where in by_file else list(by_file.values())
        for f, plan in candidates:
            if s.column not in plan.input_schema.names:
                continue
            if not any(h.covers(s.column, s.kind) for _n, h in _handlings(plan.operators)):
                missed.append(
                    Msg(
                        "reach-missed-column",
                        kind=s.kind,
                        column=s.column,
                        file=f.path.name,
                        rows=s.rows,
                    )
                )
                hints.add("hint-reach-name-kind")
    if missed:
        unique = {m.format("en"): m for m in missed}  # one line per place
        remedies: list[Msg] = sorted((Msg(h) for h in hints), key=_en)
        raise InputError(
            Msg(
                "err-plan-misses",
                hidden=", ".join(sorted(hidden)),
                missed=joined(unique.values(), en="; ", zh="；"),
            ),
            key="deid",
            hint=Msg("hint-joined", hints=joined(remedies, en="; ", zh="；")),
        )
    return hidden


def _en(msg: Msg) -> str:
    return msg.format("en")


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)
