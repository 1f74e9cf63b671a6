"""Scan results stored per workspace as JSON, one file per asset, written atomically."""

from __future__ import annotations

import re
from pathlib import Path

from carborder.errors import Msg, ScanInputError, WorkspaceError
from carborder.keys.files import make_private_dir
from carborder.safety.atomic import write_text_atomic
from carborder.scan.result import ScanResult

__all__ = ["load_scans", "save_scan", "scans_dir"]

_ASSET_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")


def scans_dir(workspace: Path) -> Path:
    """``<workspace>/.carborder/scans``."""
    return Path(workspace) / ".carborder" / "scans"


def save_scan(workspace: Path, asset_id: str, result: ScanResult) -> Path:
    """Write ``<workspace>/.carborder/scans/<asset_id>.json`` via a temp file and ``os.replace``.

    Raises:
        ScanInputError: the asset id is not a safe file name.
    """
    if not _ASSET_ID.match(asset_id):
        raise ScanInputError(Msg("err-asset-id-form", id=asset_id), key="asset")
    target_dir = scans_dir(workspace)
    make_private_dir(target_dir)  # workspace state is owner-only (0700)
    target = target_dir / f"{asset_id}.json"
    data = result.model_copy(update={"asset": asset_id}).model_dump_json(indent=2)
    write_text_atomic(target, data)
    return target


def load_scans(workspace: Path) -> dict[str, ScanResult]:
    """Every stored scan by asset id.

    Raises:
        WorkspaceError: a stored scan is not valid JSON for :class:`ScanResult`.
    """
    out: dict[str, ScanResult] = {}
    d = scans_dir(workspace)
    if not d.is_dir():
        return out
    for p in sorted(d.glob("*.json")):
        try:
            out[p.stem] = ScanResult.model_validate_json(p.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise WorkspaceError(Msg("err-stored-scan", detail=str(exc)), file=p) from exc
    return out
