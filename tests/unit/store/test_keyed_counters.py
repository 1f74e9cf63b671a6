"""Head-count fingerprints are keyed, rotatable without losing counts, migrated, and private."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from tests.gateway_workspace import KEY, make_workspace

from carborder.deid.keys import ENV_VAR
from carborder.gateway import export
from carborder.keys.counter import COUNTER_KEY_DIR, CounterKey, counter_key, rotate_counter_key
from carborder.store import DistinctSketch, Store, identity_digest, migrate
from carborder.store.engine import make_engine


def _unkeyed(value: str) -> bytes:
    # the fingerprint stores kept before keyed counters: anyone could recompute it
    return hashlib.sha256(b"carborder-identity\n" + value.encode("utf-8")).digest()[:16]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, KEY)
    return make_workspace(tmp_path / "ws")


def _export(ws: Path, out: str) -> dict[str, int]:
    r = export("ok_flow", workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / out)
    assert r.status == "released", r.message
    return r.counters


def test_stored_fingerprints_cannot_be_recomputed_without_the_key(ws: Path) -> None:
    _export(ws, "a")
    table = pq.read_table(ws / "data" / "trips.parquet", columns=["vin", "phone"])
    vins, phones = (set(table[c].to_pylist()) for c in ("vin", "phone"))
    db = ws / ".carborder" / "carborder.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        blobs = [r.exact_blob for r in conn.execute(sa.text("SELECT exact_blob FROM counters"))]
        pending = conn.execute(sa.text("SELECT pending_json FROM export_runs")).scalars().all()
    engine.dispose()
    assert blobs and all(b for b in blobs)
    everything = b"".join(blobs)
    assert not any(_unkeyed(v) in everything for v in vins | phones)
    key = counter_key(ws / COUNTER_KEY_DIR, create=False)
    # keyed, and complete: the subject column (vin or phone) of every person is there
    assert any(all(identity_digest(v, key) in everything for v in ids) for ids in (vins, phones))
    assert pending == [None]  # a released run keeps no fingerprints


def test_fingerprints_depend_on_the_key() -> None:
    a, b = CounterKey("a", bytes(range(32))), CounterKey("b", bytes(range(1, 33)))
    assert identity_digest("LSVAU2180N2183294", a) == identity_digest("LSVAU2180N2183294", a)
    assert identity_digest("LSVAU2180N2183294", a) != identity_digest("LSVAU2180N2183294", b)
    sa_, sb = DistinctSketch.keyed(a), DistinctSketch.keyed(b)
    with pytest.raises(ValueError, match="cannot merge"):
        sa_.merge(sb)


def test_pseudonym_key_rotation_keeps_counts(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _export(ws, "a")
    monkeypatch.setenv(ENV_VAR, "another-pseudonym-key-9f8e7d6c5b4a39281706")
    second = _export(ws, "b")
    assert (ws / "a" / "trips.parquet").read_bytes() != (ws / "b" / "trips.parquet").read_bytes()
    assert second == first == {"pi.individuals": 50, "pi.sensitive_individuals": 50}


def test_counter_key_rotation_never_reads_low(ws: Path) -> None:
    first = _export(ws, "a")
    old = counter_key(ws / COUNTER_KEY_DIR, create=False)
    old_id, new_id = rotate_counter_key(ws / COUNTER_KEY_DIR)
    assert old_id == old.id and new_id != old.id
    assert not (ws / COUNTER_KEY_DIR / f"{old.id}.key").exists()  # the old secret is gone
    again = _export(ws, "b")
    # the same 50 people under a new key: counted again (an upper bound), never fewer
    assert again == {k: 2 * v for k, v in first.items()}
    store = Store.for_workspace(ws)
    try:
        count = store.counters("acme", next(iter(store.counter_rows()))["year"])
    finally:
        store.close()
    assert set(count["pi.individuals"].versions) == {old.id, new_id}
    assert count["pi.individuals"].lower_bound == 50


def _legacy_store(path: Path) -> sa.Engine:
    """A store as version 0001 left it: unkeyed fingerprints in counters and pending runs."""
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    people = [_unkeyed(f"LSVAU2180N{i:07d}") for i in range(40)]
    hll = DistinctSketch("x")
    hll.add_digests(people)
    exact, hll_blob = hll.to_blobs()
    pending = {
        "year": 2026,
        "handler": "acme",
        "delta": {
            "pi.individuals": base64.b64encode(
                json.dumps({"exact": base64.b64encode(exact or b"").decode(), "hll": ""}).encode()
            ).decode()
        },
    }
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO counters VALUES ('acme', 2026, 'pi.individuals', 40, :e, :h, "
                "'2026-03-01T00:00:00.000000Z', 3)"
            ),
            {"e": exact, "h": hll_blob},
        )
        # r1 finished (refused: a released run would need its export.released event)
        for run_id, status in (("r1", "refused"), ("r2", "committing")):
            conn.execute(
                sa.text(
                    "INSERT INTO export_runs (id, flow_id, status, created, pending_json) "
                    "VALUES (:id, 'f', :s, '2026-03-01T00:00:00.000000Z', :p)"
                ),
                {"id": run_id, "s": status, "p": json.dumps(pending)},
            )
    return engine


def test_migration_keeps_counts_and_destroys_unkeyed_fingerprints(tmp_path: Path) -> None:
    engine = _legacy_store(tmp_path / "old.db")
    migrate(engine)
    store = Store(engine)
    count = store.counters("acme", 2026)["pi.individuals"]
    assert count.estimate == 40
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT exact_blob, hll_blob, key_id FROM counters")).one()
        runs = dict(conn.execute(sa.text("SELECT id, pending_json FROM export_runs")).all())
    assert row.exact_blob is None and row.hll_blob == b"" and row.key_id == "legacy-unkeyed"
    assert runs["r1"] is None
    converted = json.loads(runs["r2"])["delta"]["pi.individuals"]
    assert DistinctSketch.from_json(converted).estimate == 40  # a count, no fingerprints
    assert "exact" in converted and converted["exact"] is None
    report = store.verify_audit()
    assert report.ok, report.summary()
    assert [e.name for e in store.iter_events()] == ["counters.updated"]
    engine.dispose()


def test_workspace_state_is_owner_only_and_nothing_above_it_changes(ws: Path) -> None:
    os.chmod(ws, 0o755)
    _export(ws, "a")
    state = ws / ".carborder"
    assert _mode(ws) == 0o755 and _mode(ws.parent) == _mode(ws.parent)  # untouched
    assert _mode(state) == 0o700
    assert _mode(state / "carborder.db") == 0o600
    keys = state / "keys"
    assert _mode(keys) == 0o700 and _mode(keys / "counter") == 0o700
    for f in keys.rglob("*"):
        if f.is_file():
            assert _mode(f) & 0o077 == 0, f
    for f in state.rglob("*"):
        assert _mode(f) & 0o077 == 0, f


def test_world_readable_state_of_older_versions_is_tightened(ws: Path, tmp_path: Path) -> None:
    _export(ws, "a")
    state = ws / ".carborder"
    os.chmod(state, 0o755)
    os.chmod(state / "carborder.db", 0o644)
    os.chmod(tmp_path, 0o755)
    Store.for_workspace(ws).close()
    assert _mode(state) == 0o700 and _mode(state / "carborder.db") == 0o600
    assert _mode(tmp_path) == 0o755 and _mode(ws) != 0o700
