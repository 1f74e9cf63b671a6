"""The server's scan job writes ``scan.recorded``, as every scan saved into a workspace does."""

from __future__ import annotations

import hashlib

from tests.web_server import Server, wait_job


def _scan_events(server: Server) -> list[tuple[str, dict[str, object]]]:
    return [
        (e.actor, e.payload) for e in server.ctx.store.iter_events() if e.name == "scan.recorded"
    ]


def test_the_server_scan_job_records_its_scan(server: Server) -> None:
    steward = server.auth("data_steward")
    before = len(_scan_events(server))
    r = server.client.post(
        "/api/v1/scans",
        json={"asset": "hr_roster", "inputs": ["data/hr_roster.csv"]},
        headers=steward,
    )
    job = wait_job(server, r.json()["job"]["id"], steward)
    assert job["status"] == "succeeded", job
    events = _scan_events(server)
    assert len(events) == before + 1
    actor, payload = events[-1]
    assert actor == "r-data-steward" and str(payload["scan_id"]).startswith("hr_roster:")
    roster = server.ctx.workspace.root / "data" / "hr_roster.csv"
    assert payload["files"] == [hashlib.sha256(roster.read_bytes()).hexdigest()]
