"""Create a new workspace with a commented carborder.yaml and example inventory files."""

from __future__ import annotations

from pathlib import Path

from carborder.errors import Msg, WorkspaceError
from carborder.workspace.config import CONFIG_NAME

__all__ = ["init_workspace"]

_CONFIG = """\
# carborder workspace. carborder supports compliance work; it is not legal advice.
handler:
  id: my_company          # stable id
  name: My Company (China) Co., Ltd.
  type: oem               # oem, component_supplier, software_supplier, telecom_operator, dealer, ...
  ciio: false             # critical information infrastructure operator?
  ftz: null               # free-trade-zone id (e.g. beijing) or null
pack: cn-auto-2026        # built-in rulebook pack, or a path to your own (stricter) pack directory
store: sqlite:///.carborder/carborder.db   # or postgresql+psycopg://user@host/db
sensitive_areas: null     # GeoJSON of sensitive areas for scans (workspace-relative path)
# dbc: [dbc/vehicle.dbc]    # DBC files that decode CAN logs in scans (workspace-relative paths)
retention_years: 3        # keep audit events and manifests at least this long
"""

_FILES = {
    "assets.yaml": """\
# Data sets held in China. Facts use the rulebook vocabulary: `carborder rulebook facts`.
# Absent facts are unknown, and unknown facts can only make a decision stricter.
assets: []
# - id: crm_export
#   name: Dealer CRM export
#   paths: [data/crm/*.csv]        # files a scan may read
#   facts:
#     domain: sales_service
#     content.kinds: [customer_records]
#     pi.kinds: [name, phone, vin]
#     pi.individuals: 150000
#     pi.sensitive_kinds: []
""",
    "recipients.yaml": """\
# Overseas parties.
recipients: []
# - id: hq_analytics
#   name: Group HQ Analytics GmbH
#   country: DE
""",
    "flows.yaml": """\
# Outbound flows: activity is transfer, remote_access or offshore_processing.
flows: []
# - id: crm_to_hq
#   activity: transfer
#   assets: [crm_export]
#   recipient: hq_analytics
#   scenario: other               # see `carborder rulebook show pack` for scenarios
#   deid:                         # de-identification plan applied by `carborder export`;
#                                 # operators and parameters: `carborder deid operators`
#     - {op: drop, kinds: [id_number]}          # kinds: whatever the columns are called
#     - {op: pseudonymise, kinds: [phone, vin]}
""",
    "approvals.yaml": """\
# Approvals and filings held. valid_until: null takes the pack's default validity.
approvals: []
# - id: SCC-2026-0001
#   kind: standard_contract          # security_assessment, standard_contract, certification, mnr_approval
#   flows: [crm_to_hq]
#   issued: 2026-03-01
#   valid_until: null
""",
    "counters.yaml": """\
# Individuals whose PI already left China since 1 January of `year` (exports update this in
# the store). Counts above zero need their year; they count only for decisions of that year.
counters:
  year: null
  pi.individuals: 0
  pi.sensitive_individuals: 0
""",
}


def init_workspace(root: Path, *, force: bool = False) -> list[Path]:
    """Write carborder.yaml and inventory/ files; refuse to overwrite unless ``force``."""
    root.mkdir(parents=True, exist_ok=True)
    cfg = root / CONFIG_NAME
    if cfg.exists() and not force:
        raise WorkspaceError(
            Msg("err-config-exists", config=CONFIG_NAME),
            file=cfg,
            hint=Msg("hint-config-exists"),
        )
    written = [cfg]
    cfg.write_text(_CONFIG, encoding="utf-8")
    inv = root / "inventory"
    inv.mkdir(exist_ok=True)
    for name, text in _FILES.items():
        path = inv / name
        if not path.exists() or force:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
