"""Approvals recorded in the store keep the scope they were granted for, audited by hash."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import text

from carborder.audit.chain import canonical_json
from carborder.model.approval import Approval, ApprovalScope
from carborder.model.flow import OverseasStorage
from carborder.store import Store, migrate
from carborder.store.repository import scope_sha256

SCOPE = ApprovalScope(
    purposes=["after_sales"],
    activities=["transfer"],
    recipients=["hq"],
    assets=["crm"],
    pi_kinds=["name", "phone"],
    storage=OverseasStorage(location="DE", period_months=24),
)


def _approval(ident: str, scope: ApprovalScope | None) -> Approval:
    return Approval(
        id=ident, kind="security_assessment", flows=["f1"], issued=date(2026, 3, 1), scope=scope
    )


def test_scope_round_trips_and_its_hash_is_audited(store: Store) -> None:
    store.add_approval(_approval("SA-1", SCOPE), actor="alice")
    store.add_approval(_approval("SA-2", None), actor="alice")
    assert store.get_approval("SA-1") == _approval("SA-1", SCOPE)
    assert store.get_approval("SA-2") == _approval("SA-2", None)
    added = {e.payload["approval_id"]: e.payload for e in store.iter_events()}
    doc = SCOPE.model_dump(mode="json")
    assert added["SA-1"]["scope"] == doc
    # an independent oracle: the digest of the canonical JSON the chain itself uses
    import hashlib

    assert added["SA-1"]["scope_sha256"] == hashlib.sha256(canonical_json(doc)).hexdigest()
    assert added["SA-1"]["scope_sha256"] == scope_sha256(doc)
    assert added["SA-2"]["scope"] is None and added["SA-2"]["scope_sha256"] is None
    assert store.verify_audit().ok


def test_a_scope_edited_in_the_database_is_caught_by_audit_verify(store: Store) -> None:
    store.add_approval(_approval("SA-1", SCOPE), actor="alice")
    wider = SCOPE.model_copy(update={"recipients": ["hq", "anyone"]})
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE approvals SET scope_json = :s WHERE id = 'SA-1'"),
            {"s": wider.model_dump_json()},
        )
    report = store.verify_audit()
    assert not report.ok
    assert any("scope_sha256" in p.message for p in report.problems), report.problems


def test_upgrade_keeps_approvals_recorded_before_scopes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store.open(url, upgrade=False, check=False)
    try:
        migrate(old.engine, "web0001")
        with old.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO approvals (id, kind, flows_json, issued, valid_until, revoked, "
                    "evidence_sha256, note, created) VALUES ('OLD-1', 'standard_contract', "
                    ":flows, '2025-01-02', NULL, 0, NULL, NULL, '2025-01-02T00:00:00.000000Z')"
                ),
                {"flows": json.dumps(["f1"])},
            )
    finally:
        old.close()
    store = Store.open(url)
    try:
        got = store.get_approval("OLD-1")
        assert got is not None and got.scope is None and got.flows == ["f1"]
        store.add_approval(_approval("SA-9", SCOPE), actor="alice")
        assert store.get_approval("SA-9") == _approval("SA-9", SCOPE)
    finally:
        store.close()
