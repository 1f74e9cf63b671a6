"""Exports killed (SIGKILL) at random points never break the gateway's invariants.

Each run exports a new input (new people) in a child process that kills itself at one point: a
progress stage, or the N-th call/return/C call of the gateway, store or audit code, N drawn at
random over a whole run. After every kill — before anything recovers it — and again at the end:

1. no output looks complete and isn't: every output directory verifies against its signed
   manifest with the workspace key (temp dirs are hidden and removed by the next run);
2. the audit chain verifies;
3. head-counts never read low: year to date (what the decision, ``assess``, ``plan`` and
   filings read) is exactly the people of the outputs in place, counted or still pending;
4. once recovered: no run is left ``committing``, every output has a released run and its
   ``export.released`` event, the stored counters alone are exact, no temp dir or lock is left.

CI runs a few kills (the two stages around the commit point, and three random points); the
``slow`` run kills at every stage and ``CARBORDER_FAULT_KILLS`` random points (default 12).
``CARBORDER_FAULT_REPORT`` names a JSON file for the figures (kills, where they landed).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace, write_trips

from carborder.deid.keys import ENV_VAR
from carborder.gateway import pending_releases, recover_runs, verify_manifest, year_to_date
from carborder.gateway.signing import trusted_workspace_keys
from carborder.store import Store
from carborder.workspace.config import Workspace

CHILD = Path(__file__).with_name("_fault_child.py")
REPO = Path(__file__).resolve().parents[2]
STAGES = ("scanned", "decided", "written", "rescanned", "manifest", "committing", "committed")
VEHICLES = 20  # people per input: each vehicle has its own VIN and phone
YEAR = datetime.now(UTC).year


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_VAR] = KEY
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def _child(
    ws: Path, inp: Path, out: Path, kill_at: str, report: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHILD), str(ws), str(inp), str(out), kill_at, str(report)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


def _outputs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _check(ws: Path, root: Path, *, recovered: bool) -> int:
    """Assert the invariants; return how many releases are in place."""
    outputs = _outputs(root)
    trusted = trusted_workspace_keys(ws)
    for out in outputs:
        report = verify_manifest(out, trusted=trusted)
        assert report.verified, (out, report.problems)
    store = _store(ws)
    try:
        assert store.verify_audit().ok
        ytd = {k: v.estimate for k, v in year_to_date(store, "acme", YEAR).items()}
        want = len(outputs) * VEHICLES
        assert ytd.get("pi.individuals", 0) == want, (ytd, outputs)
        assert ytd.get("pi.sensitive_individuals", 0) == want, (ytd, outputs)
        if recovered:
            assert store.runs(status="committing") == [] and pending_releases(store) == []
            stored = {k: v.estimate for k, v in store.counters("acme", YEAR).items()}
            assert stored == ytd
            released = {Path(r.output or ""): r for r in store.runs(status="released")}
            assert set(released) == set(outputs)
            events = {
                e.payload["run_id"]: e.payload
                for e in store.iter_events()
                if e.name == "export.released"
            }
            for out, run in released.items():
                assert events[run.id]["manifest_sha256"] == run.manifest_sha256, out
    finally:
        store.close()
    return len(outputs)


def _kill_points(ws: Path, tmp: Path, out: Path) -> int:
    """How many points a whole export passes (a run to the end, counted by the hook)."""
    inp = write_trips(tmp / "calibrate.parquet", vehicles=VEHICLES, rows=200, seed=999)
    done = _child(ws, inp, out, "0", tmp / "calibrate.txt")
    assert done.returncode == 0, done.stderr[-2000:]
    status, points = done.stdout.split()
    assert status == "released"
    return int(points)


def test_exports_killed_around_the_commit_point_keep_the_invariants(tmp_path: Path) -> None:
    _kill_and_check(tmp_path, stages=("committing", "committed"), kills=3, seed=20261127)


@pytest.mark.slow
def test_exports_killed_at_random_points_keep_the_invariants(tmp_path: Path) -> None:
    _kill_and_check(
        tmp_path,
        stages=STAGES,
        kills=int(os.environ.get("CARBORDER_FAULT_KILLS", "12")),
        seed=int(os.environ.get("CARBORDER_FAULT_SEED", "20261127")),
    )


def _kill_and_check(tmp_path: Path, *, stages: tuple[str, ...], kills: int, seed: int) -> None:
    ws = make_workspace(tmp_path / "ws", rows=200, vehicles=VEHICLES)
    root = tmp_path / "exports"
    root.mkdir()
    points = _kill_points(ws, tmp_path, root / "calibrate")
    rng = random.Random(seed)
    plan = [*stages, *(str(rng.randint(1, points)) for _ in range(kills))]
    landed: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    survived = 0
    for n, kill_at in enumerate(plan):
        inp = write_trips(tmp_path / f"in{n:04d}.parquet", vehicles=VEHICLES, rows=200, seed=n)
        report = tmp_path / f"kill{n:04d}.txt"
        done = _child(ws, inp, root / f"run{n:04d}", kill_at, report)
        if done.returncode == 0:  # a point past the end of this (shorter) run: no kill
            landed["(not killed)"] += 1
        else:
            assert done.returncode == -9, (kill_at, done.returncode, done.stderr[-2000:])
            stage, where, _event = report.read_text(encoding="utf-8").rstrip("\n").split("\t")
            landed[stage] += 1
            functions[where] += 1
        _check(ws, root, recovered=False)
        survived += 1
        inp.unlink()
    # Recovery, then a run to the end, which also removes every dead run's temp dir and lock.
    store = _store(ws)
    recover_runs(store)
    store.close()
    _check(ws, root, recovered=True)
    last = write_trips(tmp_path / "last.parquet", vehicles=VEHICLES, rows=200, seed=len(plan))
    final = _child(ws, last, root / "final", "none", tmp_path / "final.txt")
    assert final.returncode == 0, final.stderr[-2000:]
    in_place = _check(ws, root, recovered=True)
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []
    figures = {
        "kills": len(plan),
        "survived": survived,
        "kill_points_per_export": points,
        "stage_at_kill": dict(sorted(landed.items())),
        "functions_at_kill": dict(functions.most_common(15)),
        "releases_in_place": in_place,
    }
    target = os.environ.get("CARBORDER_FAULT_REPORT")
    if target:
        Path(target).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert survived == len(plan)
