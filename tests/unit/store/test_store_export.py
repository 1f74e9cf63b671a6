"""The gateway end to end on each database engine (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace

from carborder.deid.keys import ENV_VAR
from carborder.gateway import export, recover_runs, verify_manifest
from carborder.store import Store


def test_export_release_refusal_and_counters(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, KEY)
    ws = make_workspace(tmp_path / "ws")
    inp = [ws / "data" / "trips.parquet"]
    refused = export("no_approval", workspace=ws, inputs=inp, output=tmp_path / "r", store=store)
    assert refused.status == "refused"
    r1 = export("ok_flow", workspace=ws, inputs=inp, output=tmp_path / "a", store=store)
    r2 = export("ok_flow", workspace=ws, inputs=inp, output=tmp_path / "b", store=store)
    assert r1.status == r2.status == "released"
    assert r1.files == r2.files and r2.counters == {
        "pi.individuals": 50,
        "pi.sensitive_individuals": 50,
    }
    assert verify_manifest(tmp_path / "a").ok
    assert recover_runs(store) == []
    names = [e.name for e in store.iter_events()]
    assert names.count("export.released") == 2 and names.count("export.refused") == 1
    assert store.verify_audit().ok
