"""Releases past the commit point whose people are not counted yet, and finishing them.

An export renames its temp dir into place (the commit point) and then, in one transaction,
merges its people into the year-to-date counters, stores the manifest, marks the run
``released`` and appends ``export.released``. A kill in between leaves a complete, verifiable
release whose delta still waits in its run row. Every reader of year-to-date counts goes through
:func:`year_to_date`, which adds those pending deltas, so thresholds never read low; any
export (and ``audit verify``) finishes them with :func:`recover_runs`.

A run is told apart by its output and its lock (beside the temp dir, held by the exporting
process from the temp dir's creation until its people are counted):

- ``committed``: its signed manifest is in place (same SHA-256) — counted, finished on recovery;
- ``in flight``: not in place yet, but its process is alive — counted (it is about to commit);
- dead before the commit point: nothing was released — not counted, abandoned on recovery.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from carborder.audit.events import ExportRecovered, ExportReleased
from carborder.gateway.files import lock_is_held, run_lock_path, sha256_file
from carborder.gateway.manifest import MANIFEST_NAME
from carborder.store.repository import Store, StoredRun
from carborder.store.sketch import DistinctSketch, YearCount

__all__ = [
    "PendingRelease",
    "finish_release",
    "pending_releases",
    "recover_runs",
    "year_to_date",
]


@dataclass(frozen=True)
class PendingRelease:
    """A run past (or at) its commit point whose counter delta is not merged yet."""

    run_id: str
    flow_id: str
    output: Path
    state: Literal["committed", "in_flight"]
    handler: str
    year: int
    delta: dict[str, DistinctSketch]


def _committed(run: StoredRun) -> bool:
    manifest = Path(run.output or "") / MANIFEST_NAME
    return bool(run.output) and manifest.is_file() and sha256_file(manifest) == run.manifest_sha256


def _in_flight(run: StoredRun) -> bool:
    return bool(run.output) and lock_is_held(run_lock_path(Path(run.output or ""), run.id))


def pending_releases(store: Store) -> list[PendingRelease]:
    """Runs marked ``committing`` that released (or are releasing) data not counted yet."""
    out: list[PendingRelease] = []
    for run in store.runs(status="committing"):
        if run.pending is None or run.output is None:
            continue
        state: Literal["committed", "in_flight"]
        if _committed(run):
            state = "committed"
        elif _in_flight(run):
            state = "in_flight"
        else:
            continue
        out.append(
            PendingRelease(
                run_id=run.id,
                flow_id=run.flow_id,
                output=Path(run.output),
                state=state,
                handler=str(run.pending["handler"]),
                year=int(run.pending["year"]),
                delta={
                    kind: DistinctSketch.from_json(blob)
                    for kind, blob in sorted(run.pending["delta"].items())
                },
            )
        )
    return out


def year_to_date(store: Store, handler_id: str, year: int) -> dict[str, YearCount]:
    """The stored year-to-date counts plus the people of pending releases (never low).

    Every reader of exported head-counts (the gateway's decision, ``assess``, ``plan``,
    filings) reads them here.
    """
    counts = {kind: dict(c.versions) for kind, c in store.counters(handler_id, year).items()}
    for p in pending_releases(store):
        if p.handler != handler_id or p.year != year:
            continue
        for kind, delta in p.delta.items():
            versions = counts.setdefault(kind, {})
            current = versions.get(delta.key_id)
            union = current.copy() if current is not None else DistinctSketch(delta.key_id)
            union.merge(delta)
            versions[delta.key_id] = union
    return {kind: YearCount(versions) for kind, versions in counts.items()}


def finish_release(store: Store, run_id: str, *, actor: str) -> dict[str, int]:
    """Count a committed run's people, store its manifest, mark it released, audit; idempotent.

    The run's state is read again under the transaction's lock, so two processes finishing the
    same run (the exporter and a recovery) apply it once.
    """
    from sqlalchemy import select

    from carborder.store.tables import ExportRunRow

    run = store.get_run(run_id)
    if run is None or run.status != "committing" or run.output is None or run.pending is None:
        return {}
    output = Path(run.output)
    doc = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
    counters: dict[str, int] = {}
    with store.session() as s:
        row = s.execute(
            select(ExportRunRow).where(ExportRunRow.id == run_id).with_for_update()
        ).scalar_one_or_none()
        if row is None or row.status != "committing" or not row.pending_json:
            return {}
        pending = json.loads(row.pending_json)
        for kind, blob in sorted(pending["delta"].items()):
            counters[kind] = store.merge_counter(
                s,
                pending["handler"],
                int(pending["year"]),
                kind,
                DistinctSketch.from_json(blob),
                actor=actor,
                run_id=run_id,
            )
        store.record_manifest(s, run_id, run.manifest_sha256 or "", doc)
        store.update_run(s, run_id, status="released", finished=store.now())
        body = doc["body"]
        store.append_event(
            s,
            ExportReleased(
                run_id=run_id,
                flow_id=run.flow_id,
                decision_id=str(body["decision_id"]),
                output=str(output),
                manifest_sha256=run.manifest_sha256 or "",
                files=len(body["files"]),
                rows=sum(int(f["rows"] or 0) for f in body["files"]),
            ),
            actor=actor,
        )
    return counters


def recover_runs(store: Store, *, actor: str = "carborder") -> list[tuple[str, str]]:
    """Finish runs killed after their commit point; abandon runs killed before it.

    A run whose output holds its manifest (same SHA-256) was committed: its people are counted
    now. A run whose process is still alive is left alone (it finishes itself). Otherwise the
    rename never happened: the run is abandoned and nothing counts.

    Returns:
        (run id, outcome) pairs.
    """
    done: list[tuple[str, str]] = []
    for run in store.runs(status="committing"):
        if _committed(run):
            finish_release(store, run.id, actor=actor)
            outcome = "released"
        elif _in_flight(run):
            continue
        else:
            with store.session() as s:
                store.update_run(s, run.id, status="abandoned", finished=store.now())
            outcome = "abandoned"
        store.record_event(ExportRecovered(run_id=run.id, outcome=outcome), actor=actor)
        done.append((run.id, outcome))
    return done
