"""The sample OEM of `carborder demo`: a dozen assets and flows across all five scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["DEMO_AS_OF", "DEMO_HANDLER", "write_demo_inventory"]

DEMO_AS_OF = "2026-11-23"

DEMO_HANDLER: dict[str, Any] = {
    "id": "huaxia_motors",
    "name": "Huaxia Motors (Shanghai) Co., Ltd. — synthetic demo company",
    "type": "oem",
    "ciio": False,
    "ftz": None,
    "province": "Shanghai",
}

_NO_SURVEY = {"survey.pointcloud": False, "survey.hd_map": False, "survey.imagery": False}

ASSETS: list[dict[str, Any]] = [
    {
        "id": "tsp_trips",
        "name": "TSP trip table (connected-vehicle telemetry)",
        "paths": ["data/tsp_trips.parquet"],
        "facts": {
            "domain": "connected_operation",
            "content.kinds": ["telemetry"],
            "pi.kinds": ["vin"],
            "pi.individuals": 6000,
            # Declared without trajectories: the scan shows otherwise.
            "pi.sensitive_kinds": [],
            "geo.present": True,
            # Positions the cars' GNSS reported: surveying data whatever their precision.
            "geo.collected_by_vehicle": True,
            "geo.precision_m": 1000.0,
            "geo.in_sensitive_area": False,
            "vehicle_flow": False,
            **_NO_SURVEY,
            # Telemetry is no catalogue item: the general identification rules (GB/T 43697-2024
            # Annex G) apply, and the data-security officer's recorded review settles them.
            "important.reviewed_not_important": True,
            "important.reviewed_by": "示例公司数据安全负责人",
            "important.reviewed_on": "2026-09-15",
        },
    },
    {
        "id": "crm_export",
        "name": "Dealer CRM export",
        "paths": ["data/crm_export.csv"],
        "facts": {
            "domain": "sales_service",
            "content.kinds": ["customer_records"],
            "pi.kinds": ["name", "phone", "vin"],
            # Declared without ID numbers or cards: the scan finds resident ID numbers and
            # payment-card numbers (financial accounts, sensitive PI).
            "pi.individuals": 80000,
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "hr_roster",
        "name": "Engineering staff roster",
        "paths": ["data/hr_roster.csv"],
        "facts": {
            "domain": "hr",
            "content.kinds": ["employee_records"],
            "pi.kinds": ["name", "email", "employee_id"],
            "pi.individuals": 800,
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "adas_drive_log",
        "name": "ADAS road-test drive log (camera + GNSS, MCAP)",
        "paths": ["data/adas_drive_log.mcap"],
        "facts": {
            "domain": "driving_automation",
            "content.kinds": ["training_data", "camera_video"],
            "camera.outside_vehicle": True,
            "pi.kinds": ["plate"],
            "pi.individuals": 0,
            "pi.sensitive_kinds": ["trajectory"],
            "pi.sensitive_individuals": 12,
            "geo.present": True,
            "geo.collected_by_vehicle": True,
            "geo.in_sensitive_area": False,
        },
    },
    {
        "id": "can_capture",
        "name": "After-sales CAN capture with ECU data",
        "paths": ["data/can_capture.log"],
        "facts": {
            "domain": "software_update",
            "content.kinds": ["can_log", "ecu_data"],
            "pi.kinds": ["vin"],
            "pi.individuals": 40,
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "ota_source",
        "name": "OTA package source code (filed)",
        "facts": {
            "domain": "software_update",
            "content.kinds": ["ota_source_code"],
            "pi.kinds": [],
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "vuln_dumps",
        "name": "Crash dumps of a reported vulnerability",
        "facts": {
            "domain": "software_update",
            "content.kinds": ["vulnerability", "diagnostics"],
            "pi.kinds": ["vin"],
            "pi.individuals": 5000,
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "design_cad",
        "name": "Seat-frame CAD drawings",
        "facts": {
            "domain": "rd_design",
            "content.kinds": ["design_data"],
            "tech.core_technology": False,
            "pi.kinds": [],
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "bom_sheets",
        "name": "Trim-level bill of materials",
        "facts": {
            "domain": "manufacturing",
            "content.kinds": ["bom"],
            "supply_chain.key_components": False,
            "pi.kinds": [],
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "charging_ops",
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
        "id": "owner_accounts",
        "name": "Owner accounts for cross-border car purchase",
        "facts": {
            "domain": "sales_service",
            "content.kinds": ["customer_records"],
            "pi.kinds": ["name", "phone", "passport"],
            "pi.individuals": 300,
            "pi.sensitive_kinds": [],
        },
    },
    {
        "id": "feature_vectors",
        "name": "Perception feature vectors",
        "facts": {
            "domain": "driving_automation",
            "content.kinds": ["feature_data"],
            "pi.kinds": [],
            "pi.sensitive_kinds": [],
        },
    },
]

RECIPIENTS: list[dict[str, Any]] = [
    {"id": "munich_rd", "name": "Parent R&D centre", "country": "DE", "relation": "affiliate"},
    {"id": "hq_sales", "name": "Parent sales analytics", "country": "DE", "relation": "affiliate"},
    {"id": "us_ml_lab", "name": "ML training lab", "country": "US", "relation": "processor"},
    {"id": "tier1_eu", "name": "Tier-1 ECU supplier", "country": "FR", "relation": "supplier"},
    {"id": "jp_plant", "name": "Partner plant", "country": "JP", "relation": "affiliate"},
    {"id": "sg_ops", "name": "Regional operations hub", "country": "SG", "relation": "affiliate"},
]

FLOWS: list[dict[str, Any]] = [
    {
        "id": "tsp_to_munich",
        "activity": "remote_access",
        "assets": ["tsp_trips"],
        "recipient": "munich_rd",
        "scenario": "rd_collaboration",
        "deid": [
            {"op": "pseudonymise", "kinds": ["vin", "phone"]},
            {"op": "generalise_geo", "precision_m": 1000},
        ],
    },
    {
        "id": "crm_to_hq",
        "activity": "transfer",
        "assets": ["crm_export"],
        "recipient": "hq_sales",
        "scenario": "other",
        "deid": [
            {"op": "drop", "kinds": ["id_number"]},
            {"op": "pseudonymise", "kinds": ["phone", "vin"]},
        ],
    },
    {
        "id": "hr_to_group",
        "activity": "transfer",
        "assets": ["hr_roster"],
        "recipient": "munich_rd",
        "scenario": "hr_management",
        # the HR exemption's test: the company recorded that group HR truly needs the roster
        "truly_necessary": True,
    },
    {
        "id": "adas_to_us",
        "activity": "offshore_processing",
        "assets": ["adas_drive_log"],
        "recipient": "us_ml_lab",
        "scenario": "rd_collaboration",
    },
    {
        "id": "can_to_tier1",
        "activity": "transfer",
        "assets": ["can_capture"],
        "recipient": "tier1_eu",
        "scenario": "after_sales",
    },
    {
        "id": "ota_to_tier1",
        "activity": "transfer",
        "assets": ["ota_source"],
        "recipient": "tier1_eu",
        "scenario": "ota_update",
        "reported": ["ota_filed"],
    },
    {
        "id": "vuln_to_tier1",
        "activity": "transfer",
        "assets": ["vuln_dumps"],
        "recipient": "tier1_eu",
        "scenario": "vulnerability_remediation",
        "reported": ["vulnerability_to_miit"],
        # exemption 7 covers data necessary for the fix: the supplier recorded that it is
        "truly_necessary": True,
    },
    {
        "id": "cad_to_munich",
        "activity": "transfer",
        "assets": ["design_cad"],
        "recipient": "munich_rd",
        "scenario": "rd_collaboration",
    },
    {
        "id": "bom_to_jp",
        "activity": "transfer",
        "assets": ["bom_sheets"],
        "recipient": "jp_plant",
        "scenario": "transnational_manufacturing",
    },
    {
        "id": "charging_to_sg",
        "activity": "remote_access",
        "assets": ["charging_ops"],
        "recipient": "sg_ops",
        "scenario": "other",
    },
    {
        "id": "accounts_to_hq",
        "activity": "transfer",
        "assets": ["owner_accounts"],
        "recipient": "hq_sales",
        "scenario": "contract_with_individual",
        # Art. 5(1): the accounts are truly necessary to perform the owners' contracts
        "truly_necessary": True,
    },
    {
        "id": "features_to_us",
        "activity": "transfer",
        "assets": ["feature_vectors"],
        "recipient": "us_ml_lab",
        "scenario": "rd_collaboration",
    },
]

APPROVALS: list[dict[str, Any]] = [
    {
        # The trip positions are surveying data (MNR Notice 2022): the surveying authority's
        # approval comes first, before any CAC procedure, and is already held.
        "id": "MNR-SH-2026-0031",
        "kind": "mnr_approval",
        "flows": ["tsp_to_munich"],
        "issued": "2026-02-10",
        "note": "Approval to provide surveying results abroad: trip positions (synthetic).",
    },
    {
        "id": "SCC-SH-2026-0142",
        "kind": "standard_contract",
        "flows": ["crm_to_hq"],
        "issued": "2026-03-02",
        "valid_until": None,
        "note": "Standard contract filed with the Shanghai CAC (synthetic).",
        # What the contract was filed for: an approval without its scope covers nothing, and a
        # flow that leaves it (another recipient, purpose or method) needs a new filing.
        "scope": {
            "purposes": ["other"],
            "activities": ["transfer"],
            "recipients": ["hq_sales"],
        },
    },
]


def _dump(path: Path, comment: str, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# {comment}\n{text}", encoding="utf-8")


def write_demo_inventory(root: Path) -> None:
    """Write carborder.yaml and inventory/*.yaml of the demo company into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    inv = root / "inventory"
    inv.mkdir(exist_ok=True)
    _dump(
        root / "carborder.yaml",
        "carborder demo workspace (synthetic company and data). Not legal advice.",
        {
            "handler": DEMO_HANDLER,
            "pack": "cn-auto-2026",
            "store": "sqlite:///.carborder/carborder.db",
            "sensitive_areas": None,
            "retention_years": 3,
        },
    )
    _dump(
        inv / "assets.yaml",
        "Data sets and the facts people declared about them.",
        {"assets": ASSETS},
    )
    _dump(inv / "recipients.yaml", "Overseas recipients.", {"recipients": RECIPIENTS})
    _dump(
        inv / "flows.yaml", "Outbound flows with their de-identification plans.", {"flows": FLOWS}
    )
    _dump(inv / "approvals.yaml", "Approvals and filings held.", {"approvals": APPROVALS})
    _dump(
        inv / "counters.yaml",
        "Individuals already exported since 1 January.",
        {
            "counters": {
                "year": int(DEMO_AS_OF[:4]),
                "pi.individuals": 2000,
                "pi.sensitive_individuals": 0,
            }
        },
    )
