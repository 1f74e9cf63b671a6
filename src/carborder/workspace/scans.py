"""Saving a scan into a workspace: the stored result and its ``scan.recorded`` audit event.

Saved scans change what assess, explain and export decide, so every way a scan enters a
workspace (``carborder scan --save``, the demo, the web scan job) goes through
:func:`save_recorded_scan`: the result file and an event naming which files (by SHA-256),
which facts (by digest) and who.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from carborder.audit.chain import canonical_json
from carborder.audit.events import ScanRecorded
from carborder.scan.persist import save_scan
from carborder.workspace.config import CONFIG_NAME, Workspace

if TYPE_CHECKING:
    from carborder.scan.result import ScanResult
    from carborder.store.repository import Store

__all__ = ["save_recorded_scan", "scan_recorded_event"]


def scan_recorded_event(asset: str, result: ScanResult) -> ScanRecorded:
    """The ``scan.recorded`` event of ``result`` saved for ``asset``."""
    # Imported here: the gateway package costs a plain scan ~1 s of start-up.
    from carborder.gateway.bag_folders import content_sha256

    # a rosbag2 folder is one scanned input: digested as a folder (each file's name and bytes)
    digests = sorted(
        content_sha256(Path(f.path))
        for f in result.files
        if f.status == "ok" and (Path(f.path).is_file() or Path(f.path).is_dir())
    )
    facts_sha = hashlib.sha256(canonical_json(result.facts)).hexdigest()
    return ScanRecorded(scan_id=f"{asset}:{facts_sha[:16]}", files=digests, facts_sha256=facts_sha)


def save_recorded_scan(
    workspace: Path, asset: str, result: ScanResult, *, actor: str, store: Store | None = None
) -> Path:
    """Save ``result`` as ``asset``'s scan and append its ``scan.recorded`` event; return the file.

    ``store`` is the workspace's open store when the caller holds one (the server); otherwise
    the workspace's own store is opened and closed here.

    Raises:
        ScanInputError: the asset id is not a safe file name.
    """
    event = scan_recorded_event(asset, result)
    saved = save_scan(workspace, asset, result)
    if store is not None:
        store.record_event(event, actor=actor)
        return saved
    from carborder.store.repository import Store

    config = workspace / CONFIG_NAME
    url = Workspace.open(workspace).store_url() if config.is_file() else None
    own = Store.for_workspace(workspace.resolve(), url=url)
    try:
        own.record_event(event, actor=actor)
    finally:
        own.close()
    return saved
