"""The release stage: the signed manifest, the ``committing`` record, the atomic rename.

The manifest is written last into the temp dir; the run is recorded as ``committing`` with
its pending counter delta; then the temp dir is renamed into place (the commit point) and
the parent fsynced. A kill before the rename leaves only a hidden temp dir and no counter
change; a kill after it leaves a complete, signed output whose delta waits in the run row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from carborder.audit.chain import format_time
from carborder.errors import InputError, Msg
from carborder.gateway.context import RunContext
from carborder.gateway.counting import pending_blobs
from carborder.gateway.files import LockedTempDir, commit_dir, sha256_file
from carborder.gateway.manifest import MANIFEST_NAME, sign_manifest, verify_manifest, write_manifest
from carborder.gateway.result import ExportResult
from carborder.gateway.scanning import ScanOutcome
from carborder.gateway.signing import load_or_create_signing_key, trusted_workspace_keys
from carborder.model.decision import Decision
from carborder.scan.readers.registry import input_bytes
from carborder.store.sketch import DistinctSketch

__all__ = [
    "ManifestInputs",
    "commit",
    "manifest_body",
    "output_in_the_way",
    "unchanged_output",
    "write_signed_manifest",
]


@dataclass(frozen=True)
class ManifestInputs:
    """Everything a manifest body records about one run, gathered by the stages before."""

    decision: Decision
    inputs: list[Path]
    digests: dict[str, str]
    written: list[dict[str, Any]]
    operators: list[dict[str, Any]]
    media_done: list[dict[str, Any]]
    before: ScanOutcome
    after: ScanOutcome
    delta: dict[str, DistinctSketch]
    subject_col: str | None


def manifest_body(ctx: RunContext, m: ManifestInputs) -> dict[str, Any]:
    """The manifest body: run, flow, decision, inputs, files, operators, scans, people."""
    decision = m.decision
    return {
        "run_id": ctx.run_id,
        "flow": ctx.flow.id,
        "asset": ctx.asset,
        "recipient": ctx.flow.recipient,
        "decision_id": decision.decision_id,
        "decision_status": decision.status.value,
        "pathway": decision.pathway.value,
        "pack": decision.pack,
        "as_of": decision.as_of.isoformat(),
        "created": format_time(ctx.clock()),
        "actor": ctx.actor,
        "inputs": [
            {"name": p.name, "sha256": m.digests[str(p)], "bytes": input_bytes(p)} for p in m.inputs
        ],
        "files": m.written,
        "operators": m.operators,
        "scan": {"before": m.before.facts, "after": m.after.facts},
        "individuals": {k: v.estimate for k, v in sorted(m.delta.items())},
        # the audit chain's head when this manifest was signed: an anchor outside the
        # database, so a rewritten chain no longer contains it (``audit verify --anchor``)
        "audit_head": ctx.store.audit_anchor_head(),
        "identity_basis": _identity_basis(
            m.subject_col, tables=len(m.media_done) < len(m.inputs), media=bool(m.media_done)
        ),
    } | ({"media": m.media_done} if m.media_done else {})


def _identity_basis(subject_col: str | None, *, tables: bool, media: bool) -> str:
    """How individuals were counted: an identifier column or rows of tables, files of media."""
    table_basis = f"column:{subject_col}" if subject_col else "rows"
    if not media:
        return table_basis
    return f"{table_basis}+files" if tables else "files"


def write_signed_manifest(ctx: RunContext, directory: Path, body: dict[str, Any]) -> Path:
    """Sign the body with the workspace key and write ``manifest.json`` (last file, fsynced)."""
    key = load_or_create_signing_key(ctx.workspace / ".carborder" / "keys")
    return write_manifest(directory, sign_manifest(body, key))


def output_in_the_way(output: Path) -> bool:
    """True when ``output`` exists and is not an empty directory."""
    return output.exists() and not (output.is_dir() and not any(output.iterdir()))


def unchanged_output(
    ctx: RunContext, result: ExportResult, output: Path, written: list[dict[str, Any]]
) -> ExportResult:
    """An output already in place: ``unchanged`` if it holds this very export, else bad input.

    Raises:
        InputError: the output directory holds something else.
    """
    report = verify_manifest(output, trusted=trusted_workspace_keys(ctx.workspace))
    same = (
        report.ok
        and report.manifest is not None
        and report.manifest["body"]["flow"] == ctx.flow.id
        and [(f["path"], f["sha256"]) for f in report.manifest["body"]["files"]]
        == [(w["path"], w["sha256"]) for w in written]
    )
    with ctx.store.session() as s:
        ctx.store.update_run(
            s,
            ctx.run_id,
            status="unchanged" if same else "failed",
            finished=ctx.store.now(),
            output=str(output),
        )
    if not same:
        raise InputError(
            Msg("err-output-exists"),
            file=output,
            hint=Msg("hint-output-exists"),
        )
    result.status = "unchanged"
    result.output = output
    result.manifest = output / MANIFEST_NAME
    result.files = written
    result.rows = sum(int(w["rows"] or 0) for w in written)
    result.say(Msg("export-unchanged", output=str(output)))
    return result


def commit(
    ctx: RunContext,
    tmp: LockedTempDir,
    output: Path,
    *,
    decision: Decision,
    manifest_path: Path,
    delta: dict[str, DistinctSketch],
    as_of: date,
) -> None:
    """Record the run as ``committing`` with its pending delta, then rename the temp dir into place."""
    store = ctx.store
    with store.session() as s:
        store.update_run(
            s,
            ctx.run_id,
            status="committing",
            output=str(output),
            decision_id=decision.decision_id,
            manifest_sha256=sha256_file(manifest_path),
            pending={
                "year": as_of.year,
                "handler": ctx.inventory.handler.id,
                "delta": pending_blobs(delta),
            },
        )
    ctx.progress("committing")
    commit_dir(tmp.path, output)
