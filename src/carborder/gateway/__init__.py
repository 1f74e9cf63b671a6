"""The export gateway: fail-closed export runs, signed manifests, atomic output, verification."""

from __future__ import annotations

from carborder.gateway.export import Decider, ExportResult, export, recover_runs
from carborder.gateway.manifest import ManifestReport, verify_manifest
from carborder.gateway.pending import PendingRelease, pending_releases, year_to_date
from carborder.gateway.scanning import Scanner, ScanOutcome, engine_scanner
from carborder.gateway.signing import SigningKey, load_or_create_signing_key

__all__ = [
    "Decider",
    "ExportResult",
    "ManifestReport",
    "PendingRelease",
    "ScanOutcome",
    "Scanner",
    "SigningKey",
    "engine_scanner",
    "export",
    "load_or_create_signing_key",
    "pending_releases",
    "recover_runs",
    "verify",
    "verify_manifest",
    "year_to_date",
]


def verify(directory: str, *, trusted_public_key: str | None = None) -> ManifestReport:
    """Verify an export directory (alias of :func:`verify_manifest` taking a str path)."""
    from pathlib import Path

    return verify_manifest(Path(directory), trusted_public_key=trusted_public_key)
