from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from carborder.audit import (
    EVENT_TYPES,
    GENESIS_HASH,
    AuditEvent,
    ExportRefused,
    ScanRecorded,
    StoredEvent,
    canonical_json,
    link_hash,
    verify_events,
)
from carborder.audit.chain import format_time
from carborder.store import Store
from carborder.store.tables import AuditEventRow, AuditHeadRow


class _Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.at += timedelta(hours=1)
        return self.at


@pytest.fixture
def chain(tmp_path: Path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'a.db'}", clock=_Clock())
    for i in range(6):
        store.record_event(
            ScanRecorded(scan_id=f"s{i}", files=[f"{i:064d}"], facts_sha256="f" * 64), actor="eng"
        )
    return store


def _problem(store: Store) -> tuple[int, str]:
    report = store.verify_audit()
    assert not report.ok
    p = report.problems[0]
    return p.seq, p.kind


def test_intact_chain_verifies(chain: Store) -> None:
    report = chain.verify_audit()
    assert report.ok and report.events == 6 and report.head_seq == 6
    assert "intact" in report.summary()


def test_edit_is_detected_at_its_seq(chain: Store) -> None:
    with chain.session() as s:
        s.execute(
            update(AuditEventRow)
            .where(AuditEventRow.seq == 3)
            .values(payload_json=json.dumps({"scan_id": "forged", "files": [], "facts_sha256": ""}))
        )
    assert _problem(chain) == (3, "edited")
    assert "seq 3" in chain.verify_audit().summary()


def test_actor_edit_is_detected(chain: Store) -> None:
    with chain.session() as s:
        s.execute(update(AuditEventRow).where(AuditEventRow.seq == 2).values(actor="mallory"))
    assert _problem(chain) == (2, "edited")


def test_deletion_in_the_middle_is_detected(chain: Store) -> None:
    with chain.session() as s:
        s.execute(delete(AuditEventRow).where(AuditEventRow.seq == 4))
    seq, kind = _problem(chain)
    assert (seq, kind) == (5, "deleted")


def test_deletion_at_the_end_is_detected(chain: Store) -> None:
    with chain.session() as s:
        s.execute(delete(AuditEventRow).where(AuditEventRow.seq == 6))
    assert _problem(chain) == (5, "truncated")


def test_reorder_is_detected(chain: Store) -> None:
    with chain.session() as s:
        rows = {
            r.seq: r
            for r in s.execute(select(AuditEventRow).where(AuditEventRow.seq.in_([2, 3])))
            .scalars()
            .all()
        }
        a, b = rows[2], rows[3]
        fields = ("name", "actor", "created", "payload_json", "prev_hash", "hash")
        va, vb = [getattr(a, f) for f in fields], [getattr(b, f) for f in fields]
        for f, x, y in zip(fields, vb, va, strict=True):
            setattr(a, f, x)
            setattr(b, f, y)
    seq, kind = _problem(chain)
    assert seq == 2 and kind in ("relinked", "edited")


def test_insertion_is_detected(chain: Store) -> None:
    with chain.session() as s:
        # Renumber to make room, then insert a well-formed event that links to seq 2.
        for seq in range(6, 2, -1):
            s.execute(update(AuditEventRow).where(AuditEventRow.seq == seq).values(seq=seq + 1))
        prev = s.execute(select(AuditEventRow.hash).where(AuditEventRow.seq == 2)).scalar_one()
        payload = {"scan_id": "ghost", "files": [], "facts_sha256": ""}
        created = format_time(datetime(2026, 3, 1, 10, 30, tzinfo=UTC))
        s.add(
            AuditEventRow(
                seq=3,
                name="scan.recorded",
                actor="mallory",
                created=created,
                payload_json=canonical_json(payload).decode(),
                prev_hash=prev,
                hash=link_hash(prev, 3, "scan.recorded", "mallory", created, payload),
            )
        )
        s.execute(update(AuditHeadRow).values(seq=7))
    seq, kind = _problem(chain)
    assert seq == 4 and kind in ("relinked", "edited")


def test_head_tampering_is_detected(chain: Store) -> None:
    with chain.session() as s:
        s.execute(update(AuditHeadRow).values(hash="0" * 64))
    assert _problem(chain)[1] == "head-mismatch"


def test_jsonl_since_filters_by_time(chain: Store) -> None:
    events = list(chain.iter_events())
    since = events[3].created
    later = list(chain.iter_events(since=since))
    assert [e.seq for e in later] == [4, 5, 6]
    line = json.dumps(later[0].to_json())
    assert json.loads(line)["hash"] == later[0].hash


def test_events_are_typed_and_registered() -> None:
    assert EVENT_TYPES["export.refused"] is ExportRefused
    with pytest.raises(TypeError, match="ClassVar 'name'"):

        class Nameless(AuditEvent):
            pass

    with pytest.raises(TypeError, match="already used"):

        class Dup(AuditEvent):
            name = "export.refused"


def test_pure_verifier_names_the_first_broken_link() -> None:
    evs: list[StoredEvent] = []
    prev = GENESIS_HASH
    for seq in range(1, 4):
        h = link_hash(prev, seq, "x", "a", f"t{seq}", {"n": seq})
        evs.append(StoredEvent(seq, "x", "a", f"t{seq}", {"n": seq}, prev, h))
        prev = h
    assert verify_events(evs, head=(3, prev)).ok
    forged = [
        evs[0],
        StoredEvent(2, "x", "a", "t2", {"n": 99}, evs[1].prev_hash, evs[1].hash),
        evs[2],
    ]
    report = verify_events(forged, head=(3, prev))
    assert [(p.seq, p.kind) for p in report.problems] == [(2, "edited")]
