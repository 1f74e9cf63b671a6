from __future__ import annotations

import threading
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from carborder.audit import ScanRecorded
from carborder.errors import InputError
from carborder.keys.counter import CounterKey
from carborder.model.approval import Approval
from carborder.store import DistinctSketch, Store, StoredScan, migrate
from carborder.store.migrate import MIGRATIONS_DIR
from carborder.store.tables import metadata

COUNTER_KEY = CounterKey("test-counter-key", bytes(range(7, 39)))


def _sketch(values: list[str]) -> DistinctSketch:
    sk = DistinctSketch.keyed(COUNTER_KEY)
    sk.add_values(values)
    return sk


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1, f"migrations must have one head, found {heads}"
    return heads[0]


def test_migrated_schema_matches_the_models(store: Store) -> None:
    # the server's tables share the metadata and the migration chain: load their models too,
    # or the test passes or fails by which other tests ran first in this process
    import carborder.store.server_tables  # noqa: F401

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_migrate_twice_is_a_no_op(store: Store) -> None:
    migrate(store.engine)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            _head_revision()
        )


def test_approvals_roundtrip_revoke_and_audit(store: Store) -> None:
    a = Approval(id="SCC-1", kind="standard_contract", flows=["f1"], issued=date(2026, 3, 1))
    store.add_approval(a, actor="alice")
    with pytest.raises(InputError, match="already exists"):
        store.add_approval(a, actor="alice")
    assert store.list_approvals() == [a]
    store.revoke_approval("SCC-1", actor="bob", reason="withdrawn")
    got = store.get_approval("SCC-1")
    assert got is not None and got.revoked
    with pytest.raises(InputError, match="no approval"):
        store.revoke_approval("nope", actor="bob")
    names = [e.name for e in store.iter_events()]
    assert names == ["approval.added", "approval.revoked"]
    assert store.verify_audit().ok


def test_scan_lookup_by_content(store: Store) -> None:
    scan = StoredScan(
        id="s1",
        created="2026-01-01T00:00:00.000000Z",
        files={"/a.parquet": "aa", "/b.parquet": "bb"},
        facts={"pi.kinds": ["vin"]},
        columns={"vin": ["vin"]},
        rows=3,
    )
    store.record_scan(scan)
    store.record_scan(scan)  # idempotent
    found = store.find_scan(["bb", "aa"])
    assert found is not None and found.facts == {"pi.kinds": ["vin"]} and found.rows == 3
    assert store.find_scan(["aa"]) is None


def test_counters_union_is_idempotent(store: Store) -> None:
    with store.session() as s:
        assert store.merge_counter(s, "h", 2026, "pi.individuals", _sketch(["a", "b"])) == 2
    with store.session() as s:
        assert store.merge_counter(s, "h", 2026, "pi.individuals", _sketch(["b", "c"])) == 3
    with store.session() as s:  # the same people again: no change
        assert store.merge_counter(s, "h", 2026, "pi.individuals", _sketch(["a", "c"])) == 3
    assert store.counters("h", 2026)["pi.individuals"].estimate == 3
    assert store.counters("h", 2025) == {}


def test_parallel_counter_updates_are_never_lost(store: Store) -> None:
    errors: list[BaseException] = []

    def worker(w: int) -> None:
        try:
            for i in range(10):
                with store.session() as s:
                    store.merge_counter(
                        s, "h", 2026, "pi.individuals", _sketch([f"w{w}-{i}-{j}" for j in range(5)])
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.counters("h", 2026)["pi.individuals"].estimate == 4 * 10 * 5


def test_parallel_audit_appends_keep_one_chain(store: Store) -> None:
    def worker(w: int) -> None:
        for i in range(10):
            store.record_event(
                ScanRecorded(scan_id=f"{w}-{i}", files=[], facts_sha256="x"), actor="t"
            )

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = store.verify_audit()
    assert report.ok, report.summary()
    assert report.events == 40


def test_sketch_spills_to_hll_beyond_the_exact_limit() -> None:
    from carborder.store.sketch import EXACT_LIMIT

    sk = _sketch([str(i) for i in range(EXACT_LIMIT + 10)])
    assert not sk.exact
    est = sk.estimate
    assert abs(est - (EXACT_LIMIT + 10)) / (EXACT_LIMIT + 10) < 0.05
    again = DistinctSketch.from_blobs(*sk.to_blobs(), key_id=sk.key_id)
    again.merge(sk)
    assert again.estimate == est


def test_open_refuses_unknown_urls() -> None:
    with pytest.raises(InputError, match="unsupported database URL"):
        Store.open("mysql://x")
