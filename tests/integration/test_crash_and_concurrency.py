"""kill -9 at any point never leaves a half export or counters without a manifest; parallel
exports never lose counter updates."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace, write_trips

from carborder.deid.keys import ENV_VAR
from carborder.gateway import export, recover_runs, verify_manifest
from carborder.store import Store
from carborder.workspace.config import Workspace

CHILD = Path(__file__).with_name("_export_child.py")
STAGES = (
    "scanned",
    "decided",
    "written",
    "rescanned",
    "manifest",
    "committing",
    "committed",
    "counted",
)
REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_VAR] = KEY
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


def _check_invariants(ws: Path, out_root: Path, *, recovered: bool) -> None:
    outputs = [p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    for out in outputs:  # anything that looks like an output is complete and intact
        report = verify_manifest(out)
        assert report.ok, (out, report.problems)
    store = _store(ws)
    try:
        counters = store.counters("acme", datetime.now(UTC).year)
        released = store.runs(status="released")
        if counters:
            assert outputs, "counters changed without any manifest"
            assert released or not recovered
        if recovered:
            assert {Path(r.output or "") for r in released} == set(outputs)
            if outputs:
                assert {k: v.estimate for k, v in counters.items()} == {
                    "pi.individuals": 50,
                    "pi.sensitive_individuals": 50,
                }
            assert store.runs(status="committing") == []
        assert store.verify_audit().ok
    finally:
        store.close()


@pytest.mark.slow
def test_kill_9_at_every_stage_and_at_random_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path / "ws")
    inp = ws / "data" / "trips.parquet"
    out_root = tmp_path / "exports"
    out_root.mkdir()
    rng = random.Random(20261123)
    plans: list[tuple[str, float | None]] = [(s, None) for s in STAGES]
    plans += [("", rng.uniform(0.3, 2.5)) for _ in range(8)]
    for n, (stage, delay) in enumerate(plans):
        out = out_root / f"run{n:02d}"
        cmd = [sys.executable, str(CHILD), str(ws), str(inp), str(out), stage]
        proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if delay is not None:
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.kill()
        _out, err = proc.communicate(timeout=60)
        if stage:
            assert proc.returncode == -9, err.decode()[-2000:]
        _check_invariants(ws, out_root, recovered=False)
        store = _store(ws)
        recover_runs(store)
        store.close()
        _check_invariants(ws, out_root, recovered=True)
    # A normal run afterwards cleans every temp dir left by the killed runs.
    monkeypatch.setenv(ENV_VAR, KEY)
    r = export("ok_flow", workspace=ws, inputs=[inp], output=out_root / "final")
    assert r.status == "released"
    assert [p.name for p in out_root.iterdir() if "carborder-tmp" in p.name] == []
    _check_invariants(ws, out_root, recovered=True)


@pytest.mark.slow
def test_parallel_exports_never_lose_counter_updates(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    inputs = [
        write_trips(tmp_path / f"part{i}.parquet", vehicles=50, rows=500, seed=100 + i)
        for i in range(4)
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(ws), str(p), str(tmp_path / "out" / p.stem)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for p in inputs
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()[-2000:]
        assert out.decode().strip() == "released"
    store = _store(ws)
    try:
        counters = store.counters("acme", datetime.now(UTC).year)
        assert counters["pi.individuals"].estimate == 200
        assert counters["pi.sensitive_individuals"].estimate == 200
        assert len(store.runs(status="released")) == 4
        assert store.verify_audit().ok
    finally:
        store.close()
    for p in inputs:
        assert verify_manifest(tmp_path / "out" / p.stem).ok
