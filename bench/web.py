"""Web server latency: dashboard and flow pages with 1,000 flows and 1 M audit events.

The server (``carborder serve``, a separate process) holds a workspace with 1,000 flows (the
demo's twelve, repeated with their scanned data and assets) and an audit chain of 1 M
events. One client requests, in rounds, a static file of the same server (the peer: the
cost of HTTP, routing and the event loop on this machine, in the same run), the dashboard
page, a flow page (a different flow each time) and the audit page. Reported: p50/p95/p99
and each page's p95 as a ratio to the static file's p95, plus the first (cold) dashboard,
which decides all 1,000 flows once. Target (issue): dashboard and flow page p95 < 200 ms.

    .venv/bin/python bench/web.py      # BENCH_WEB_FLOWS, BENCH_AUDIT_EVENTS, BENCH_WEB_ROUNDS
"""

from __future__ import annotations

import copy
import io
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from sqlalchemy import insert, update

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds mcap.py and can.py: keep them from shadowing the packages of the same name
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

from carborder.audit.chain import canonical_json, link_hash  # noqa: E402
from carborder.demo.data import write_demo_data  # noqa: E402
from carborder.demo.inventory import write_demo_inventory  # noqa: E402
from carborder.demo.scan_step import scan_demo_assets  # noqa: E402
from carborder.store import Store  # noqa: E402
from carborder.store.tables import AuditEventRow, AuditHeadRow  # noqa: E402
from carborder.web.db.accounts import Accounts  # noqa: E402
from carborder.workspace.config import Workspace  # noqa: E402

FLOWS = int(os.environ.get("BENCH_WEB_FLOWS", 1000))
EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", 1_000_000))
ROUNDS = int(os.environ.get("BENCH_WEB_ROUNDS", 200))


def build_workspace(root: Path) -> list[str]:
    """Demo workspace with its flows repeated up to ``FLOWS`` (each with its own id)."""
    write_demo_inventory(root)
    files = write_demo_data(root / "data")
    scan_demo_assets(Workspace.open(root), files, console=Console(file=io.StringIO()))
    path = root / "inventory" / "flows.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = doc["flows"]
    flows = list(base)
    i = 0
    while len(flows) < FLOWS:
        template = copy.deepcopy(base[i % len(base)])  # no shared objects: no YAML aliases
        template["id"] = f"{template['id']}_{i:04d}"
        flows.append(template)
        i += 1
    doc["flows"] = flows[:FLOWS]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return [f["id"] for f in doc["flows"]]


def fill_audit(store: Store) -> float:
    """Append ``EVENTS`` valid chained events in bulk; returns seconds."""
    t0 = time.perf_counter()
    head_seq, prev = store.audit_head()
    created = "2026-11-27T00:00:00.000000Z"
    chunk: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for seq in range(head_seq + 1, head_seq + EVENTS + 1):
            payload = {
                "flow_id": f"f{seq % FLOWS}",
                "decision_id": f"{seq:016x}",
                "status": "allowed",
            }
            h = link_hash(prev, seq, "bench.event", "bench", created, payload)
            chunk.append(
                {
                    "seq": seq,
                    "name": "bench.event",
                    "actor": "bench",
                    "created": created,
                    "payload_json": canonical_json(payload).decode(),
                    "prev_hash": prev,
                    "hash": h,
                }
            )
            prev = h
            if len(chunk) == 50_000:
                conn.execute(insert(AuditEventRow), chunk)
                chunk = []
        if chunk:
            conn.execute(insert(AuditEventRow), chunk)
        conn.execute(update(AuditHeadRow).values(seq=head_seq + EVENTS, hash=prev))
    return time.perf_counter() - t0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return {
        "n": len(ordered),
        "p50_ms": round(pct(0.50), 2),
        "p95_ms": round(pct(0.95), 2),
        "p99_ms": round(pct(0.99), 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
    }


def main() -> None:
    """Build, serve, measure, write bench/results/web.json."""
    import httpx2 as httpx

    tmp = Path(tempfile.mkdtemp(prefix="carborder-bench-web-"))
    root = tmp / "ws"
    t0 = time.perf_counter()
    flow_ids = build_workspace(root)
    build_s = time.perf_counter() - t0
    store = Store.for_workspace(root)
    fill_s = fill_audit(store)
    accounts = Accounts(store)
    accounts.add_user("bench", "auditor", password=None, actor="bench")
    _info, token = accounts.create_token("bench", label="bench", actor="bench")
    store.close()

    port = _port()
    carborder = str(Path(sys.executable).with_name("carborder"))
    server = subprocess.Popen(
        [carborder, "serve", "--workspace", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/static/app.css").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
            t = time.perf_counter()
            r = client.get("/")
            cold_dashboard_s = time.perf_counter() - t
            assert r.status_code == 200, r.status_code
            for _ in range(5):  # warm every page once
                for path in ("/static/app.css", "/", f"/flows/{flow_ids[0]}", "/audit"):
                    client.get(path)
            samples: dict[str, list[float]] = {
                "static": [],
                "dashboard": [],
                "flow": [],
                "audit": [],
            }
            rng = random.Random(7)
            for _ in range(ROUNDS):
                for name, path in (
                    ("static", "/static/app.css"),
                    ("dashboard", "/"),
                    ("flow", f"/flows/{rng.choice(flow_ids)}"),
                    ("audit", "/audit"),
                ):
                    t = time.perf_counter()
                    resp = client.get(path)
                    samples[name].append(time.perf_counter() - t)
                    assert resp.status_code == 200, (path, resp.status_code)
            head = client.get("/api/v1/audit-events?limit=1").json()["head_seq"]
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    stats = {k: _stats(v) for k, v in samples.items()}
    static_p95 = stats["static"]["p95_ms"]
    result = {
        "bench": "web",
        "flows": len(flow_ids),
        "audit_events": head,
        "rounds": ROUNDS,
        "peer": "static file (/static/app.css) served by the same server in the same run",
        "latency": stats,
        "ratio_p95_vs_static": {
            k: round(v["p95_ms"] / static_p95, 1) for k, v in stats.items() if k != "static"
        },
        "target_p95_ms": 200,
        "met": {k: stats[k]["p95_ms"] < 200 for k in ("dashboard", "flow")},
        "cold_dashboard_s": round(cold_dashboard_s, 2),
        "workspace_build_s": round(build_s, 1),
        "audit_fill_s": round(fill_s, 1),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out = ROOT / "bench" / "results" / "web.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
