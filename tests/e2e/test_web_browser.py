"""The web pages in a real browser: Debian's Chromium driven by Playwright against a live server.

Journeys: sign in and see the dashboard, open a flow, add an approval with its evidence, run
an export (requested by one person, approved by another), download a filing, verify the audit
chain — and as a viewer, fail to approve. Skipped with a reason where Chromium or Playwright
is absent (the project's set-up and CI install both).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.web_server import PASSWORD, template_workspace

from carborder.model.approval import Approval, ApprovalScope
from carborder.web import ServerSettings, create_app

__all__ = ["template_workspace"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("CARBORDER_CHROMIUM", "/usr/bin/chromium"))
#: Flags for a headless Chromium on a closed network (no background connections, no sandbox as root).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PEOPLE = {
    "li.wei": "compliance_officer",
    "zhang.min": "data_steward",
    "wang.fang": "approver",
    "chen.jie": "auditor",
    "zhao.lei": "viewer",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(template_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server (uvicorn, worker-process jobs) on a free local port."""
    import uvicorn

    root = tmp_path_factory.mktemp("browser") / "ws"
    shutil.copytree(template_workspace, root)
    app = create_app(ServerSettings(workspace=root, job_mode="process"))
    ctx = app.state.ctx
    for name, role in PEOPLE.items():
        ctx.accounts.add_user(name, role, password=PASSWORD, actor="test")
    # The export journey needs a standard-contract filing of its own: test workers may run the
    # journeys in any order, so it must not rely on the approval the approval journey adds.
    ctx.store.add_approval(
        Approval(
            id="SCC-SH-2026-0001",
            kind="standard_contract",
            flows=["tsp_to_munich"],
            issued=date(2026, 1, 5),
            note="filed before the browser journeys",
            scope=ApprovalScope(purposes=["rd_collaboration"], recipients=["munich_rd"]),
        ),
        actor="test",
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)
    ctx.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's chromium (`make browser`, or .ci/run does it)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (dev extra)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _signed_in(browser: Any, live: str, name: str, lang: str = "en") -> Any:
    page = browser.new_context(
        viewport={"width": 1360, "height": 900}, accept_downloads=True
    ).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    page.goto(f"{live}/login?lang={lang}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _wait_text(page: Any, selector: str, texts: tuple[str, ...], timeout: float = 240) -> str:
    """Wait until ``selector`` shows one of ``texts``.

    A running job's progress bar polls the server (htmx) and reloads the page when the job
    ends, so the test only watches; it never reloads by itself.
    """
    deadline = time.monotonic() + timeout
    content = ""
    while time.monotonic() < deadline:
        try:
            loc = page.locator(selector)
            content = loc.first.inner_text(timeout=2000) if loc.count() else ""
        except Exception:  # the page is being replaced by the refresh
            content = ""
        if any(t in content for t in texts):
            return str(content)
        failed = page.locator("[data-job-status=failed]")
        if failed.count():
            raise AssertionError(f"the job failed: {failed.first.inner_text()}")
        page.wait_for_timeout(500)
    raise AssertionError(f"{selector} still shows {content!r}")


def test_sign_in_dashboard_and_a_flow(browser: Any, live: str) -> None:
    page = _signed_in(browser, live, "li.wei")
    assert page.url.rstrip("/") == live
    assert page.locator("[data-testid=counters] svg rect.bar").count() >= 1
    assert page.locator("[data-testid=deadlines]").is_visible()
    page.click("text=Flows")
    page.click("a[href='/flows/crm_to_hq']")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=decision] [data-status]").count() == 1
    assert page.locator("[data-testid=trace] tbody tr").count() > 10
    # the what-if plan arrives through htmx
    page.wait_for_selector("[data-testid=plan] h3")
    # the language switch shows the same flow in Chinese
    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state("networkidle")
    assert "完整推理轨迹" in page.content()
    assert page.errors == []


