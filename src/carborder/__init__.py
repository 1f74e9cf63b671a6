"""carborder: move vehicle data out of China lawfully, quickly and provably.

The Python API mirrors the command line: load a rulebook pack, describe an inventory, decide
flows, and (with the scan and gateway modules) scan data and export it; build the filing
packs a decision requires (``build_filing``, ``build_annual_report``, ``check_filing``). carborder supports
compliance work; it is not legal advice.
"""

from __future__ import annotations

import logging

from carborder.decide import YearToDate, decide, decide_all, merge_declared_detected
from carborder.errors import (
    CarborderError,
    FilingError,
    InputError,
    IntegrityError,
    InventoryError,
    PackError,
    RefusedError,
    WorkspaceError,
)
from carborder.filings import (
    FilingResult,
    build_annual_report,
    build_filing,
    check_filing,
    plan_filing,
)
from carborder.gateway import ExportResult, export, verify_manifest
from carborder.model.approval import Approval
from carborder.model.asset import Asset
from carborder.model.counters import Counters
from carborder.model.decision import Decision, Pathway, Status
from carborder.model.facts import Evidence, FactRecord, Facts
from carborder.model.flow import Activity, DeidStep, Flow
from carborder.model.handler import Handler, HandlerType
from carborder.model.inventory import Inventory
from carborder.model.recipient import Recipient
from carborder.model.scenario import Scenario
from carborder.rulebook import Pack, load_pack
from carborder.scan import ScanResult, scan
from carborder.workspace.config import Workspace
from carborder.workspace.io import load_scenario

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "Approval",
    "Asset",
    "CarborderError",
    "Counters",
    "Decision",
    "DeidStep",
    "Evidence",
    "ExportResult",
    "FactRecord",
    "Facts",
    "FilingError",
    "FilingResult",
    "Flow",
    "Handler",
    "HandlerType",
    "InputError",
    "IntegrityError",
    "Inventory",
    "InventoryError",
    "Pack",
    "PackError",
    "Pathway",
    "Recipient",
    "RefusedError",
    "ScanResult",
    "Scenario",
    "Status",
    "Workspace",
    "WorkspaceError",
    "YearToDate",
    "__version__",
    "build_annual_report",
    "build_filing",
    "check_filing",
    "decide",
    "decide_all",
    "export",
    "load_pack",
    "load_scenario",
    "merge_declared_detected",
    "plan_filing",
    "scan",
    "verify_manifest",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
