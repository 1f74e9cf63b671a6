"""The server on PostgreSQL: the same four-eyes export and audit chain as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from tests.postgres import SKIP_REASON, pg_schema, reachable_pg_url
from tests.web_server import Server, wait_job

from carborder.store import Store
from carborder.web import Role, ServerSettings, create_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_server(workspace: Path) -> Iterator[Server]:
    from fastapi.testclient import TestClient

    url = reachable_pg_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    with pg_schema(url, "cb_web") as schema:
        store = Store.open(url, schema=schema)
        settings = ServerSettings(
            workspace=workspace, store_url=url, store_schema=schema, job_mode="thread"
        )
        app = create_app(settings, store=store)
        server = Server(app=app, client=TestClient(app, base_url="http://127.0.0.1"))
        for role in Role:
            header = server.add_token_user(f"pg-{role.value.replace('_', '-')}", role.value)
            server.tokens[role.value] = header["Authorization"].removeprefix("Bearer ")
        try:
            yield server
        finally:
            server.ctx.close()


def test_four_eyes_export_and_audit_chain_on_postgres(pg_server: Server) -> None:
    s = pg_server
    r = s.client.post(
        "/api/v1/approvals",
        data={
            "reference": "SCC-PG-1",
            "kind": "standard_contract",
            "flows": "tsp_to_munich",
            "issued": date.today().isoformat(),
            "scope_from_flow": "1",
        },
        files={"evidence": ("r.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        headers=s.auth("compliance_officer"),
    )
    assert r.status_code == 201, r.text
    flow = s.client.get("/api/v1/flows/tsp_to_munich", headers=s.auth("viewer")).json()
    assert flow["flow"]["status"] == "allowed"  # the approval in PostgreSQL reached the decision
    rid = s.client.post(
        "/api/v1/exports",
        json={"flow": "tsp_to_munich", "inputs": ["data/tsp_trips.parquet"]},
        headers=s.auth("data_steward"),
    ).json()["id"]
    assert (
        s.client.post(f"/api/v1/exports/{rid}/approve", headers=s.auth("data_steward")).status_code
        == 403
    )
    job = s.client.post(f"/api/v1/exports/{rid}/approve", headers=s.auth("approver")).json()["job"]
    done = wait_job(s, job["id"], s.auth("approver"))
    assert done["status"] == "succeeded", done
    assert (
        s.client.get(f"/api/v1/exports/{rid}", headers=s.auth("auditor")).json()["status"]
        == "released"
    )
    report = wait_job(
        s,
        s.client.post("/api/v1/audit-events/verify", headers=s.auth("auditor")).json()["job"]["id"],
        s.auth("auditor"),
    )
    assert report["result"]["ok"] is True
    names = [
        e["name"]
        for e in s.client.get("/api/v1/audit-events?limit=200", headers=s.auth("auditor")).json()[
            "events"
        ]
    ]
    assert {"web.export_requested", "web.export_approved", "export.released"} <= set(names)
