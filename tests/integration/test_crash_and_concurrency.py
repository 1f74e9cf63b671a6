"""Parallel exports never lose counter updates (kills at random points: test_fault_injection.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace, write_trips

from carborder.deid.keys import ENV_VAR
from carborder.gateway import verify_manifest
from carborder.store import Store
from carborder.workspace.config import Workspace

CHILD = Path(__file__).with_name("_export_child.py")
REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_VAR] = KEY
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


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
