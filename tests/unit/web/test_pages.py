"""Every page renders in Chinese and English, shows only what the role may do, and its forms work."""

from __future__ import annotations

import pytest
from tests.web_server import PASSWORD, Server

from carborder.i18n import messages

PAGES = ["/", "/datamap", "/flows", "/flows/crm_to_hq", "/assets/crm_export", "/scans",
         "/approvals", "/exports", "/filings", "/audit", "/rulebook", "/rulebook/pathways.contract_sensitive_pi",
         "/users"]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_in_both_languages(server: Server, lang: str) -> None:
    server.add_person("li.wei", "compliance_officer")
    c = server.login("li.wei")
    nav = messages(lang)("web-nav-dashboard")
    for path in PAGES:
        r = c.get(path, params={"lang": lang})
        assert r.status_code == 200, (path, r.status_code)
        assert nav in r.text, path
        assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in r.text
    # the choice is remembered
    assert c.cookies.get("carborder_lang") == lang
    assert messages(lang)("web-nav-flows") in c.get("/flows").text


def test_language_follows_the_browser_until_chosen(server: Server) -> None:
    server.add_person("li.wei", "viewer")
    c = server.login("li.wei")
    assert "出境流与判定" in c.get("/flows", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert "Flows and decisions" in c.get("/flows", headers={"Accept-Language": "en-GB"}).text


def test_pages_show_only_what_the_role_allows(server: Server) -> None:
    server.add_person("v.user", "viewer")
    server.add_person("a.user", "admin")
    viewer = server.login("v.user")
    home = viewer.get("/").text
    assert 'href="/audit"' not in home and 'href="/users"' not in home
    assert viewer.get("/audit").status_code == 403  # hidden *and* refused
    flow = viewer.get("/flows/crm_to_hq").text
    assert 'data-testid="request-export"' not in flow
    assert 'data-testid="sample"' not in flow
    admin = server.login("a.user")
    assert 'href="/users"' in admin.get("/").text
    assert 'data-testid="approval-form"' not in admin.get("/approvals").text


def test_forms_round_trip_and_bad_input_comes_back_with_its_message(server: Server) -> None:
    server.add_person("d.steward", "data_steward")
    c = server.login("d.steward")
    token = server.csrf(c)
    r = c.post(
        "/exports",
        data={"flow": "crm_to_hq", "inputs": "../etc/passwd", "csrf_token": token},
    )
    assert r.status_code == 422
    assert "leaves the workspace" in r.text and 'data-testid="form-error"' in r.text
    r = c.post(
        "/exports",
        data={
            "flow": "crm_to_hq",
            "inputs": "data/crm_export.csv",
            "purpose": "CRM sync",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "crm_to_hq" in page and 'data-testid="approve"' not in page  # a steward cannot approve


def test_own_request_shows_no_approve_button_and_the_server_refuses_anyway(server: Server) -> None:
    server.add_person("c.officer", "compliance_officer")
    c = server.login("c.officer")
    token = server.csrf(c)
    r = c.post(
        "/exports",
        data={"flow": "crm_to_hq", "inputs": "data/crm_export.csv", "csrf_token": token},
        follow_redirects=False,
    )
    page = c.get(r.headers["location"]).text
    assert 'data-testid="own-request"' in page and 'data-testid="approve"' not in page
    rid = r.headers["location"].rsplit("/", 1)[1]
    r = c.post(f"/exports/{rid}/approve", data={"csrf_token": token})
    assert r.status_code == 403 and "separation-of-duties" in r.text


def test_filing_pages_draft_answer_and_refuse_the_drafters_signature(server: Server) -> None:
    server.add_person("c.one", "compliance_officer")
    c = server.login("c.one")
    token = server.csrf(c)
    r = c.post("/filings", data={"flow": "crm_to_hq", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"])
    assert page.status_code == 200
    assert 'data-testid="auto-fields"' in page.text and 'data-testid="completeness"' in page.text
    assert 'data-testid="sign"' not in page.text  # the drafter is not offered the signature
    fid = r.headers["location"].rsplit("/", 1)[1]
    r = c.post(
        f"/filings/{fid}/fields",
        data={"field_id": "handler.address", "value": "上海市", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "human:c.one" in c.get(f"/filings/{fid}").text
    r = c.post(f"/filings/{fid}/sign", data={"csrf_token": token})
    assert r.status_code == 403 and "separation-of-duties" in r.text


def test_token_is_shown_once_on_the_users_page(server: Server) -> None:
    server.add_person("a.user", "admin")
    c = server.login("a.user")
    token = server.csrf(c)
    r = c.post("/tokens", data={"user": "r-service", "label": "etl", "csrf_token": token})
    assert r.status_code == 200
    shown = (
        r.text.split('data-testid="token-issued"', 1)[1].split("<pre>", 1)[1].split("</pre>", 1)[0]
    )
    assert shown.startswith("cbt_")
    assert (
        server.client.get("/api/v1/me", headers={"Authorization": f"Bearer {shown}"}).json()["name"]
        == "r-service"
    )
    assert shown not in c.get("/users").text


def test_sign_in_page_is_public_and_bilingual(server: Server) -> None:
    assert "登录" in server.client.get("/login?lang=zh").text
    assert "Sign in" in server.client.get("/login?lang=en").text
    assert PASSWORD not in server.client.get("/login").text
