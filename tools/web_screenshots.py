"""Screenshots of every web page, in Chinese and English, for docs/screenshots/.

Builds the demo workspace, adds demo users, runs one export through the four-eyes flow and
drafts a filing so every page has content, then photographs each page with Debian's
Chromium (the same browser the tests drive).

    .venv/bin/python tools/web_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

PASSWORD = "demo passphrase for screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("dashboard", "/"),
    ("datamap", "/datamap"),
    ("flows", "/flows"),
    ("flow", "/flows/crm_to_hq"),
    ("asset", "/assets/crm_export"),
    ("scans", "/scans"),
    ("approvals", "/approvals"),
    ("exports", "/exports"),
    ("export", "/exports/{export}"),
    ("filings", "/filings"),
    ("filing", "/filings/{filing}"),
    ("audit", "/audit"),
    ("rulebook", "/rulebook"),
    ("rule", "/rulebook/pathways.contract_sensitive_pi"),
    ("users", "/users"),
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_job(ctx: object, job_id: str) -> None:
    jobs = ctx.jobs  # type: ignore[attr-defined]
    for _ in range(600):
        if jobs.get(job_id).done:
            return
        time.sleep(0.5)
    raise SystemExit(f"job {job_id} did not finish")


def main(out: Path) -> None:
    """Build the demo, start a server and photograph every page."""
    import uvicorn
    from playwright.sync_api import sync_playwright
    from typer.testing import CliRunner

    from carborder.cli.main import app as cli
    from carborder.web import ServerSettings, actions, create_app

    tmp = Path(tempfile.mkdtemp())
    ws = tmp / "demo-workspace"
    result = CliRunner().invoke(cli, ["demo", str(ws)])
    assert result.exit_code == 0, result.output
    app = create_app(ServerSettings(workspace=ws, job_mode="thread"))
    ctx = app.state.ctx
    people = {"li.wei": "compliance_officer", "zhang.min": "data_steward", "wang.fang": "approver"}
    for name, role in people.items():
        ctx.accounts.add_user(name, role, password=PASSWORD, actor="screenshots", display_name=name)
    ctx.accounts.add_user("etl", "service", password=None, actor="screenshots")
    ctx.accounts.create_token("etl", label="nightly ETL", actor="screenshots")
    req = actions.request_export(
        ctx,
        flow="tsp_to_munich",
        inputs=["data/tsp_trips.parquet"],
        asset=None,
        subject=None,
        purpose="R&D analysis in Munich",
        actor="zhang.min",
    )
    _req, job = actions.approve_export(ctx, req.id, actor="wang.fang", note="contract filed")
    _wait_job(ctx, job.id)
    pending = actions.request_export(
        ctx, flow="crm_to_hq", inputs=["data/crm_export.csv"], asset=None, subject=None,
        purpose="CRM sync", actor="zhang.min",
    )  # fmt: skip
    del pending
    filing = actions.draft_filing(ctx, flow="crm_to_hq", actor="zhang.min")
    actions.answer_filing(
        ctx, filing.id, "handler.address", "上海市嘉定区示例路 88 号", actor="li.wei"
    )
    _wait_job(ctx, actions.build_filing(ctx, filing.id, actor="zhang.min", sign=False).id)
    _wait_job(ctx, actions.start_audit_verify(ctx, actor="li.wei").id)

    port = _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lang in ("zh", "en"):
            page = browser.new_page(viewport={"width": 1360, "height": 900})
            page.goto(f"{base}/login?lang={lang}")
            page.screenshot(path=str(out / f"login-{lang}.png"))
            page.fill("input[name=name]", "li.wei")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            for name, path in PAGES:
                page.goto(base + path.format(export=req.id, filing=filing.id))
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}-{lang}.png"), full_page=True)
                print(f"{name}-{lang}.png")
            page.close()
        browser.close()
    server.should_exit = True
    ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
