"""The demo's scan step: scan each data asset and save the result in the workspace."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from carborder.scan import save_scan, scan
from carborder.workspace.config import Workspace

__all__ = ["scan_demo_assets"]


def scan_demo_assets(ws: Workspace, files: dict[str, list[Path]], *, console: Console) -> None:
    """Scan every asset that has files and save its detected facts."""
    areas = ws.sensitive_areas_path()
    for asset_id, paths in files.items():
        result = scan(paths, asset=asset_id, sensitive_areas=areas)
        save_scan(ws.root, asset_id, result)
        kinds = result.facts.get("pi.kinds", [])
        sens = result.facts.get("pi.sensitive_kinds", [])
        console.print(
            f"  scanned {asset_id}: pi.kinds={kinds} sensitive={sens} "
            f"individuals={result.facts.get('pi.individuals')} errors={len(result.errors)}"
        )
