"""Filings from the server: auto fields with their source, human answers, drafter ≠ signer."""

from __future__ import annotations

import zipfile
from io import BytesIO

from tests.web_server import Server, wait_job

FLOW = "crm_to_hq"  # standard-contract pathway: contract, PIPIA, commitment, checklist


def _draft(server: Server, role: str = "data_steward") -> str:
    r = server.client.post("/api/v1/filings", json={"flow": FLOW}, headers=server.auth(role))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_a_draft_shows_auto_fields_with_sources_and_human_fields_missing(server: Server) -> None:
    fid = _draft(server)
    d = server.client.get(f"/api/v1/filings/{fid}", headers=server.auth("viewer")).json()
    assert d["filing"]["drafted_by"] == "r-data-steward" and d["filing"]["status"] == "draft"
    assert "scc_contract" in d["documents"]
    auto = [f for f in d["fields"] if f["kind"] == "auto" and f["value"]]
    assert auto and all(f["sources"] for f in auto)
    assert any(s.startswith("inventory:") for f in auto for s in f["sources"])
    human = [f for f in d["fields"] if f["kind"] == "human" and f["required"]]
    assert human and all(f["missing"] for f in human)
    assert d["complete"] is False and d["filled"] < d["required"]


def test_answers_are_checked_recorded_with_provenance_and_complete_the_filing(
    server: Server,
) -> None:
    fid = _draft(server)
    reviewer = server.auth("legal_reviewer")
    detail = server.client.get(f"/api/v1/filings/{fid}", headers=reviewer).json()
    auto_id = next(f["id"] for f in detail["fields"] if f["kind"] == "auto")
    r = server.client.put(
        f"/api/v1/filings/{fid}/fields/{auto_id}", json={"value": "x"}, headers=reviewer
    )
    assert r.status_code == 422 and "filled by carborder" in r.json()["detail"]
    r = server.client.put(
        f"/api/v1/filings/{fid}/fields/no.such", json={"value": "x"}, headers=reviewer
    )
    assert r.status_code == 422
    human = [f["id"] for f in detail["fields"] if f["kind"] == "human"]
    to_answer = [
        m for f in detail["fields"] if f["kind"] == "human" or f["missing"] for m in f["missing"]
    ]
    r = server.client.put(
        f"/api/v1/filings/{fid}/fields/{human[0]}",
        json={"value": "x"},
        headers=server.auth("viewer"),
    )
    assert r.status_code == 403
    for field_id in to_answer:
        r = server.client.put(
            f"/api/v1/filings/{fid}/fields/{field_id}",
            json={"value": "上海市浦东新区示例路1号"},
            headers=reviewer,
        )
        assert r.status_code == 200, r.text
    after = server.client.get(f"/api/v1/filings/{fid}", headers=reviewer).json()
    answered = next(f for f in after["fields"] if f["id"] == human[0])
    assert answered["answered_by"] == "r-legal-reviewer"
    assert answered["sources"][0].startswith("human:r-legal-reviewer@")
    assert after["filled"] == after["required"]
    events = [e for e in server.ctx.store.iter_events() if e.name == "web.filing_field_set"]
    assert len(events) == len(to_answer) and all("value_sha256" in e.payload for e in events)
    assert all("上海" not in str(e.payload) for e in events)  # answers are not copied into the log


def test_drafter_cannot_sign_an_incomplete_filing_cannot_be_signed(server: Server) -> None:
    officer = server.auth("compliance_officer")
    fid = _draft(server, "compliance_officer")
    r = server.client.post(f"/api/v1/filings/{fid}/sign", headers=officer)
    assert r.status_code == 403 and r.json()["code"] == "separation-of-duties"
    other = server.add_token_user("officer.two", "compliance_officer")
    r = server.client.post(f"/api/v1/filings/{fid}/sign", headers=other)
    assert r.status_code == 409 and "not complete" in r.json()["detail"]
    assert (
        server.client.post(
            f"/api/v1/filings/{fid}/sign", headers=server.auth("legal_reviewer")
        ).status_code
        == 403
    )


