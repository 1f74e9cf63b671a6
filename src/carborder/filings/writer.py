"""Write a planned filing: documents, filing.json, answers template, signed ZIP, audit event."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from carborder.filings.answers import Answers
from carborder.filings.catalogue import Catalogue
from carborder.filings.events import FilingGenerated
from carborder.filings.pack import (
    ANSWERS_TEMPLATE,
    FILING_JSON,
    answers_template,
    prepare_output,
    publish,
    stamp_datetime,
    write_json,
    write_zip,
    zip_sha256,
)
from carborder.filings.results import DocumentEntry, FilingPlan, FilingResult
from carborder.workspace.config import Workspace

__all__ = ["FORMAT", "write_filing"]

#: Format tag of filing.json.
FORMAT = "carborder-filing/1"


def write_filing(
    ws: Workspace,
    cat: Catalogue,
    plan: FilingPlan,
    output: Path,
    fmts: list[str],
    day: date,
    answers: Answers,
    actor: str,
    *,
    name: str,
    year: int | None = None,
) -> FilingResult:
    """Render every document, write the folder atomically, then record the audit event.

    Raises:
        FilingError: fonts missing for PDF, or the output folder cannot be used.
    """
    from carborder.filings.render_docx import render_docx
    from carborder.filings.render_pdf import render_pdf

    if "pdf" in fmts:
        from carborder.filings.fonts import resolve_fonts

        resolve_fonts(cat.fonts)  # fail before anything is written
    staging = prepare_output(output)
    created = stamp_datetime(day)
    entries: list[DocumentEntry] = []
    try:
        for doc in plan.docs:
            index = plan.documents.index(doc.kind) + 1
            for fmt in fmts:
                rel = f"{doc.lang}/{index:02d}-{doc.kind}.{fmt}"
                path = staging / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                data = (
                    render_docx(doc, cat, created=created)
                    if fmt == "docx"
                    else render_pdf(doc, cat, created=created)
                )
                path.write_bytes(data)
                entries.append(
                    DocumentEntry(
                        kind=doc.kind,
                        lang=doc.lang,
                        format=fmt,
                        path=rel,
                        title=doc.title,
                        edition=doc.edition,
                        missing_human_fields=list(doc.meta["missing_human_fields"]),
                    )
                )
        body = _filing_json(plan, entries, day, cat, year)
        write_json(staging / FILING_JSON, body)
        given = {k: v.zh for k, v in answers.texts.items()}
        (staging / ANSWERS_TEMPLATE).write_text(
            answers_template(list(plan.fields.values()), given), encoding="utf-8"
        )
        manifest_body = {
            "kind": "filing",
            "flow": plan.flow or f"annual-report-{year}",
            "decision_id": plan.decision_id or "",
            "pathway": plan.pathway,
            "documents": plan.documents,
            "complete": plan.complete,
            "as_of": day.isoformat(),
        }
        zpath, manifest_sha = write_zip(staging, name, manifest_body, ws.state_dir / "keys", day)
        pack_sha = zip_sha256(zpath)
        publish(staging, output)
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise
    _audit(ws, plan, actor, name, pack_sha, manifest_sha, year)
    out = output.resolve()
    return FilingResult(
        directory=out,
        flow=plan.flow,
        pathway=plan.pathway,
        documents=entries,
        pack_zip=out / name,
        filing_json=out / FILING_JSON,
        complete=plan.complete,
        missing=plan.missing,
    )


def _audit(
    ws: Workspace,
    plan: FilingPlan,
    actor: str,
    name: str,
    pack_sha: str,
    manifest_sha: str,
    year: int | None,
) -> None:
    from carborder.store.repository import Store

    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        store.record_event(
            FilingGenerated(
                flow_id=plan.flow,
                year=year,
                pathway=plan.pathway,
                decision_id=plan.decision_id,
                documents=plan.documents,
                forced=plan.forced is not None,
                complete=plan.complete,
                pack=name,
                pack_sha256=pack_sha,
                manifest_sha256=manifest_sha,
            ),
            actor=actor,
        )
    finally:
        store.close()


def _filing_json(
    plan: FilingPlan, entries: list[DocumentEntry], day: date, cat: Catalogue, year: int | None
) -> dict[str, Any]:
    from carborder.i18n import messages

    docs_meta = {d.kind: d.meta for d in plan.docs if d.lang == "zh"} or {
        d.kind: d.meta for d in plan.docs
    }
    return {
        "format": FORMAT,
        "flow": plan.flow,
        "year": year,
        "pathway": plan.pathway,
        "decision_id": plan.decision_id,
        "mechanism": plan.mechanism,
        "as_of": day.isoformat(),
        "forced": plan.forced,
        "complete": plan.complete,
        "documents": [e.to_json() for e in entries],
        "templates": {
            kind: {
                "edition": m["edition"],
                "source": m["source"],
                "source_date": m["source_date"],
                "source_href": m["source_href"],
                "source_copy": m["source_copy"],
                "confidence": m["confidence"],
                "sha256": cat.digests[kind],
                "headings_verified": m["headings_verified"],
                "headings_reconstructed": m["headings_reconstructed"],
            }
            for kind, m in docs_meta.items()
        },
        "missing_human_fields": [m.field for m in plan.missing],
        "lint": [f.to_json() for f in plan.lint],
        "fields": {fid: s.to_json() for fid, s in sorted(plan.fields.items())},
        "only_zh_is_fileable": True,
        "disclaimer": {lang: messages(lang)("disclaimer") for lang in ("zh", "en")},
    }
