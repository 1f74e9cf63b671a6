"""Who an export carries (its counter delta) and the warnings its size raises.

The delta waits in the run row (``pending``) until :mod:`carborder.gateway.pending` merges
it, in the transaction that marks the run released.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from carborder.audit.events import ThresholdWarning
from carborder.errors import Msg
from carborder.gateway._io import InputFile
from carborder.gateway.bag_folders import content_sha256
from carborder.gateway.context import RunContext
from carborder.gateway.files import sha256_file
from carborder.gateway.pending import year_to_date
from carborder.gateway.thresholds import COUNTER_FACTS, crossing_warnings, thresholds_of
from carborder.keys.counter import CounterKey
from carborder.model.facts import Facts
from carborder.rulebook.pack import Pack
from carborder.store.sketch import DistinctSketch

__all__ = ["identities", "pending_blobs", "threshold_warnings"]


def identities(
    files: list[InputFile],
    column: str | None,
    facts: Facts,
    vehicle: Sequence[Path] = (),
    *,
    key: CounterKey,
    pack: Pack,
    as_of: date,
) -> dict[str, DistinctSketch]:
    """Who this export carries, by counter kind (empty when no PI leaves).

    Whether its people are sensitive-PI individuals is the decision engine's reading of the
    facts after the plan (the pack's dated mapping from kinds to categories), so the counters
    and the decision agree. A vehicle file counts as one person: the driver whose trajectory
    or cabin it records (faces and plates of others are hidden, or the plan leaves them as PI
    kinds anyway).
    """
    from carborder.decide.facts_view import read_asset
    from carborder.decide.people import has_pi, has_spi

    view = read_asset(pack, facts, as_of)
    kinds = [
        k
        for k, present in (
            (COUNTER_FACTS[0], has_pi(view) is True),
            (COUNTER_FACTS[1], has_spi(view) is True),
        )
        if present
    ]
    if not kinds:
        return {}
    sketch = DistinctSketch.keyed(key)  # keyed fingerprints: the database alone confirms nothing
    for f in files:
        # rows stand for people only without an identifier column (then tagged by file bytes)
        file_tag = sha256_file(f.path) if column is None else ""
        row = 0
        for batch in _column_batches(f, column):
            if column is not None:
                arr = batch.column(batch.schema.get_field_index(column))
                values = pc.unique(pc.cast(pc.drop_null(arr), pa.string())).to_pylist()
                sketch.add_values(str(v) for v in values)
            else:  # no identifier column: every row counts as a person (stricter)
                sketch.add_values(f"{file_tag}:{i}" for i in range(row, row + batch.num_rows))
            row += batch.num_rows
    sketch.add_values(f"file:{content_sha256(p)}" for p in vehicle)
    return {k: sketch for k in kinds}


def _column_batches(f: InputFile, column: str | None) -> Iterator[pa.RecordBatch]:
    """Batches of one column only when the format allows it (Parquet), else whole batches."""
    if column is not None and f.path.suffix.lower() == ".parquet":
        with pq.ParquetFile(f.path, pre_buffer=False) as pf:
            yield from pf.iter_batches(columns=[column], use_threads=False)
    else:
        yield from f.batches()


def pending_blobs(delta: dict[str, DistinctSketch]) -> dict[str, dict[str, object]]:
    """A run's counter delta as stored in its ``pending`` record until it is applied.

    Keyed fingerprints only (with their counter-key id); the store clears the record as
    soon as the run is released or abandoned.
    """
    return {kind: sk.to_json() for kind, sk in delta.items()}


def _year_to_date(ctx: RunContext, year: int) -> tuple[int, int]:
    sketches = year_to_date(ctx.store, ctx.inventory.handler.id, year)
    inv = ctx.inventory.counters.in_year(year)
    return (
        inv.individuals
        + (sketches[COUNTER_FACTS[0]].estimate if COUNTER_FACTS[0] in sketches else 0),
        inv.sensitive_individuals
        + (sketches[COUNTER_FACTS[1]].estimate if COUNTER_FACTS[1] in sketches else 0),
    )


def threshold_warnings(ctx: RunContext, as_of: date, delta: dict[str, DistinctSketch]) -> list[Msg]:
    """Warn (and audit) when another export of this size would reach a pack threshold."""
    from carborder.decide.counting_period import counting_year

    base = _year_to_date(ctx, counting_year(ctx.pack, as_of))  # the pack's counting period
    current = {COUNTER_FACTS[0]: base[0], COUNTER_FACTS[1]: base[1]}
    last = {k: v.estimate for k, v in delta.items()}
    out: list[Msg] = []
    for t, now in crossing_warnings(thresholds_of(ctx.pack, as_of), current, last):
        out.append(
            Msg(
                "warn-threshold-near",
                fact=t.fact,
                now=now,
                last=last.get(t.fact, 0),
                threshold=t.id,
                value=t.value,
            )
        )
        ctx.store.record_event(
            ThresholdWarning(threshold_id=t.id, fact=t.fact, current=now, limit=t.value),
            actor=ctx.actor,
        )
    return out