def test_add_an_approval_with_evidence(browser: Any, live: str, tmp_path: Path) -> None:
    evidence = tmp_path / "scc-filing-receipt.pdf"
    evidence.write_bytes(PDF)
    page = _signed_in(browser, live, "li.wei")
    page.goto(f"{live}/approvals")
    form = page.locator("[data-testid=approval-form]")
    form.locator("input[name=reference]").fill("SCC-SH-2026-0999")
    form.locator("select[name=kind]").select_option("standard_contract")
    form.locator("select[name=flows]").select_option(["tsp_to_munich"])
    form.locator("input[name=issued]").fill("2026-01-05")
    form.locator("input[name=evidence]").set_input_files(str(evidence))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("[data-testid=approvals] tr", has_text="SCC-SH-2026-0999")
    assert row.count() == 1
    with page.expect_download() as dl:
        row.locator("a", has_text="download").click()
    assert Path(dl.value.path()).read_bytes() == PDF


def test_export_requested_by_one_person_approved_by_another(browser: Any, live: str) -> None:
    steward = _signed_in(browser, live, "zhang.min")
    steward.goto(f"{live}/exports?flow=tsp_to_munich")
    form = steward.locator("[data-testid=export-form]")
    form.locator("textarea[name=inputs]").fill("data/tsp_trips.parquet")
    form.locator("input[name=purpose]").fill("R&D analysis in Munich")
    form.locator("button[type=submit]").click()
    steward.wait_for_load_state("networkidle")
    request_url = steward.url
    assert "/exports/" in request_url and steward.locator("[data-testid=approve]").count() == 0

    viewer = _signed_in(browser, live, "zhao.lei")
    viewer.goto(request_url)
    assert viewer.locator("[data-testid=approve]").count() == 0
    # the button is hidden, and the server refuses the request anyway
    status = viewer.evaluate(
        """async (url) => {
            const r = await fetch(url + '/approve', {method: 'POST',
              headers: {'X-CSRF-Token': document.body.getAttribute('hx-headers') ? JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'] : ''}});
            return r.status; }""",
        request_url,
    )
    assert status == 403

    approver = _signed_in(browser, live, "wang.fang")
    approver.goto(request_url)
    approver.click("[data-testid=approve]")
    approver.wait_for_load_state("networkidle")
    outcome = _wait_text(approver, "[data-testid=export-status]", ("released", "refused", "failed"))
    assert "released" in outcome, approver.locator("main").inner_text()
    assert approver.locator("[data-testid=manifest]").count() == 1
    approver.click("[data-testid=verify-manifest]")
    verdict = _wait_text(approver, "[data-testid=manifest-verdict]", ("intact", "NOT"))
    assert "manifest intact" in verdict


def test_download_a_filing(browser: Any, live: str) -> None:
    page = _signed_in(browser, live, "zhang.min")
    page.goto(f"{live}/filings")
    page.locator("select[name=flow]").select_option("crm_to_hq")
    page.click("[data-testid=new-filing]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=completeness]").is_visible()
    page.click("[data-testid=build]")
    page.wait_for_load_state("networkidle")
    # a filing build renders every document in two languages (DOCX, and PDF with fonts)
    _wait_text(page, "[data-testid=downloads]", ("ZIP",), timeout=900)
    with page.expect_download() as dl:
        page.click("[data-testid=download-pack]")
    assert Path(dl.value.path()).read_bytes()[:2] == b"PK"


def test_verify_the_audit_chain(browser: Any, live: str) -> None:
    page = _signed_in(browser, live, "chen.jie", lang="zh")
    page.goto(f"{live}/audit")
    assert page.locator("[data-testid=audit-events] tbody tr").count() > 5
    page.click("[data-testid=verify-audit]")
    verdict = _wait_text(page, "[data-testid=audit-verdict]", ("哈希链完整", "BROKEN"))
    assert "哈希链完整" in verdict


def test_a_viewer_sees_no_audit_log_and_cannot_approve(browser: Any, live: str) -> None:
    page = _signed_in(browser, live, "zhao.lei")
    assert page.locator("nav.main a[href='/audit']").count() == 0
    response = page.goto(f"{live}/audit")
    assert response is not None and response.status == 403
    assert page.locator("[data-testid=error-message]").is_visible()