def test_build_download_sign_and_new_version(server: Server) -> None:
    fid = _draft(server)
    steward, reviewer = server.auth("data_steward"), server.auth("legal_reviewer")
    r = server.client.post(f"/api/v1/filings/{fid}/build", headers=steward)
    assert r.status_code == 202
    job = wait_job(server, r.json()["job"]["id"], steward, timeout=300)
    assert job["status"] == "succeeded", job
    assert job["result"]["complete"] is False and job["result"]["missing"]
    pack = server.client.get(f"/api/v1/filings/{fid}/pack", headers=server.auth("viewer"))
    assert pack.status_code == 200 and pack.content[:2] == b"PK"
    names = zipfile.ZipFile(BytesIO(pack.content)).namelist()
    assert "filing.json" in names and any(n.endswith(".docx") for n in names)
    doc = server.client.get(f"/api/v1/filings/{fid}/documents/0", headers=server.auth("viewer"))
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    assert (
        server.client.get(f"/api/v1/filings/{fid}/documents/999", headers=steward).status_code
        == 404
    )
    # complete it, then another person signs
    detail = server.client.get(f"/api/v1/filings/{fid}", headers=reviewer).json()
    for f in detail["fields"]:
        for item in f["missing"]:
            r = server.client.put(
                f"/api/v1/filings/{fid}/fields/{item}", json={"value": "示例"}, headers=reviewer
            )
            assert r.status_code == 200, (item, r.text)
    officer = server.auth("compliance_officer")
    r = server.client.post(f"/api/v1/filings/{fid}/sign", headers=officer)
    assert r.status_code == 202, r.text
    signed = wait_job(server, r.json()["job"]["id"], officer, timeout=300)
    assert signed["status"] == "succeeded", signed
    assert signed["result"]["complete"] is True and signed["result"]["signed"] is True
    f = server.client.get(f"/api/v1/filings/{fid}", headers=steward).json()["filing"]
    assert f["status"] == "signed" and f["signed_by"] == "r-compliance-officer"
    assert f["document_sha256"] == signed["result"]["pack_sha256"]
    assert any(e.name == "web.filing_signed" for e in server.ctx.store.iter_events())
    # a later answer starts version 2, unsigned
    field = next(x["id"] for x in detail["fields"] if x["kind"] == "human")
    r = server.client.put(
        f"/api/v1/filings/{fid}/fields/{field}", json={"value": "改"}, headers=reviewer
    )
    assert (
        r.json()["version"] == 2 and r.json()["status"] == "draft" and r.json()["signed_by"] is None
    )


def test_the_annual_report_is_drafted_for_a_year_built_and_listed(server: Server) -> None:
    steward = server.auth("data_steward")
    year = int(server.ctx.store.now()[:4])
    for bad in ({}, {"flow": FLOW, "year": year}, {"flow": FLOW, "force": True}, {"year": 1999}):
        r = server.client.post("/api/v1/filings", json=bad, headers=steward)
        assert r.status_code == 422, (bad, r.text)
    r = server.client.post("/api/v1/filings", json={"year": year + 5}, headers=steward)
    assert r.status_code == 422 and r.json()["code"] == "filing"  # the filings package checks it
    r = server.client.post("/api/v1/filings", json={"year": year}, headers=steward)
    assert r.status_code == 201, r.text
    brief = r.json()
    assert brief["type"] == "annual_report" and brief["year"] == year and brief["flow"] is None
    fid = brief["id"]
    d = server.client.get(f"/api/v1/filings/{fid}", headers=server.auth("viewer")).json()
    assert d["documents"] == ["annual_report"] and d["pathway"] is None
    auto = [f for f in d["fields"] if f["kind"] == "auto" and f["value"]]
    assert auto and all(f["sources"] for f in auto)
    r = server.client.post(f"/api/v1/filings/{fid}/build", headers=steward)
    assert r.status_code == 202
    job = wait_job(server, r.json()["job"]["id"], steward, timeout=300)
    assert job["status"] == "succeeded", job
    assert job["result"]["documents"][0]["kind"] == "annual_report"
    pack = server.client.get(f"/api/v1/filings/{fid}/pack", headers=server.auth("viewer"))
    assert pack.status_code == 200
    names = zipfile.ZipFile(BytesIO(pack.content)).namelist()
    assert "filing.json" in names and any("annual_report" in n for n in names)
    # the page lists it as the whole workspace's report for the year, in the reader's language
    c = server.login(_person(server))
    page = c.get("/filings")
    assert page.status_code == 200 and f'href="/filings/{fid}"' in page.text
    assert "new-annual-report" in page.text
    token = server.csrf(c)
    r = c.post(
        "/filings/annual", data={"year": str(year), "csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/filings/")
    detail = c.get(r.headers["location"])
    assert detail.status_code == 200 and str(year) in detail.text


def _person(server: Server) -> str:
    name = "annual.steward"
    if server.ctx.accounts.user(name) is None:
        server.add_person(name, "data_steward")
    return name
