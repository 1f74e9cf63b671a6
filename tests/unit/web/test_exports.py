"""Approvals with evidence, four-eyes export requests, the gateway run as a job, verification."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from tests.web_server import Server, wait_job
from tests.zh_check import english_words

FLOW = "tsp_to_munich"  # needs a standard-contract filing (sensitive PI: trajectories)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add_approval(server: Server, role: str = "compliance_officer", **fields: str) -> object:
    data = {
        "reference": "SCC-TEST-0001",
        "kind": "standard_contract",
        "flows": FLOW,
        "issued": date.today().isoformat(),
        # an approval without its scope covers nothing (fail closed)
        "scope_from_flow": "1",
        **fields,
    }
    return server.client.post(
        "/api/v1/approvals",
        data=data,
        files={"evidence": ("filing receipt.pdf", PDF, "application/pdf")},
        headers=server.auth(role),
    )


def test_approval_with_evidence_is_stored_by_hash_audited_and_lifts_the_flow(
    server: Server,
) -> None:
    before = server.client.get(f"/api/v1/flows/{FLOW}", headers=server.auth("viewer")).json()
    assert before["flow"]["status"] == "needs_approval"
    r = _add_approval(server)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["evidence_sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["has_evidence_file"] is True and body["source"] == "database"
    stored = server.ctx.workspace.state_dir / "evidence" / f"{body['evidence_sha256']}.pdf"
    assert stored.read_bytes() == PDF
    download = server.client.get(
        "/api/v1/approvals/SCC-TEST-0001/evidence", headers=server.auth("auditor")
    )
    assert download.status_code == 200 and download.content == PDF
    after = server.client.get(f"/api/v1/flows/{FLOW}", headers=server.auth("viewer")).json()
    assert after["flow"]["status"] == "allowed"
    assert "SCC-TEST-0001" in after["decision"]["approval"]["approvals"]
    events = [e.name for e in server.ctx.store.iter_events()]
    assert "approval.added" in events
    # revoke: the flow needs approval again
    r = server.client.post(
        "/api/v1/approvals/SCC-TEST-0001/revoke",
        json={"reason": "contract ended"},
        headers=server.auth("compliance_officer"),
    )
    assert r.status_code == 200 and r.json()["revoked"] is True
    again = server.client.get(f"/api/v1/flows/{FLOW}", headers=server.auth("viewer")).json()
    assert again["flow"]["status"] == "needs_approval"


@pytest.mark.parametrize(
    ("filename", "content", "content_type", "status"),
    [
        ("evil.exe", b"MZ\x90\x00\x03" + b"\0" * 100, "application/pdf", 415),  # not a PDF inside
        (
            "scan.pdf",
            b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
            "application/pdf",
            415,
        ),  # says PDF, is PNG
        ("empty.pdf", b"", "application/pdf", 422),
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "application/pdf", 413),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_recorded(
    workspace, filename: str, content: bytes, content_type: str, status: int
) -> None:  # type: ignore[no-untyped-def]
    from tests.web_server import make_server

    server = make_server(workspace, max_upload_bytes=1024 * 1024)
    r = server.client.post(
        "/api/v1/approvals",
        data={
            "reference": "X-1",
            "kind": "standard_contract",
            "flows": FLOW,
            "issued": "2026-01-05",
        },
        files={"evidence": (filename, content, content_type)},
        headers=server.auth("compliance_officer"),
    )
    assert r.status_code == status, r.text
    assert r.json()["code"] == "upload-rejected"
    assert server.ctx.store.get_approval("X-1") is None
    folder = server.ctx.workspace.state_dir / "evidence"
    assert not folder.exists() or not any(folder.iterdir())
    server.ctx.close()


def test_a_request_body_over_the_limit_is_413(workspace) -> None:  # type: ignore[no-untyped-def]
    from tests.web_server import make_server

    server = make_server(workspace, max_body_bytes=64 * 1024)
    r = server.client.post(
        "/api/v1/approvals",
        data={
            "reference": "X-2",
            "kind": "standard_contract",
            "flows": FLOW,
            "issued": "2026-01-05",
        },
        files={"evidence": ("a.pdf", b"%PDF-" + b"0" * (128 * 1024), "application/pdf")},
        headers=server.auth("compliance_officer"),
    )
    assert r.status_code == 413
    server.ctx.close()


def test_client_file_names_never_become_paths(server: Server) -> None:
    r = server.client.post(
        "/api/v1/approvals",
        data={
            "reference": "X-3",
            "kind": "standard_contract",
            "flows": FLOW,
            "issued": "2026-01-05",
        },
        files={"evidence": ("../../../carborder.yaml", PDF, "application/pdf")},
        headers=server.auth("compliance_officer"),
    )
    assert r.status_code == 201
    assert (server.ctx.workspace.root / "carborder.yaml").read_text().startswith("#")
    names = [p.name for p in (server.ctx.workspace.state_dir / "evidence").iterdir()]
    assert names == [f"{hashlib.sha256(PDF).hexdigest()}.pdf"]


@pytest.mark.parametrize(
    "path",
    [
        "../outside.csv",
        "/etc/passwd",
        "data/../../x",
        ".carborder/keys/pseudonym",
        "data\\..\\x",
        "",
        "nope.csv",
    ],
)
def test_export_inputs_must_lie_inside_the_workspace(server: Server, path: str) -> None:
    r = server.client.post(
        "/api/v1/exports",
        json={"flow": FLOW, "inputs": [path]},
        headers=server.auth("data_steward"),
    )
    assert r.status_code == 422, (path, r.text)
    assert server.ctx.exports.count() == 0


def test_a_symlink_out_of_the_workspace_is_refused(server: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.csv"
    secret.write_text("name,phone\n")
    (server.ctx.workspace.root / "data" / "link.csv").symlink_to(secret)
    r = server.client.post(
        "/api/v1/exports",
        json={"flow": FLOW, "inputs": ["data/link.csv"]},
        headers=server.auth("data_steward"),
    )
    assert r.status_code == 422


def test_requester_cannot_approve_or_deny_their_own_export(server: Server) -> None:
    officer = server.auth("compliance_officer")  # may request and approve, but not both
    r = server.client.post(
        "/api/v1/exports",
        json={"flow": FLOW, "inputs": ["data/tsp_trips.parquet"]},
        headers=officer,
    )
    assert r.status_code == 201
    rid = r.json()["id"]
    for action in ("approve", "deny"):
        r = server.client.post(f"/api/v1/exports/{rid}/{action}", headers=officer)
        assert r.status_code == 403
        assert r.json()["code"] == "separation-of-duties"
    assert (
        server.client.get(f"/api/v1/exports/{rid}", headers=officer).json()["status"] == "requested"
    )
    denials = [e for e in server.ctx.store.iter_events() if e.name == "web.access_denied"]
    assert any(e.payload["reason"] == "separation_of_duties" for e in denials)
    # a viewer cannot decide at all
    assert (
        server.client.post(
            f"/api/v1/exports/{rid}/approve", headers=server.auth("viewer")
        ).status_code
        == 403
    )
    # another person can deny it, and then nobody can approve it
    r = server.client.post(
        f"/api/v1/exports/{rid}/deny",
        json={"reason": "not needed"},
        headers=server.auth("approver"),
    )
    assert r.status_code == 200 and r.json()["status"] == "denied"
    r = server.client.post(
        f"/api/v1/exports/{rid}/approve", headers=server.add_token_user("ap2", "approver")
    )
    assert r.status_code == 409


def test_four_eyes_export_runs_the_gateway_and_is_verifiable(server: Server) -> None:
    assert _add_approval(server).status_code == 201
    steward, approver, auditor = (
        server.auth("data_steward"),
        server.auth("approver"),
        server.auth("auditor"),
    )
    r = server.client.post(
        "/api/v1/exports",
        json={"flow": FLOW, "inputs": ["data/tsp_trips.parquet"], "purpose": "R&D analysis"},
        headers=steward,
    )
    assert r.status_code == 201
    rid = r.json()["id"]
    r = server.client.post(f"/api/v1/exports/{rid}/approve", json={"note": "ok"}, headers=approver)
    assert r.status_code == 202, r.text
    job = wait_job(server, r.json()["job"]["id"], approver)
    assert job["status"] == "succeeded", job
    req = server.client.get(f"/api/v1/exports/{rid}", headers=steward).json()
    assert req["status"] == "released", req
    assert req["requested_by"] == "r-data-steward" and req["decided_by"] == "r-approver"
    assert req["output"].startswith("exports/")
    manifest = server.client.get(f"/api/v1/exports/{rid}/manifest", headers=auditor).json()
    assert manifest["body"]["flow"] == FLOW
    assert (
        server.client.get(
            f"/api/v1/exports/{rid}/manifest", headers=server.auth("viewer")
        ).status_code
        == 403
    )
    r = server.client.post(f"/api/v1/exports/{rid}/verify", headers=auditor)
    assert r.status_code == 202
    verified = wait_job(server, r.json()["job"]["id"], auditor)
    assert verified["result"]["ok"] is True, verified
    assert verified["result"]["summary_zh"] != verified["result"]["summary"]
    assert english_words(verified["result"]["summary_zh"]) == []
    # tamper with the output: verification says so
    out = server.ctx.workspace.root / req["output"]
    data_file = next(p for p in out.iterdir() if p.name != "manifest.json")
    data_file.write_bytes(data_file.read_bytes() + b"x")
    again = wait_job(
        server,
        server.client.post(f"/api/v1/exports/{rid}/verify", headers=auditor).json()["job"]["id"],
        auditor,
    )
    assert again["result"]["ok"] is False
    # the chain holds the request, the approval by another person and the release, in order
    names = [e.name for e in server.ctx.store.iter_events()]
    assert (
        names.index("web.export_requested")
        < names.index("web.export_approved")
        < names.index("export.released")
    )
    r = server.client.post("/api/v1/audit-events/verify", headers=auditor)
    report = wait_job(server, r.json()["job"]["id"], auditor)
    assert report["result"]["ok"] is True and report["result"]["events"] >= len(names)
    assert report["result"]["checked"]["outputs"] == 1  # the released manifest was compared
    # an edited manifest in the output folder no longer matches what the chain recorded
    manifest_file = out / "manifest.json"
    manifest_file.write_bytes(manifest_file.read_bytes() + b" ")
    r = server.client.post("/api/v1/audit-events/verify", headers=auditor)
    broken = wait_job(server, r.json()["job"]["id"], auditor)["result"]
    assert broken["ok"] is False
    assert [p["kind"] for p in broken["problems"]] == ["output-manifest-mismatch"]


def test_gateway_refusal_is_recorded_on_the_request(server: Server) -> None:
    steward, approver = server.auth("data_steward"), server.auth("approver")
    rid = server.client.post(
        "/api/v1/exports",
        json={"flow": FLOW, "inputs": ["data/tsp_trips.parquet"]},
        headers=steward,
    ).json()["id"]  # no filing held: the gateway must refuse, whatever the people decided
    job = server.client.post(f"/api/v1/exports/{rid}/approve", headers=approver).json()["job"]
    wait_job(server, job["id"], approver)
    req = server.client.get(f"/api/v1/exports/{rid}", headers=steward).json()
    assert req["status"] == "refused"
    assert "needs_approval" in req["result"]["message"]
    assert req["output"] is None
    assert not any((server.ctx.workspace.root / "exports").glob(f"*{rid}*"))


def test_unknown_flow_or_asset_is_422_with_the_known_ones(server: Server) -> None:
    r = server.client.post(
        "/api/v1/exports",
        json={"flow": "nope", "inputs": ["data/tsp_trips.parquet"]},
        headers=server.auth("data_steward"),
    )
    assert r.status_code == 422 and "tsp_to_munich" in r.json()["hint"]
    r = server.client.post(
        "/api/v1/exports",
        json={"flow": FLOW, "inputs": ["data/tsp_trips.parquet"], "asset": "crm_export"},
        headers=server.auth("data_steward"),
    )
    assert r.status_code == 422 and r.json()["key"] == "asset"
