"""A workspace for filing tests: one standard-contract flow with a real export, one security-
assessment flow (important data), one exempt flow."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from carborder.deid.keys import ENV_VAR
from tests.gateway_workspace import KEY, make_workspace

SCC_FLOW = "ok_flow"
DUP_FLOW = "dup_flow"
SA_APPROVAL = "CAC-SA-2023-0042"
SA_FLOW = "charging_flow"
EXEMPT_FLOW = "hr_flow"
AS_OF = "2026-11-23"


def _edit(path: Path, fn: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_filing_workspace(root: Path, *, export: bool = True) -> Path:
    """The gateway test workspace with declared facts complete enough to decide without scans."""
    ws = make_workspace(root)

    def assets(d: dict[str, Any]) -> None:
        trips = d["assets"][0]
        trips["name"] = "Trip table"
        trips["location"] = "oss://cn-shanghai/tsp/trips"
        trips["facts"].update(
            {
                "pi.kinds": ["vin", "phone"],
                "pi.sensitive_kinds": ["trajectory"],
                "pi.individuals": 50,
                "pi.sensitive_individuals": 50,
                "geo.precision_m": 1000.0,
                "camera.outside_vehicle": False,
                "origin": "domestic",
            }
        )
        twin = {
            "id": "trips_copy",
            "name": "Trip table (second copy)",
            "facts": dict(trips["facts"]),
        }
        d["assets"] += [
            twin,
            {
                "id": "charging",
                "name": "Charging-network operation data",
                "facts": {
                    "domain": "connected_operation",
                    "content.kinds": ["charging_data"],
                    "charging_network_ops": True,
                    "pi.kinds": [],
                    "pi.sensitive_kinds": [],
                },
            },
            {
                "id": "roster",
                "name": "Staff roster",
                "facts": {
                    "domain": "hr",
                    "content.kinds": ["employee_records"],
                    "pi.kinds": ["name", "email"],
                    "pi.individuals": 80,
                    "pi.sensitive_kinds": [],
                },
            },
        ]

    def recipients(d: dict[str, Any]) -> None:
        d["recipients"][0].update({"name": "Acme R&D GmbH", "relation": "affiliate"})
        d["recipients"].append({"id": "ops", "name": "Acme Ops Pte", "country": "SG"})

    def flows(d: dict[str, Any]) -> None:
        d["flows"] += [
            {
                "id": SA_FLOW,
                "activity": "remote_access",
                "assets": ["charging"],
                "recipient": "ops",
                "scenario": "other",
            },
            {
                "id": DUP_FLOW,
                "activity": "transfer",
                "assets": ["trips", "trips_copy"],
                "recipient": "rd",
                "scenario": "rd_collaboration",
            },
            {
                "id": EXEMPT_FLOW,
                "activity": "transfer",
                "assets": ["roster"],
                "recipient": "rd",
                "scenario": "hr_management",
            },
        ]

    inv = ws / "inventory"
    _edit(inv / "assets.yaml", assets)
    _edit(inv / "recipients.yaml", recipients)
    _edit(inv / "flows.yaml", flows)
    _edit(
        inv / "approvals.yaml",
        lambda d: d["approvals"].append(
            {
                "id": SA_APPROVAL,
                "kind": "security_assessment",
                "flows": [SA_FLOW],
                "issued": "2023-12-20",
                "valid_until": "2026-12-19",
                "scope": {"purposes": ["other"], "recipients": ["ops"]},
            }
        ),
    )
    # The duplicated trip table is surveying data too (gateway_workspace: MNR-TEST-1).
    _edit(
        inv / "approvals.yaml",
        lambda d: next(a for a in d["approvals"] if a["id"] == "MNR-TEST-1")["flows"].append(
            DUP_FLOW
        ),
    )
    _edit(
        inv / "counters.yaml",
        lambda d: d["counters"].update({"year": int(AS_OF[:4]), "pi.individuals": 1200}),
    )
    if export:
        from carborder.gateway import export as run_export

        old = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = KEY
        try:
            r = run_export(
                SCC_FLOW, workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / "out"
            )
        finally:
            if old is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = old
        assert r.status == "released", r
    return ws
