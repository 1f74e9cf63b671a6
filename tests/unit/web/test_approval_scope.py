"""POST /api/v1/approvals and the approvals form record the scope an approval was granted for."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import yaml
from tests.web_server import Server

FLOW = "tsp_to_munich"  # needs a standard-contract filing (sensitive PI: trajectories)


def _post(server: Server, **fields: str) -> Any:
    data = {
        "reference": "SCC-SCOPE-1",
        "kind": "standard_contract",
        "flows": FLOW,
        "issued": date.today().isoformat(),
        **fields,
    }
    return server.client.post(
        "/api/v1/approvals", data=data, headers=server.auth("compliance_officer")
    )


def _decision(server: Server) -> dict[str, Any]:
    r = server.client.get(f"/api/v1/flows/{FLOW}", headers=server.auth("viewer"))
    assert r.status_code == 200, r.text
    return dict(r.json()["decision"])


def _move_flow_to(server: Server, recipient: str) -> None:
    path = server.ctx.workspace.root / "inventory" / "flows.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    (flow,) = [f for f in doc["flows"] if f["id"] == FLOW]
    flow["recipient"] = recipient
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_scope_from_flow_is_recorded_and_a_new_recipient_needs_refiling(server: Server) -> None:
    r = _post(server, scope_from_flow="true")
    assert r.status_code == 201, r.text
    scope = r.json()["scope"]
    assert scope["recipients"] == ["munich_rd"] and scope["purposes"] == ["rd_collaboration"]
    assert scope["activities"] == ["remote_access"] and scope["assets"] == ["tsp_trips"]
    stored = server.ctx.store.get_approval("SCC-SCOPE-1")
    assert stored is not None and stored.scope is not None
    assert stored.scope.model_dump(mode="json") == scope
    before = _decision(server)
    assert before["approval"]["status"] == "covered", before["approval"]

    _move_flow_to(server, "hq_sales")
    after = _decision(server)
    assert after["approval"]["status"] == "changed", after["approval"]
    assert any("hq_sales" in c for c in after["approval"]["changes"])
    assert "obligations.standard_contract_refiling" in {o["id"] for o in after["obligations"]}


def test_explicit_scope_json_is_validated_and_stored(server: Server) -> None:
    scope = {"purposes": ["rd_collaboration"], "recipients": ["munich_rd"]}
    r = _post(server, scope=json.dumps(scope))
    assert r.status_code == 201, r.text
    assert r.json()["scope"]["recipients"] == ["munich_rd"]
    listed = server.client.get("/api/v1/approvals", headers=server.auth("auditor")).json()
    (row,) = [a for a in listed if a["id"] == "SCC-SCOPE-1"]
    assert row["scope"]["purposes"] == ["rd_collaboration"]
    added = [e for e in server.ctx.store.iter_events() if e.name == "approval.added"]
    assert added[-1].payload["scope"]["recipients"] == ["munich_rd"]


def test_bad_scope_is_422_and_nothing_is_recorded(server: Server) -> None:
    for bad in ("{not json", json.dumps({"recipient": ["x"]}), json.dumps({"purposes": "x"}),
                json.dumps({"storage": {"location": "DE", "period_months": -1}})):  # fmt: skip
        r = _post(server, scope=bad)
        assert r.status_code == 422, (bad, r.text)
        assert "scope" in r.text
        assert server.ctx.store.get_approval("SCC-SCOPE-1") is None
    r = _post(server, scope=json.dumps({"purposes": ["x"]}), scope_from_flow="true")
    assert r.status_code == 422 and server.ctx.store.get_approval("SCC-SCOPE-1") is None


def test_the_form_records_the_flow_as_it_is_now(server: Server) -> None:
    server.add_person("c.scope", "compliance_officer")
    c = server.login("c.scope")
    page = c.get("/approvals").text
    assert 'data-testid="scope-from-flow"' in page and "checked" in page
    r = c.post(
        "/approvals",
        data={
            "reference": "SCC-FORM-1",
            "kind": "standard_contract",
            "flows": FLOW,
            "issued": date.today().isoformat(),
            "scope_from_flow": "1",
            "csrf_token": server.csrf(c),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    stored = server.ctx.store.get_approval("SCC-FORM-1")
    assert stored is not None and stored.scope is not None
    assert stored.scope.recipients == ["munich_rd"]
    listing = c.get("/approvals").text
    assert "recipients: munich_rd" in listing


def test_an_unscoped_approval_covers_nothing_until_its_scope_is_posted(server: Server) -> None:
    r = _post(server)
    assert r.status_code == 201, r.text
    before = _decision(server)
    assert before["approval"]["status"] == "unscoped", before["approval"]
    assert before["approval"]["unscoped"] == ["SCC-SCOPE-1"]
    url = "/api/v1/approvals/SCC-SCOPE-1/scope"
    officer = server.auth("compliance_officer")
    assert server.client.post(url, json={}, headers=officer).status_code == 422
    denied = server.client.post(url, json={"scope_from_flow": True}, headers=server.auth("viewer"))
    assert denied.status_code == 403
    r = server.client.post(url, json={"scope_from_flow": True}, headers=officer)
    assert r.status_code == 200, r.text
    assert r.json()["scope"]["recipients"] == ["munich_rd"]
    assert _decision(server)["approval"]["status"] == "covered"
    events = [e.name for e in server.ctx.store.iter_events()]
    assert "approval.scoped" in events
    again = server.client.post(url, json={"scope": {"recipients": ["hq_sales"]}}, headers=officer)
    assert again.status_code == 409, again.text
    missing = server.client.post(
        "/api/v1/approvals/NOPE/scope", json={"scope_from_flow": True}, headers=officer
    )
    assert missing.status_code == 404
