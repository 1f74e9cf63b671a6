"""Signed export manifests: every file with rows, bytes and SHA-256, plus how it was made."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from carborder.audit.chain import canonical_json
from carborder.errors import InputError, Msg
from carborder.gateway.files import fsync_dir, fsync_file, sha256_file
from carborder.gateway.signing import (
    SigningKey,
    TrustedKey,
    public_key_fingerprint,
    public_key_id,
    verify_signature,
)
from carborder.safety.files import read_bytes_limited
from carborder.safety.limits import MAX_JSON_BYTES
from carborder.store.repository import manifest_file_bytes

__all__ = [
    "MANIFEST_FORMAT",
    "MANIFEST_NAME",
    "Authenticity",
    "ManifestReport",
    "file_entry",
    "sign_manifest",
    "verify_manifest",
    "write_manifest",
]

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "carborder-manifest/1"


def _rows(path: Path) -> int | None:
    """Rows of a table (Parquet, CSV, JSON Lines, Arrow); messages or frames of a vehicle file."""
    from carborder.gateway._media import media_rows
    from carborder.gateway.formats import table_rows

    rows = media_rows(path)
    return rows if rows is not None else table_rows(path)


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
    path.write_bytes(manifest_file_bytes(signed))
    fsync_file(path)
    fsync_dir(directory)
    return path


@dataclass(frozen=True)
class Authenticity:
    """Who signed a manifest and whether the reader trusts that key, with the reason."""

    trusted: bool
    key_id: str
    fingerprint: str
    reason: str
    #: The reason as a catalogue message and its variable (see :class:`TrustedKey`).
    reason_msg: str = ""
    reason_arg: str = ""


#: A problem as a catalogue message id and its variables: rendered in the reader's language.
#: A catalogue id and its variables (text, or a :class:`Msg` for a translated detail).
Note = tuple[str, dict[str, "str | Msg"]]


def _en(note: Note) -> str:
    return Msg(note[0], **note[1]).format("en")


@dataclass
class ManifestReport:
    """Outcome of verifying an export directory: integrity and authenticity, separately.

    *Integrity*: every listed file is there with its bytes, SHA-256 and rows, nothing was
    added, and the signature is valid for the public key inside the manifest. *Authenticity*:
    that key is one the reader trusts. Anyone can re-sign an altered export with their own
    key, so integrity alone proves nothing about who made it.

    ``ok`` is True when nothing wrong was found: the integrity checks, plus — only when
    trusted keys were given — the signer's trust. ``verified`` needs both, always.
    """

    directory: Path
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    authenticity: Authenticity | None = None
    integrity_problems: list[str] = field(default_factory=list)
    #: ``integrity_problems`` as catalogue notes, one for one, for other languages.
    integrity_notes: list[Note] = field(default_factory=list)

    def add_integrity(self, msg_id: str, **args: object) -> None:
        """Record an integrity problem (English text for data, its note for rendering)."""
        note: Note = (msg_id, {k: v if isinstance(v, Msg) else str(v) for k, v in args.items()})
        self.integrity_notes.append(note)
        self.integrity_problems.append(_en(note))

    @property
    def ok(self) -> bool:
        """True when nothing wrong was found (trust is checked only when keys were given)."""
        return not self.problems

    @property
    def intact(self) -> bool:
        """True when the files match the manifest and its signature is valid."""
        return self.manifest is not None and not self.integrity_problems

    @property
    def trusted(self) -> bool:
        """True when the signer is a trusted key."""
        return self.authenticity is not None and self.authenticity.trusted

    @property
    def verified(self) -> bool:
        """Intact *and* signed by a trusted key: the only state to rely on."""
        return self.intact and self.trusted

    def summary(self, lang: str = "en") -> str:
        """Integrity, authenticity and the verdict, one line each (plus problems), in ``lang``."""
        from carborder.i18n import messages

        m = messages(lang)
        lines: list[str] = []
        if self.intact and self.manifest is not None:
            body = self.manifest["body"]
            key = str(self.manifest["signature"].get("key_id", "?"))
            lines.append(m("manifest-integrity-ok", files=str(len(body["files"])), key=key))
        else:
            lines.append(m("manifest-integrity-failed"))
            notes = self.integrity_notes
            if len(notes) == len(self.integrity_problems):
                for msg_id, args in notes:
                    field_name = args.get("field")
                    if isinstance(field_name, str):  # bytes, sha256, rows: a word in the language
                        args = {**args, "field": m.term("manifest-field", field_name)}
                    lines.append(f"  - {Msg(msg_id, **args).format(lang)}")
            else:  # problems added by hand, without notes: shown as recorded
                lines.extend(f"  - {p}" for p in self.integrity_problems)
        auth = self.authenticity
        if auth is None:
            lines.append(m("manifest-authenticity-none"))
            lines.append(f"  → {m('manifest-authenticity-none-hint')}")
        else:
            reason = m(auth.reason_msg, arg=auth.reason_arg) if auth.reason_msg else auth.reason
            if auth.trusted:
                lines.append(
                    m(
                        "manifest-authenticity-ok",
                        key=auth.key_id,
                        fingerprint=auth.fingerprint,
                        reason=reason,
                    )
                )
            else:
                lines.append(m("manifest-authenticity-failed", key=auth.key_id, reason=reason))
        if self.verified and self.manifest is not None:
            body = self.manifest["body"]
            lines.append(
                m(
                    "manifest-verified",
                    flow=str(body.get("flow")),
                    decision=str(body.get("decision_id")),
                )
            )
        elif not self.intact:
            lines.append(m("manifest-not-intact"))
        else:
            lines.append(m("manifest-not-trusted"))
        return "\n".join(lines)


def _safe(rel: str) -> bool:
    p = PurePosixPath(rel)
    return not p.is_absolute() and ".." not in p.parts and rel not in ("", ".")


def _check_signature(report: ManifestReport, body: dict[str, Any], sig: dict[str, Any]) -> None:
    """Record what is wrong with the signature (nothing when it holds)."""
    public = str(sig.get("public_key", ""))
    try:
        key_id = public_key_id(base64.b64decode(public, validate=True))
    except (ValueError, binascii.Error):
        key_id = "?"
    if sig.get("key_id") != key_id:
        report.add_integrity("manifest-problem-key-id")
    if not verify_signature(public, str(sig.get("value", "")), canonical_json(body)):
        report.add_integrity("manifest-problem-signature")


def _authenticity(sig: dict[str, Any], trusted: Sequence[TrustedKey]) -> Authenticity:
    public = str(sig.get("public_key", ""))
    try:
        raw = base64.b64decode(public, validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    key_id, fingerprint = public_key_id(raw), public_key_fingerprint(raw)
    for key in trusted:
        if key.matches(public):
            return Authenticity(
                True, key_id, fingerprint, key.reason, key.reason_msg, key.reason_arg
            )
    return Authenticity(
        False,
        key_id,
        fingerprint,
        _en(("trust-none", {"arg": ""})),
        "trust-none",
    )


def _read_manifest(
    path: Path,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Parse a manifest defensively: bounded size and depth, the expected shapes only."""
    try:
        data = read_bytes_limited(path, MAX_JSON_BYTES, what=MANIFEST_NAME)
        doc = json.loads(data.decode("utf-8"))
    except InputError as exc:
        raise _UnreadableError(
            exc.message_msg or Msg("detail-quoted", detail=exc.message)
        ) from None
    except (UnicodeDecodeError, RecursionError, ValueError) as exc:
        # the parser's own words: quoted detail
        raise _UnreadableError(Msg("detail-quoted", detail=str(exc).splitlines()[0])) from None
    body = doc.get("body") if isinstance(doc, dict) else None
    sig = doc.get("signature") if isinstance(doc, dict) else None
    files = body.get("files") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not isinstance(sig, dict) or not isinstance(files, list):
        raise _UnreadableError(Msg("manifest-not-carborder"))
    if not all(isinstance(f, dict) for f in files):
        raise _UnreadableError(Msg("manifest-files-not-entries"))
    return doc, body, sig, files


