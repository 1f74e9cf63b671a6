"""Scan the inputs, or reuse the stored scan of byte-identical files by the same scanner."""

from __future__ import annotations

import hashlib
from pathlib import Path

from carborder.audit.chain import canonical_json, format_time
from carborder.audit.events import ScanRecorded
from carborder.errors import Msg, ScanInputError
from carborder.gateway.context import RunContext
from carborder.gateway.scanning import Scanner, ScanOutcome
from carborder.store.repository import StoredScan

__all__ = ["scan_inputs"]


def scan_inputs(
    ctx: RunContext, inputs: list[Path], digests: dict[str, str], scanner: Scanner
) -> ScanOutcome:
    """The scan of ``inputs``: stored when the same bytes were scanned alike, else scanned now.

    Reuse needs the same bytes scanned by the same scanner version with the same sensitive areas
    and DBCs (``ctx.scan_key``); anything else could carry less strict facts (fail closed). A new
    scan is stored and audited.
    """
    key_files = {**digests, **{f"<{k}>": k for k in ctx.scan_key}}
    stored = ctx.store.find_scan(list(key_files.values()))
    if stored is not None:
        # Evidence names the files as they were scanned; point it at these byte-identical ones.
        here = {sha: path for path, sha in digests.items()}
        evidence = [
            e | {"file": here.get(stored.files.get(str(e.get("file")), ""), e.get("file"))}
            for e in stored.evidence
        ]
        return ScanOutcome(stored.facts, evidence, stored.columns, stored.rows)
    outcome = scanner(inputs)
    if outcome.errors:
        # Fail closed: a file this scan could not read adds no facts, so a decision on them
        # could take a lighter pathway than the data needs (the re-scan checks the plan's
        # promises, not the pathway). Refuse before deciding, and keep no such scan for reuse.
        path, reason = outcome.errors[0]
        raise ScanInputError(
            Msg(
                "err-export-input-unscanned",
                file=Path(path).name,
                reason=reason,
                count=len(outcome.errors),
            ),
            file=Path(path),
            hint=Msg("hint-export-input-unscanned", file=str(path)),
        )
    scan_id = StoredScan.input_digest(list(key_files.values()))[:32]
    ctx.store.record_scan(
        StoredScan(
            id=scan_id,
            created=format_time(ctx.clock()),
            files=key_files,
            facts=outcome.facts,
            evidence=outcome.evidence,
            columns=outcome.columns,
            rows=outcome.rows,
        )
    )
    ctx.store.record_event(
        ScanRecorded(
            scan_id=scan_id,
            files=sorted(key_files.values()),
            facts_sha256=hashlib.sha256(canonical_json(outcome.facts)).hexdigest(),
        ),
        actor=ctx.actor,
    )
    return outcome
