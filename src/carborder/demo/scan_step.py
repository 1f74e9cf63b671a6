"""The demo's scan step: scan each data asset and save the result in the workspace."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from carborder.scan import scan
from carborder.workspace.config import Workspace
from carborder.workspace.scans import save_recorded_scan

__all__ = ["scan_demo_assets"]


def scan_demo_assets(
    ws: Workspace, files: dict[str, list[Path]], *, console: Console, actor: str
) -> None:
    """Scan every asset that has files; save its detected facts and audit each saved scan."""
    areas = ws.sensitive_areas_path()
    for asset_id, paths in files.items():
        result = scan(paths, asset=asset_id, sensitive_areas=areas)
        save_recorded_scan(ws.root, asset_id, result, actor=actor)
        kinds = result.facts.get("pi.kinds", [])
        sens = result.facts.get("pi.sensitive_kinds", [])
        console.print(
            f"  scanned {asset_id}: pi.kinds={kinds} sensitive={sens} "
            f"individuals={result.facts.get('pi.individuals')} errors={len(result.errors)}"
        )