class _UnreadableError(Exception):
    """A manifest that cannot be read: ``detail`` says why."""

    def __init__(self, detail: Msg) -> None:
        super().__init__(detail.format("en"))
        self.detail = detail


def verify_manifest(
    directory: Path,
    *,
    trusted_public_key: str | None = None,
    trusted: Sequence[TrustedKey] | None = None,
) -> ManifestReport:
    """Check the signature, every listed file (bytes, SHA-256, rows), no file added, and trust.

    Args:
        directory: An export output directory.
        trusted_public_key: Base64 raw Ed25519 public key that must have signed it.
        trusted: Keys trusted to sign (e.g. :func:`trusted_workspace_keys`); with neither,
            authenticity stays unknown (``verified`` is False) and only integrity is checked.
    """
    report = ManifestReport(directory)
    path = directory / MANIFEST_NAME
    if not path.is_file():
        report.add_integrity("manifest-problem-missing", name=MANIFEST_NAME)
        report.problems.extend(report.integrity_problems)
        return report
    try:
        doc, body, sig, files = _read_manifest(path)
    except _UnreadableError as exc:
        report.add_integrity("manifest-problem-unreadable", name=MANIFEST_NAME, detail=exc.detail)
        report.problems.extend(report.integrity_problems)
        return report
    report.manifest = doc
    if doc.get("format") != MANIFEST_FORMAT:
        report.add_integrity("manifest-problem-format", format=repr(doc.get("format")))
    _check_signature(report, body, sig)
    listed: set[str] = set()
    for entry in files:
        rel = str(entry.get("path", ""))
        if not _safe(rel):
            report.add_integrity("manifest-problem-unsafe-path", path=repr(rel))
            continue
        listed.add(rel)
        f = directory / rel
        if not f.is_file():
            report.add_integrity("manifest-problem-file-missing", path=rel)
            continue
        actual = file_entry(directory, f)
        for k in ("bytes", "sha256", "rows"):
            if entry.get(k) != actual[k]:
                report.add_integrity(
                    "manifest-problem-mismatch",
                    path=rel,
                    field=k,
                    actual=actual[k],
                    expected=entry.get(k),
                )
                if k == "sha256":
                    break
    for f in sorted(directory.rglob("*")):
        rel = f.relative_to(directory).as_posix()
        if f.is_file() and rel != MANIFEST_NAME and rel not in listed:
            report.add_integrity("manifest-problem-unlisted", path=rel)
    report.problems.extend(report.integrity_problems)
    keys = list(trusted or ())
    if trusted_public_key is not None:
        keys.append(
            TrustedKey(
                reason="it is the key the caller trusts",
                public_b64=trusted_public_key,
                reason_msg="trust-caller",
            )
        )
    if keys:
        report.authenticity = _authenticity(sig, keys)
        if not report.authenticity.trusted:
            report.problems.append(f"signed by an untrusted key: {report.authenticity.reason}")
    return report
