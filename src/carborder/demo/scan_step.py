"""The demo's scan step: scan each data asset and save the result in the workspace."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from carborder.i18n import messages
from carborder.scan import scan
from carborder.workspace.config import Workspace
from carborder.workspace.scans import save_recorded_scan

__all__ = ["scan_demo_assets"]


def _count(value: object, lang: str) -> str:
    """A head-count as the line shows it; unknown (no people found) in the reader's words."""
    return messages(lang).value(value) if value is None and lang == "zh" else str(value)


def scan_demo_assets(
    ws: Workspace, files: dict[str, list[Path]], *, console: Console, actor: str, lang: str = "en"
) -> None:
    """Scan every asset that has files; save its detected facts and audit each saved scan."""
    areas = ws.sensitive_areas_path()
    for asset_id, paths in files.items():
        result = scan(paths, asset=asset_id, sensitive_areas=areas)
        save_recorded_scan(ws.root, asset_id, result, actor=actor)
        console.print(
            messages(lang)(
                "demo-scanned",
                asset=asset_id,
                kinds=str(result.facts.get("pi.kinds", [])),
                sensitive=str(result.facts.get("pi.sensitive_kinds", [])),
                individuals=_count(result.facts.get("pi.individuals"), lang),
                errors=str(len(result.errors)),
            ),
            highlight=False,
            markup=False,
        )
