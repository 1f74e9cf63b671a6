"""Background jobs: worker processes, progress, failures that end failed, restarts."""

from __future__ import annotations

from pathlib import Path

from tests.web_server import Server, make_server, wait_job

from carborder.web.db.jobs import Jobs


def test_scan_job_in_a_worker_process_saves_the_scan_and_reports_progress(workspace: Path) -> None:
    server = make_server(workspace, job_mode="process")
    try:
        steward = server.auth("data_steward")
        r = server.client.post(
            "/api/v1/scans",
            json={"asset": "hr_roster", "inputs": ["data/hr_roster.csv"]},
            headers=steward,
        )
        assert r.status_code == 202, r.text
        job = wait_job(server, r.json()["job"]["id"], steward, timeout=300)
        assert job["status"] == "succeeded", job
        assert job["progress"] == 1.0 and job["result"]["asset"] == "hr_roster"
        assert "phone" in job["result"]["facts"]["pi.kinds"]
        scans = server.client.get("/api/v1/scans", headers=steward).json()
        assert any(s["asset"] == "hr_roster" and s["scanned_at"] for s in scans)
    finally:
        server.ctx.close()


def test_a_failing_job_ends_failed_with_its_message(server: Server) -> None:
    steward = server.auth("data_steward")
    (server.ctx.workspace.root / "data" / "broken.parquet").write_bytes(b"not parquet at all")
    r = server.client.post(
        "/api/v1/scans",
        json={"asset": "tsp_trips", "inputs": ["data/broken.parquet"]},
        headers=steward,
    )
    saved = server.ctx.workspace.root / ".carborder" / "scans" / "tsp_trips.json"
    before = saved.read_bytes() if saved.exists() else None
    job = wait_job(server, r.json()["job"]["id"], steward)
    # an unreadable file fails the job, never a hang, and its scan is not saved: a saved scan
    # decides pathways, and the unread file added no facts
    assert job["status"] == "failed", job
    assert "broken.parquet" in job["error"]["message"] and "not saved" in job["error"]["message"]
    assert (saved.read_bytes() if saved.exists() else None) == before


def test_jobs_left_running_by_a_stopped_server_are_marked_failed(server: Server) -> None:
    jobs = Jobs(server.ctx.store)
    job_id = jobs.create("scan", {"asset": "x", "inputs": []}, actor="t")
    jobs.start(job_id)
    restarted = make_server(server.ctx.workspace.root)
    job = restarted.ctx.jobs.get(job_id)
    assert job.status == "failed" and job.error is not None and job.error["code"] == "interrupted"
    restarted.ctx.close()


def test_unknown_asset_for_a_scan_is_422(server: Server) -> None:
    r = server.client.post(
        "/api/v1/scans",
        json={"asset": "nope", "inputs": ["data/hr_roster.csv"]},
        headers=server.auth("data_steward"),
    )
    assert r.status_code == 422 and "hr_roster" in r.json()["hint"]
