"""Signed export manifests: every file with rows, bytes and SHA-256, plus how it was made."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow.parquet as pq

from carborder.audit.chain import canonical_json
from carborder.gateway.files import fsync_dir, fsync_file, sha256_file
from carborder.gateway.signing import SigningKey, public_key_id, verify_signature

__all__ = [
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "ManifestReport",
    "file_entry",
    "sign_manifest",
    "verify_manifest",
    "write_manifest",
]

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "carborder-manifest/1"


def _rows(path: Path) -> int | None:
    """Rows of a Parquet file; messages or frames of a vehicle file; None otherwise."""
    if path.suffix != ".parquet":
        from carborder.gateway._media import media_rows

        return media_rows(path)
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except Exception:
        return -1


def file_entry(root: Path, path: Path) -> dict[str, Any]:
    """Describe one output file: relative path, rows (messages/frames for media), bytes, SHA-256."""
    return {
        "path": path.relative_to(root).as_posix(),
        "rows": _rows(path),
        "bytes": path.stat().st_size,
        "sha256": sha256_file(path),
    }


def sign_manifest(body: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """Wrap a manifest body with its Ed25519 signature over the canonical JSON."""
    return {
        "format": MANIFEST_FORMAT,
        "body": body,
        "signature": {
            "alg": "ed25519",
            "key_id": key.key_id,
            "public_key": key.public_b64,
            "value": key.sign(canonical_json(body)),
        },
    }


def write_manifest(directory: Path, signed: dict[str, Any]) -> Path:
    """Write ``manifest.json`` (the last file of an export) and fsync it and its directory."""
    path = directory / MANIFEST_NAME
    path.write_bytes(
        json.dumps(signed, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    )
    fsync_file(path)
    fsync_dir(directory)
    return path


@dataclass
class ManifestReport:
    """Outcome of verifying an export directory against its manifest."""

    directory: Path
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def summary(self) -> str:
        """One line (plus problems) for people."""
        if self.ok and self.manifest is not None:
            body = self.manifest["body"]
            return (
                f"manifest intact: {len(body['files'])} file(s), flow {body['flow']}, "
                f"decision {body['decision_id']}, signed by {self.manifest['signature']['key_id']}"
            )
        return "manifest NOT intact:\n" + "\n".join(f"  - {p}" for p in self.problems)


def _safe(rel: str) -> bool:
    p = PurePosixPath(rel)
    return not p.is_absolute() and ".." not in p.parts and rel not in ("", ".")


def _signature_problems(
    body: dict[str, Any], sig: dict[str, Any], trusted_public_key: str | None
) -> list[str]:
    problems: list[str] = []
    public = str(sig.get("public_key", ""))
    if trusted_public_key is not None and public != trusted_public_key:
        problems.append("signed by an untrusted key (not the workspace key)")
    try:
        key_id = public_key_id(base64.b64decode(public))
    except (ValueError, binascii.Error):
        key_id = "?"
    if sig.get("key_id") != key_id:
        problems.append("signature key id does not match its public key")
    if not verify_signature(public, str(sig.get("value", "")), canonical_json(body)):
        problems.append("signature does not verify: the manifest was altered")
    return problems


def verify_manifest(directory: Path, *, trusted_public_key: str | None = None) -> ManifestReport:
    """Check the signature, every listed file (bytes, SHA-256, rows), and no file added.

    Args:
        directory: An export output directory.
        trusted_public_key: Base64 raw Ed25519 public key that must have signed it (e.g. the
            workspace key); without it, the embedded key is used and its id reported.
    """
    report = ManifestReport(directory)
    path = directory / MANIFEST_NAME
    if not path.is_file():
        report.problems.append(f"{MANIFEST_NAME} missing (the export is incomplete)")
        return report
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        body = doc["body"]
        sig = doc["signature"]
        files = body["files"]
    except (ValueError, KeyError, TypeError) as exc:
        report.problems.append(f"{MANIFEST_NAME} unreadable: {exc}")
        return report
    report.manifest = doc
    if doc.get("format") != MANIFEST_FORMAT:
        report.problems.append(f"unknown manifest format {doc.get('format')!r}")
    report.problems.extend(_signature_problems(body, sig, trusted_public_key))
    listed: set[str] = set()
    for entry in files:
        rel = str(entry.get("path", ""))
        if not _safe(rel):
            report.problems.append(f"unsafe path in manifest: {rel!r}")
            continue
        listed.add(rel)
        f = directory / rel
        if not f.is_file():
            report.problems.append(f"{rel}: missing")
            continue
        actual = file_entry(directory, f)
        for k in ("bytes", "sha256", "rows"):
            if entry.get(k) != actual[k]:
                report.problems.append(f"{rel}: {k} is {actual[k]}, manifest says {entry.get(k)}")
                if k == "sha256":
                    break
    for f in sorted(directory.rglob("*")):
        rel = f.relative_to(directory).as_posix()
        if f.is_file() and rel != MANIFEST_NAME and rel not in listed:
            report.problems.append(f"{rel}: not listed in the manifest")
    return report
