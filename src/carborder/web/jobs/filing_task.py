"""The filing build job: write the pack with the answers given so far; signing builds it final."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from carborder.errors import Msg
from carborder.store.repository import Store
from carborder.web.db.filings import Filings
from carborder.web.db.jobs import Job, Jobs
from carborder.web.errors import ConflictError

__all__ = ["build_filing_job"]


def _formats() -> str:
    """DOCX and PDF when the PDF fonts are installed, else DOCX only (the filed format)."""
    from carborder.errors import CarborderError
    from carborder.filings import load_catalogue
    from carborder.filings.fonts import resolve_fonts

    try:
        resolve_fonts(load_catalogue().fonts)
    except CarborderError:
        return "docx"
    return "all"


def build_filing_job(workspace: Path, store: Store, jobs: Jobs, job: Job) -> dict[str, Any]:
    """Build the filing of ``job.params['filing_id']``; with ``sign``, record the signature.

    Raises:
        ConflictError: signing an incomplete filing, or one that changed meanwhile.
        SeparationOfDutiesError: the signer drafted it.
    """
    from carborder.filings import build_annual_report, build_filing

    filings = Filings(store)
    filing = filings.get(str(job.params["filing_id"]))
    sign = bool(job.params.get("sign"))
    answers = filings.answer_map(filing.id)
    out_rel = f"filings/web-{filing.id}/v{filing.version}-{job.id}"
    jobs.progress(job.id, 0.1, "building")
    if filing.type == "annual_report" and filing.year is not None:
        result = build_annual_report(
            workspace=workspace,
            year=filing.year,
            output=workspace / out_rel,
            lang="both",
            formats=_formats(),  # type: ignore[arg-type]
            answers=answers,
            force=bool(filing.scope.get("force")),
            actor=job.created_by,
        )
    else:
        assert filing.flow is not None  # a flow filing always names its flow
        result = build_filing(
            filing.flow,
            workspace=workspace,
            output=workspace / out_rel,
            lang="both",
            formats=_formats(),  # type: ignore[arg-type]
            answers=answers,
            actor=job.created_by,
        )
    jobs.progress(job.id, 0.9, "recording")
    pack_sha = hashlib.sha256(result.pack_zip.read_bytes()).hexdigest()
    body: dict[str, Any] = {
        "directory": out_rel,
        "pack_zip": f"{out_rel}/{result.pack_zip.name}",
        "pack_sha256": pack_sha,
        "complete": result.complete,
        "missing": [m.field for m in result.missing],
        "documents": [
            {"kind": d.kind, "lang": d.lang, "format": d.format, "path": d.path, "title": d.title}
            for d in result.documents
        ],
        "version": filing.version,
        "signed": False,
    }
    if sign:
        if not result.complete:
            raise ConflictError(
                Msg("web-filing-incomplete", id=str(filing.id), n=len(result.missing)),
                hint=Msg("web-hint-filing-incomplete"),
            )
        filings.sign(
            filing.id, actor=job.created_by, document_sha256=pack_sha, version=filing.version
        )
        body["signed"] = True
    return body
