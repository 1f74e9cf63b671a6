"""Releases interrupted between the commit point and counting: counted everywhere, finished later.

The state a kill leaves after the rename is made in-process here (an exception at the stage,
which releases the run's lock like a dead process does); the kill -9 runs are in
tests/integration/test_fault_injection.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carborder.gateway import export, pending_releases, recover_runs, verify_manifest, year_to_date
from carborder.gateway.files import LockedTempDir, run_lock_path
from carborder.store import Store
from carborder.workspace.config import Workspace
from carborder.workspace.state import with_stored_state

YEAR = datetime.now(UTC).year
PEOPLE = {"pi.individuals": 50, "pi.sensitive_individuals": 50}


class KilledError(Exception):
    """Stands for a kill at one stage of the run."""


def _kill_at(stage: str) -> Callable[[str], None]:
    def progress(s: str) -> None:
        if s == stage:
            raise KilledError(stage)

    return progress


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


def _ytd(store: Store) -> dict[str, int]:
    return {k: v.estimate for k, v in year_to_date(store, "acme", YEAR).items()}


def _interrupt(ws: Path, stage: str) -> Path:
    out = ws / "out"
    with pytest.raises(KilledError):
        export(
            "ok_flow",
            workspace=ws,
            inputs=[ws / "data" / "trips.parquet"],
            output=out,
            progress=_kill_at(stage),
        )
    return out


def test_a_release_killed_before_counting_is_counted_by_every_reader(ws: Path) -> None:
    out = _interrupt(ws, "committed")
    assert verify_manifest(out).ok  # a complete, verifiable release...
    store = _store(ws)
    assert store.counters("acme", YEAR) == {}  # ...whose people the store has not merged
    [p] = pending_releases(store)
    assert p.state == "committed" and p.output == out.resolve()
    assert _ytd(store) == PEOPLE  # the gateway's decision, plan and filings read this
    store.close()
    # assess / explain read the same year to date
    w = Workspace.open(ws)
    inv = with_stored_state(w, w.inventory(w.pack()), datetime.now(UTC).date())
    assert (inv.counters.individuals, inv.counters.sensitive_individuals) == (50, 50)


def test_audit_verify_finishes_the_pending_release(ws: Path) -> None:
    from carborder.cli.main import app

    out = _interrupt(ws, "committed")
    res = CliRunner().invoke(app, ["audit", "verify", "--workspace", str(ws), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [r["outcome"] for r in doc["recovered"]] == ["released"]
    store = _store(ws)
    assert {k: v.estimate for k, v in store.counters("acme", YEAR).items()} == PEOPLE
    assert pending_releases(store) == [] and _ytd(store) == PEOPLE
    [run] = store.runs(status="released")
    assert run.output == str(out.resolve())
    released = [e for e in store.iter_events() if e.name == "export.released"]
    assert [e.payload["run_id"] for e in released] == [run.id]
    assert store.verify_audit().ok
    store.close()


def test_a_run_killed_before_the_rename_counts_nobody_and_is_abandoned(ws: Path) -> None:
    out = _interrupt(ws, "committing")
    assert not out.exists()
    store = _store(ws)
    assert pending_releases(store) == [] and _ytd(store) == {}
    assert [o for _r, o in recover_runs(store)] == ["abandoned"]
    assert store.runs(status="committing") == []
    store.close()


def test_recovery_leaves_a_run_committing_in_another_process_alone(ws: Path) -> None:
    out = _interrupt(ws, "committing")
    store = _store(ws)
    [run] = store.runs(status="committing")
    # The run's process is alive and about to rename: its lock is held.
    with LockedTempDir(out, run.id) as held:
        assert held.lock_path == run_lock_path(out.resolve(), run.id)
        [p] = pending_releases(store)
        assert p.state == "in_flight" and _ytd(store) == PEOPLE  # never low, even now
        assert recover_runs(store) == []
        assert store.runs(status="committing")[0].id == run.id
    assert [o for _r, o in recover_runs(store)] == ["abandoned"]
    store.close()


def test_finishing_twice_applies_once(ws: Path) -> None:
    from carborder.gateway.pending import finish_release

    _interrupt(ws, "committed")
    store = _store(ws)
    [run] = store.runs(status="committing")
    assert finish_release(store, run.id, actor="a") == PEOPLE
    assert finish_release(store, run.id, actor="b") == {}
    assert [e.name for e in store.iter_events()].count("export.released") == 1
    store.close()
