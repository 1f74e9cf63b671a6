"""Every scan saved into a workspace is in its audit chain: the demo's too (the CLI's: see
test_approvals_actor_scan_audit; the server's: tests/unit/web/test_scan_job_audited)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.scan import load_scans
from carborder.store import Store

runner = CliRunner()


def _scan_events(ws: Path) -> list[tuple[str, dict[str, object]]]:
    store = Store.for_workspace(ws)
    try:
        return [(e.actor, e.payload) for e in store.iter_events() if e.name == "scan.recorded"]
    finally:
        store.close()


def test_the_demo_records_each_scan_it_saves(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = runner.invoke(app, ["demo", str(ws), "--skip-export"])
    assert result.exit_code == 0, result.output
    saved = load_scans(ws)
    events = _scan_events(ws)
    assert saved and len(events) == len(saved)
    assert {str(p["scan_id"]).split(":")[0] for _, p in events} == set(saved)
    assert {actor for actor, _ in events} == {"demo"}  # the actor of every demo event
    for _, payload in events:
        asset = str(payload["scan_id"]).split(":")[0]
        files = saved[asset].files
        want = sorted(
            hashlib.sha256(Path(f.path).read_bytes()).hexdigest() for f in files if f.status == "ok"
        )
        assert payload["files"] == want
    assert runner.invoke(app, ["audit", "verify", "-w", str(ws)]).exit_code == 0
