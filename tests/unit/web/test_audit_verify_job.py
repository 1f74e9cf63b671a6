"""The audit-verify job reports a broken chain (it used to fail on the report's problems)."""

from __future__ import annotations

from sqlalchemy import text
from tests.web_server import Server, wait_job


def test_a_tampered_chain_is_reported_with_its_problems(server: Server) -> None:
    auditor = server.auth("auditor")
    with server.ctx.store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 1"))
    r = server.client.post("/api/v1/audit-events/verify", headers=auditor)
    job = wait_job(server, r.json()["job"]["id"], auditor)
    assert job["status"] == "succeeded", job
    result = job["result"]
    assert result["ok"] is False and "BROKEN at seq 1 (edited)" in result["summary"]
    assert "第 1" in result["summary_zh"] and "BROKEN" not in result["summary_zh"]
    first = result["problems"][0]
    assert first["seq"] == 1 and first["kind"] == "edited"
    assert first["message"] == "content does not match its stored hash"
    assert first["message_zh"] != first["message"]
