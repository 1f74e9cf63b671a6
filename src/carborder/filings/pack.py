"""Write a filing directory atomically: documents, filing.json, answers template, signed ZIP."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from carborder.audit.chain import canonical_json
from carborder.errors import FilingError, Msg
from carborder.filings.compose import FieldState
from carborder.gateway.files import sha256_file
from carborder.gateway.manifest import (
    MANIFEST_NAME,
    ManifestReport,
    file_entry,
    sign_manifest,
    verify_manifest,
)
from carborder.gateway.signing import load_or_create_signing_key, load_public_key_b64

__all__ = [
    "FILING_JSON",
    "answers_template",
    "prepare_output",
    "publish",
    "verify_pack",
    "write_zip",
]

FILING_JSON = "filing.json"
ANSWERS_TEMPLATE = "answers-template.yaml"


def prepare_output(output: Path) -> Path:
    """A fresh staging folder beside ``output``; refuses to overwrite a folder that is no filing.

    Raises:
        FilingError: ``output`` exists, is not empty and holds no filing.json.
    """
    output = output.resolve()
    if output.exists():
        if not output.is_dir():
            raise FilingError(
                Msg("err-output-not-folder"), file=output, hint=Msg("hint-output-not-folder")
            )
        if any(output.iterdir()) and not (output / FILING_JSON).is_file():
            raise FilingError(
                Msg("err-output-not-empty"),
                file=output,
                hint=Msg("hint-output-not-empty"),
            )
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))


def publish(staging: Path, output: Path) -> None:
    """Move the finished staging folder into place (the old filing goes only once the new is whole)."""
    output = output.resolve()
    old: Path | None = None
    if output.exists():
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.replace(output, old)
    os.replace(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def answers_template(fields: list[FieldState], given: dict[str, Any]) -> str:
    """An answers file listing every human field (and human table cell) with what to write."""
    lines = [
        "# carborder filing answers: fill the human fields, then build again with --answers FILE.",
        "# A value is text, or {zh: ..., en: ...} when the English translation should differ.",
        "# carborder supports compliance work; it is not legal advice.",
        "",
    ]
    for state in fields:
        spec = state.spec
        humanish = state.filled.human or bool(state.filled.missing)
        if not humanish and spec.kind.value != "human":
            continue  # filled from the records
        req = "required" if spec.required else "optional"
        lines.append(f"# {spec.label.zh} / {spec.label.en} ({req}; {', '.join(state.documents)})")
        if spec.help is not None:
            lines.append(f"#   {spec.help.zh} / {spec.help.en}")
        cells = [m for m in state.filled.missing if "[" in m]
        if cells:
            lines.append(f"{_yaml_str(state.id)}:")
            for m in cells:
                row = m[m.index("[") + 1 : m.index("]")]
                col = m.split(".")[-1]
                lines.append(f'  {_yaml_str(row)}: {{{col}: ""}}')
            lines.append("")
            continue
        value = given.get(state.id)
        shown = (
            _yaml_str(value)
            if isinstance(value, str)
            else ("" if value is None else json.dumps(value, ensure_ascii=False))
        )
        lines.append(f"{_yaml_str(state.id)}: {shown}".rstrip())
        lines.append("")
    return "\n".join(lines) + "\n"


def write_zip(
    staging: Path,
    name: str,
    body: dict[str, Any],
    key_dir: Path,
    stamp: date,
) -> tuple[Path, str]:
    """Sign a manifest of every staged file and pack them with it into ``name`` (a ZIP).

    Returns:
        (path of the ZIP inside staging, SHA-256 of the manifest).
    """
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    body = {**body, "files": [file_entry(staging, p) for p in files]}
    signed = sign_manifest(body, load_or_create_signing_key(key_dir))
    manifest = json.dumps(signed, ensure_ascii=False, indent=2, sort_keys=True).encode() + b"\n"
    zpath = staging / name
    when = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
    tmp = zpath.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            info = zipfile.ZipInfo(p.relative_to(staging).as_posix(), date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, p.read_bytes())
        info = zipfile.ZipInfo(MANIFEST_NAME, date_time=when)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, manifest)
    os.replace(tmp, zpath)
    import hashlib

    return zpath, hashlib.sha256(manifest).hexdigest()


def verify_pack(zip_path: Path, *, workspace: Path | None = None) -> ManifestReport:
    """Verify a filing ZIP: its signed manifest against every file in it (and the workspace key).

    Raises:
        FilingError: the file is not a readable ZIP.
    """
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FilingError(Msg("err-zip-unreadable", detail=str(exc)), file=zip_path) from None
    trusted = load_public_key_b64(workspace / ".carborder" / "keys") if workspace else None
    with zf, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for member in zf.namelist():
            target = (root / member).resolve()
            if root.resolve() not in target.parents:
                report = ManifestReport(zip_path)
                report.problems.append(f"unsafe path in ZIP: {member!r}")
                return report
        zf.extractall(root)
        report = verify_manifest(root, trusted_public_key=trusted)
        report.directory = zip_path
        return report


def read_filing_json(directory: Path) -> dict[str, Any]:
    """filing.json of a filing folder.

    Raises:
        FilingError: missing or unreadable.
    """
    path = directory / FILING_JSON
    if not path.is_file():
        raise FilingError(
            Msg("err-no-filing-json", name=FILING_JSON),
            file=directory,
            hint=Msg("hint-no-filing-json"),
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FilingError(
            Msg("err-filing-json-unreadable", name=FILING_JSON, detail=str(exc)),
            file=path,
            hint=Msg("hint-build-again"),
        ) from None
    if not isinstance(data, dict) or "documents" not in data:
        raise FilingError(
            Msg("err-filing-json-empty", name=FILING_JSON), file=path, hint=Msg("hint-build-again")
        )
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write JSON (UTF-8, sorted keys, trailing newline)."""
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def digest(data: dict[str, Any]) -> str:
    """SHA-256 of canonical JSON."""
    import hashlib

    return hashlib.sha256(canonical_json(data)).hexdigest()


def stamp_datetime(day: date) -> datetime:
    """Creation stamp for documents of a filing dated ``day`` (reproducible output)."""
    from datetime import UTC

    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def zip_sha256(path: Path) -> str:
    """SHA-256 of a file."""
    return sha256_file(path)
