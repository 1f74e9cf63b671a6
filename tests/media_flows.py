"""Inventory helpers for vehicle-file exports: the drive asset, flows with media plans, approvals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.camera_clip import CAMERA_FACTS as _DRIVE_FACTS  # no fleet track, no survey data

__all__ = ["BLUR", "COARSE", "GENERAL_FACTORS", "TABLE", "add_items", "media_flows"]

#: What the general important-data factors (GB/T 43697-2024 Annex G) read for telemetry and CAN
#: logs, which no catalogue item covers: nothing attack-relevant, no core technology.
GENERAL_FACTORS: dict[str, Any] = {
    "security.attack_relevant": False,
    "tech.core_technology": False,
    "supply_chain.key_components": False,
    "charging_network_ops": False,
    "geo.in_sensitive_area": False,
    "vehicle_flow": False,
}
#: Plan steps the flows use: hide faces and plates, coarsen GNSS positions, the table steps.
BLUR = {"op": "blur_regions", "targets": ["faces", "plates"], "method": "blur"}
COARSE = {"op": "generalise_geo", "precision_m": 1000}
TABLE = [
    {"op": "pseudonymise", "params": {"kinds": ["vin", "phone"]}},
    {"op": "generalise_geo", "params": {"precision_m": 1000}},
]


def add_items(ws: Path, name: str, key: str, items: list[dict[str, Any]]) -> None:
    """Append ``items`` to the list ``key`` of the inventory file ``name``."""
    path = ws / "inventory" / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc[key].extend(items)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def media_flows(ws: Path, facts: dict[str, Any] | None = None) -> None:
    """Add the drive asset, flows with media plans, and a standard contract for them."""
    add_items(ws, "assets.yaml", "assets", [{"id": "drive", "facts": facts or _DRIVE_FACTS}])

    def flow(fid: str, deid: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": fid,
            "activity": "transfer",
            "assets": ["drive"],
            "recipient": "rd",
            "scenario": "rd_collaboration",
            "deid": deid,
        }

    add_items(
        ws,
        "flows.yaml",
        "flows",
        [
            flow("drive_ok", [BLUR, COARSE]),
            flow("drive_no_blur", [COARSE]),
            flow("drive_mixed", [*TABLE, BLUR]),
            flow("drive_table_op", [{"op": "pseudonymise", "columns": ["vin"]}]),
            flow(
                "drive_no_camera",
                [{"op": "drop_topics", "topics": ["/camera/front/image/compressed"]}, COARSE],
            ),
            flow(
                "drive_no_gnss",
                [
                    BLUR,
                    {"op": "drop", "kinds": ["location"]},  # on a drive log: drop_gnss
                    {"op": "drop_topics", "topics": ["/diagnostics"]},
                ],
            ),
        ],
    )
    add_items(
        ws,
        "approvals.yaml",
        "approvals",
        [
            {
                "id": "SCC-DRIVE-1",
                "kind": "standard_contract",
                "flows": [
                    "drive_ok",
                    "drive_no_blur",
                    "drive_mixed",
                    "drive_no_gnss",
                    "drive_no_camera",
                ],
                "issued": "2026-01-05",
                "scope": {"purposes": ["rd_collaboration"], "recipients": ["rd"]},
            },
            {
                # Outside-camera frames are real-scene imagery: surveying data under the MNR
                # notices, so the drive log also needs the MNR approval to leave China.
                "id": "MNR-DRIVE-1",
                "kind": "mnr_approval",
                "flows": [
                    "drive_ok",
                    "drive_no_blur",
                    "drive_mixed",
                    "drive_no_gnss",
                    "drive_no_camera",
                ],
                "issued": "2026-01-05",
            },
        ],
    )
