"""Errors reach a Chinese reader in Chinese: form errors on the pages, error pages and API
bodies follow the page language (``?lang=``, its cookie, then Accept-Language); English stays
the default and unchanged (issue 14.2)."""

from __future__ import annotations

import html
import re

from tests.web_server import Server
from tests.zh_check import english_words

_FORM_ERROR = re.compile(r'data-testid="form-error">(.*?)</p>', re.S)


def _form_error(page: str) -> str:
    found = _FORM_ERROR.search(page)
    assert found, page[-2000:]
    return html.unescape(found.group(1))


def test_a_form_error_is_shown_in_the_page_language(server: Server) -> None:
    server.add_person("d.steward", "data_steward")
    c = server.login("d.steward")
    token = server.csrf(c)
    bad = {"flow": "crm_to_hq", "inputs": "../etc/passwd", "csrf_token": token}
    zh = c.post("/exports", params={"lang": "zh"}, data=bad)
    assert zh.status_code == 422
    said = _form_error(zh.text)
    assert "超出了工作区" in said and "../etc/passwd" in said, said
    assert english_words(said) == [], said
    en = c.post("/exports", params={"lang": "en"}, data=bad)
    assert "path '../etc/passwd' leaves the workspace" in _form_error(en.text)
    # an unknown flow: the family "unknown <thing>" with what is known
    unknown = {**bad, "flow": "nope", "inputs": "data/crm_export.csv"}
    said = _form_error(c.post("/exports", params={"lang": "zh"}, data=unknown).text)
    assert "未知的数据流“nope”" in said and "crm_to_hq" in said, said
    assert english_words(said) == [], said


def test_an_error_page_is_in_the_page_language(server: Server) -> None:
    server.add_person("v.user", "viewer")
    c = server.login("v.user")
    zh = c.get("/flows/nope", params={"lang": "zh"})
    assert zh.status_code == 404
    assert "没有数据流“nope”" in zh.text
    en = c.get("/flows/nope", params={"lang": "en"})
    assert "no flow &#39;nope&#39;" in en.text or "no flow 'nope'" in en.text


def test_api_errors_follow_accept_language(server: Server) -> None:
    headers = server.auth("viewer")
    zh = server.client.get(
        "/api/v1/flows/nope", headers={**headers, "Accept-Language": "zh-CN,zh;q=0.9"}
    )
    assert zh.status_code == 404
    body = zh.json()
    assert body["code"] == "not-found" and "没有数据流“nope”" in body["detail"], body
    assert english_words(body["detail"] + " " + (body["hint"] or "")) == [], body
    en = server.client.get("/api/v1/flows/nope", headers=headers).json()
    assert en["detail"] == "no flow 'nope'" and en["hint"] == "see GET /api/v1/flows"
    # no credentials: the API's own answer, in the reader's language too
    anon = server.client.get("/api/v1/flows", headers={"Accept-Language": "zh"}).json()
    assert anon["detail"] == "没有有效的凭据" and english_words(anon["hint"]) == [], anon
    # a route that does not exist: the framework's phrase comes from the catalogue
    missing = server.client.get(
        "/api/v1/nothing-here", headers={**headers, "Accept-Language": "zh"}
    )
    assert missing.status_code == 404 and missing.json()["detail"] == "找不到此页面或对象"


def test_a_failed_job_shows_its_error_in_the_page_language(server: Server) -> None:
    ctx = server.ctx
    job_id = ctx.jobs.create("manifest_verify", {"request_id": "nope"}, actor="test")
    ctx.runner.submit(job_id).result(timeout=120)
    job = ctx.jobs.get(job_id)
    assert job.status == "failed" and job.error is not None
    assert job.error["message"] == "no export request 'nope'"  # the record stays English
    server.add_person("v.user", "viewer")
    c = server.login("v.user")
    zh = c.get(f"/jobs/{job_id}", params={"lang": "zh"}).text
    assert "没有导出申请“nope”" in html.unescape(zh), zh
    en = c.get(f"/jobs/{job_id}", params={"lang": "en"}).text
    assert "no export request 'nope'" in html.unescape(en), en
