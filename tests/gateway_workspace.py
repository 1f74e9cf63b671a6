"""A small synthetic workspace for gateway, store and CLI tests (fast: a few thousand rows)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from carborder.demo.tabular import fake_mobile, fake_vin

KEY = "test-pseudonym-key-0123456789abcdef"

_TRIPS_FACTS: dict[str, Any] = {
    "domain": "connected_operation",
    "content.kinds": ["telemetry"],
    "pi.kinds": ["vin"],
    "pi.sensitive_kinds": [],
    "geo.present": True,
    # Trip positions reported by the cars: surveying data whatever their precision, so every
    # flow of them holds the surveying authority's approval (MNR-TEST-1 below).
    "geo.collected_by_vehicle": True,
    "geo.in_sensitive_area": False,
    "vehicle_flow": False,
    "survey.pointcloud": False,
    "survey.hd_map": False,
    "survey.imagery": False,
    # Telemetry falls back to the general important-data factors (GB/T 43697-2024 Annex G).
    "security.attack_relevant": False,
    "tech.core_technology": False,
    "supply_chain.key_components": False,
    "charging_network_ops": False,
}

#: Kind-based: the phone and VIN columns get pseudonyms, and so do phones inside the notes.
PLAN_OK = [
    {"op": "pseudonymise", "params": {"kinds": ["vin", "phone"]}},
    {"op": "generalise_geo", "params": {"precision_m": 1000}},
]


def _flow(fid: str, deid: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": fid,
        "activity": "transfer",
        "assets": ["trips"],
        "recipient": "rd",
        "scenario": "rd_collaboration",
        "deid": deid,
    }


def write_trips(path: Path, *, vehicles: int = 50, rows: int = 2000, seed: int = 1) -> Path:
    """Write a trips table: vin, phone, trip, ts, lat, lon, speed, note (sorted by trip, ts)."""
    rng = random.Random(seed)
    vins = [fake_vin(rng) for _ in range(vehicles)]
    phones = [fake_mobile(rng) for _ in range(vehicles)]
    data: dict[str, list[Any]] = {k: [] for k in ("vin", "phone", "trip", "ts", "lat", "lon")}
    data["speed"] = []
    data["note"] = []
    per = max(1, rows // vehicles)
    t0 = int(datetime(2026, 5, 1, tzinfo=UTC).timestamp())
    for v in range(vehicles):
        lat, lon = 31.2 + rng.random() * 0.2, 121.4 + rng.random() * 0.2
        for i in range(per):
            lat += rng.uniform(-1, 1) * 2e-4
            lon += rng.uniform(-1, 1) * 2e-4
            data["vin"].append(vins[v])
            data["phone"].append(phones[v])
            data["trip"].append(f"t{v:04d}")
            data["ts"].append(t0 + 10 * i)
            data["lat"].append(round(lat, 5))
            data["lon"].append(round(lon, 5))
            data["speed"].append(round(rng.uniform(0, 120), 1))
            data["note"].append("ok" if i % 5 else f"call {phones[v]}")
    pq.write_table(pa.table(data), path)
    return path


def make_workspace(root: Path, *, rows: int = 2000, vehicles: int = 50) -> Path:
    """Create a workspace with flows for every gateway outcome and one input file."""
    (root / "inventory").mkdir(parents=True)
    (root / "carborder.yaml").write_text(
        yaml.safe_dump(
            {
                "handler": {"id": "acme", "name": "Acme Motors", "type": "oem", "ciio": False},
                "pack": "cn-auto-2026",
                "store": "sqlite:///.carborder/carborder.db",
            }
        ),
        encoding="utf-8",
    )
    inv = root / "inventory"
    dump = lambda name, doc: (inv / name).write_text(  # noqa: E731
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    dump(
        "assets.yaml",
        {"assets": [{"id": "trips", "paths": ["data/trips.parquet"], "facts": _TRIPS_FACTS}]},
    )
    dump("recipients.yaml", {"recipients": [{"id": "rd", "country": "DE"}]})
    dump(
        "flows.yaml",
        {
            "flows": [
                _flow("ok_flow", PLAN_OK),
                _flow("no_approval", PLAN_OK),
                _flow(
                    "anon_flow",
                    [
                        {"op": "drop", "params": {"columns": ["vin", "phone", "note", "trip"]}},
                        {"op": "drop", "params": {"kinds": ["location"]}},
                        {"op": "generalise_time", "params": {"columns": ["ts"], "unit": "day"}},
                        {"op": "suppress_rare", "params": {"columns": ["ts"], "k": 2}},
                    ],
                ),
                _flow(
                    # Column-based: the phones inside the notes are left to no step.
                    "leaky_flow",
                    [
                        {"op": "drop", "params": {"columns": ["phone"]}},
                        {"op": "pseudonymise", "params": {"columns": ["vin"]}},
                    ],
                ),
                _flow(
                    # Kind-based: the phone column goes, phones inside the notes are masked.
                    "drop_kind_flow",
                    [
                        {"op": "drop", "params": {"kinds": ["phone"]}},
                        {"op": "pseudonymise", "params": {"columns": ["vin"]}},
                    ],
                ),
                _flow(
                    "broken_flow",
                    [
                        {"op": "pseudonymise", "params": {"columns": ["vin"]}},
                        {"op": "mask_text", "params": {"columns": ["note"], "kinds": ["phone"]}},
                    ],
                ),
            ]
        },
    )
    dump(
        "approvals.yaml",
        {
            "approvals": [
                {
                    "id": "SCC-TEST-1",
                    "kind": "standard_contract",
                    "flows": [
                        "ok_flow",
                        "broken_flow",
                        "anon_flow",
                        "leaky_flow",
                        "drop_kind_flow",
                    ],
                    "issued": "2026-01-05",
                    # what the contract was filed for (a flow that leaves it needs re-filing)
                    "scope": {"purposes": ["rd_collaboration"], "recipients": ["rd"]},
                },
                {
                    "id": "MNR-TEST-1",
                    "kind": "mnr_approval",
                    "flows": [
                        "ok_flow",
                        "no_approval",
                        "broken_flow",
                        "anon_flow",
                        "leaky_flow",
                        "drop_kind_flow",
                    ],
                    "issued": "2025-12-01",
                },
            ]
        },
    )
    dump("counters.yaml", {"counters": {"pi.individuals": 0, "pi.sensitive_individuals": 0}})
    (root / "data").mkdir()
    write_trips(root / "data" / "trips.parquet", rows=rows, vehicles=vehicles)
    return root
