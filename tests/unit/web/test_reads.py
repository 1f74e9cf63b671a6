"""What the API and pages show: decisions with cited traces, facts with provenance, and
never a raw personal value — checked against the raw data files themselves."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from tests.web_server import Server


def _raw_identifiers(workspace: Path) -> set[str]:
    """Every phone, resident-ID and VIN value in the demo's raw CSV files."""
    values: set[str] = set()
    for name, encoding in (("crm_export.csv", "gbk"), ("hr_roster.csv", "utf-8")):
        path = workspace / "data" / name
        with path.open(encoding=encoding, errors="strict") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    values.update(re.findall(r"(?<!\d)1[3-9]\d{9}(?!\d)", cell))  # mobiles
                    values.update(re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", cell))  # resident IDs
                    values.update(re.findall(r"\b[A-HJ-NPR-Z0-9]{17}\b", cell))  # VINs
    return values


def _crawl(server: Server, headers: dict[str, str]) -> dict[str, str]:
    api = ["me", "flows", "assets", "datamap", "counters", "deadlines", "dashboard", "scans", "approvals",
           "exports", "jobs", "audit-events", "rulebook", "users"]  # fmt: skip
    out = {f"/api/v1/{p}": server.client.get(f"/api/v1/{p}", headers=headers).text for p in api}
    flows = server.client.get("/api/v1/flows", headers=headers).json()
    for f in flows:
        out[f"/api/v1/flows/{f['id']}"] = server.client.get(
            f"/api/v1/flows/{f['id']}", headers=headers
        ).text
    for a in server.client.get("/api/v1/assets", headers=headers).json():
        out[f"/api/v1/assets/{a['id']}"] = server.client.get(
            f"/api/v1/assets/{a['id']}", headers=headers
        ).text
    return out


def test_no_raw_identifier_reaches_any_answer_even_for_roles_that_see_samples(
    server: Server,
) -> None:
    raw = _raw_identifiers(server.ctx.workspace.root)
    assert len(raw) > 1000  # the oracle itself found the data
    pages = _crawl(server, server.auth("compliance_officer"))
    server.add_person("li.wei", "compliance_officer")
    c = server.login("li.wei")
    for path in ["/", "/datamap", "/flows", "/scans", "/approvals", "/exports", "/audit", "/users"]:
        pages[path] = c.get(path).text
    for f in ("crm_to_hq", "hr_to_group", "tsp_to_munich"):
        pages[f"/flows/{f}"] = c.get(f"/flows/{f}").text
    for a in ("crm_export", "hr_roster", "tsp_trips"):
        pages[f"/assets/{a}"] = c.get(f"/assets/{a}").text
    leaks = {path: sorted(v for v in raw if v in text)[:3] for path, text in pages.items()}
    assert not {k: v for k, v in leaks.items() if v}
    # and the samples are there, masked, for this role
    crm = server.client.get(
        "/api/v1/assets/crm_export", headers=server.auth("compliance_officer")
    ).json()
    examples = [x for f in crm["facts"] for e in f["evidence"] for x in e["examples"]]
    assert examples and all("*" in x for x in examples)


def test_viewers_get_evidence_without_samples(server: Server) -> None:
    crm = server.client.get("/api/v1/assets/crm_export", headers=server.auth("viewer")).json()
    evidence = [e for f in crm["facts"] for e in f["evidence"]]
    assert evidence and all(e["examples"] == [] for e in evidence)
    assert any(e["column"] == "手机号" and e["matches"] > 0 for e in evidence)


def test_flow_detail_carries_the_trace_with_instrument_and_article(server: Server) -> None:
    d = server.client.get("/api/v1/flows/crm_to_hq", headers=server.auth("viewer")).json()
    decision = d["decision"]
    assert decision["reasons"]
    steps = [s for s in decision["trace"] if s["rule"] in decision["reasons"] and s["cites"]]
    assert steps and all(c["instrument"] and c["article"] for s in steps for c in s["cites"])
    # facts show where they came from: the CRM export was declared without ID numbers, the scan found them
    facts = {f["name"]: f for f in d["assets"][0]["facts"]}
    kinds = facts["pi.kinds"]
    assert kinds["source"] == "both" and "id_number" in kinds["detected"]
    assert "id_number" in kinds["value"]


def test_dashboard_counts_match_the_flows(server: Server) -> None:
    flows = server.client.get("/api/v1/flows", headers=server.auth("viewer")).json()
    dash = server.client.get("/api/v1/dashboard", headers=server.auth("viewer")).json()
    assert dash["flows"] == len(flows)
    for status, n in dash["by_status"].items():
        assert n == sum(1 for f in flows if f["status"] == status)
    assert dash["counters"] and all(c["limit"] > 1 for c in dash["counters"])
    assert set(dash["deadlines"]) == {"overdue", "30", "60", "90"}
    blocked = server.client.get(
        "/api/v1/flows?status=blocked", headers=server.auth("viewer")
    ).json()
    assert [f["id"] for f in blocked] == [f["id"] for f in flows if f["status"] == "blocked"]


def test_datamap_links_every_flow_from_assets_to_countries(server: Server) -> None:
    m = server.client.get("/api/v1/datamap", headers=server.auth("viewer")).json()
    kinds = {n["id"]: n["kind"] for n in m["nodes"]}
    flows = [n for n in kinds if kinds[n] == "flow"]
    assert len(flows) == 12
    for f in flows:
        assert any(e["target"] == f and kinds[e["source"]] == "asset" for e in m["edges"])
        recipient = next(e["target"] for e in m["edges"] if e["source"] == f)
        assert any(e["source"] == recipient and kinds[e["target"]] == "country" for e in m["edges"])
    only_de = server.client.get("/api/v1/datamap?country=DE", headers=server.auth("viewer")).json()
    assert {n["label"] for n in only_de["nodes"] if n["kind"] == "country"} == {"DE"}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/flows/nope", 404),
        ("/api/v1/assets/nope", 404),
        ("/api/v1/rulebook/rules/nope", 404),
        ("/api/v1/jobs/nope", 404),
        ("/api/v1/exports/nope", 404),
        ("/api/v1/flows?status=bogus", 422),
        ("/api/v1/audit-events?limit=0", 422),
        ("/api/v1/audit-events?before=abc", 422),
        ("/api/v1/flows/tsp_to_munich/plan?max_steps=99", 422),
    ],
)
def test_bad_input_is_4xx_with_a_message(server: Server, path: str, status: int) -> None:
    r = server.client.get(path, headers=server.auth("auditor"))
    assert r.status_code == status
    body = r.json()
    assert body["code"] and (body.get("message") or body["detail"])


def test_audit_log_pages_backwards_by_sequence(server: Server) -> None:
    headers = server.auth("auditor")
    first = server.client.get("/api/v1/audit-events?limit=5", headers=headers).json()
    seqs = [e["seq"] for e in first["events"]]
    assert seqs == sorted(seqs, reverse=True) and seqs[0] == first["head_seq"]
    nxt = server.client.get(
        f"/api/v1/audit-events?limit=5&before={first['next_before']}", headers=headers
    ).json()
    assert nxt["events"][0]["seq"] == seqs[-1] - 1


def test_rulebook_lists_every_rule_with_citations(server: Server) -> None:
    book = server.client.get("/api/v1/rulebook", headers=server.auth("viewer")).json()
    pack = server.ctx.state.pack
    assert len(book["rules"]) == len(pack.rules) + len(pack.parameters)
    assert all(r["cites"] for r in book["rules"])
    one = server.client.get(
        "/api/v1/rulebook/rules/pathways.contract_sensitive_pi", headers=server.auth("viewer")
    ).json()
    assert one["detail"]["id"] == "pathways.contract_sensitive_pi"
