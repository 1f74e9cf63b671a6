"""Filings as the pages and API show them: auto fields with their source, human fields, completeness.

The documents, fields and provenance come from the filings package (``plan_filing``); the
answers people gave through the server are passed in, so what is shown is exactly what a
build would write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from carborder.errors import Msg
from carborder.web.db.filings import Filing, Filings
from carborder.web.db.jobs import Jobs
from carborder.web.errors import NotFoundError
from carborder.web.schemas import JobOut
from carborder.web.views.jobs import job_out

__all__ = [
    "FieldOut",
    "FilingDetailOut",
    "FilingDocumentOut",
    "FilingOut",
    "built_file",
    "filing_detail",
    "filing_out",
    "filing_plan",
]


class FilingOut(BaseModel):
    """A filing in brief."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Filing id.")
    type: Literal["flow", "annual_report"] = Field(
        description="A flow's filing pack, or the workspace's annual report for one year."
    )
    title: str = Field(description="Title.")
    flow: str | None = Field(default=None, description="Flow covered (flow filings).")
    year: int | None = Field(default=None, description="Year covered (annual reports).")
    status: str = Field(description="draft or signed.")
    version: int = Field(description="Version; answering a field of a signed filing adds one.")
    drafted_by: str = Field(description="Who drafted it.")
    created: str = Field(description="When (UTC).")
    updated: str = Field(description="Last change (UTC).")
    signed_by: str | None = Field(default=None, description="Who signed it (not the drafter).")
    signed: str | None = Field(default=None, description="When signed (UTC).")
    document_sha256: str | None = Field(default=None, description="SHA-256 of the signed pack.")


class FieldOut(BaseModel):
    """One field of the filing: its value and where it came from, or what is still missing."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Field id.")
    kind: Literal["auto", "human"] = Field(description="Filled by carborder or by a person.")
    type: str = Field(description="text or table.")
    required: bool = Field(description="The filing is incomplete while it is empty.")
    label_zh: str = Field(description="Label, Chinese.")
    label_en: str = Field(description="Label, English.")
    help_zh: str | None = Field(default=None, description="What to write, Chinese.")
    help_en: str | None = Field(default=None, description="What to write, English.")
    value: Any = Field(default=None, description="Text {zh, en} or table rows, if filled.")
    sources: list[str] = Field(description="Records behind an auto value, or who answered.")
    missing: list[str] = Field(description="What is still empty.")
    documents: list[str] = Field(description="Documents that use the field.")
    answered_by: str | None = Field(default=None, description="Who gave the human answer.")
    answered_at: str | None = Field(default=None, description="When (UTC).")


class FilingDocumentOut(BaseModel):
    """A document of the last build, downloadable by index."""

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="Download with GET /api/v1/filings/{id}/documents/{index}.")
    kind: str = Field(description="Document kind.")
    lang: str = Field(description="zh or en (only zh is fileable).")
    format: str = Field(description="docx or pdf.")
    title: str = Field(description="Title.")


class FilingDetailOut(BaseModel):
    """A filing with every field, its completeness and its last build."""

    model_config = ConfigDict(frozen=True)

    filing: FilingOut = Field(description="The filing.")
    pathway: str | None = Field(default=None, description="The flow's pathway.")
    documents: list[str] = Field(description="Documents the decision requires.")
    fields: list[FieldOut] = Field(description="Auto fields (with sources) and human fields.")
    required: int = Field(description="Required fields.")
    filled: int = Field(description="Required fields filled.")
    complete: bool = Field(description="Every required field filled and no conflict found.")
    lint: list[dict[str, Any]] = Field(description="Conflicts found in the answers.")
    build: JobOut | None = Field(default=None, description="The last build job.")
    built: list[FilingDocumentOut] = Field(
        default_factory=list, description="Documents of the last successful build."
    )


def filing_out(f: Filing) -> FilingOut:
    """A filing for the API."""
    return FilingOut(
        id=f.id,
        type="annual_report" if f.type == "annual_report" else "flow",
        title=f.title,
        flow=f.flow,
        year=f.year,
        status=f.status,
        version=f.version,
        drafted_by=f.drafted_by,
        created=f.created,
        updated=f.updated,
        signed_by=f.signed_by,
        signed=f.signed,
        document_sha256=f.document_sha256,
    )


def _shown(value: Any) -> Any:
    from carborder.filings.values import Table, Text

    if isinstance(value, Text):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, Table):
        return [
            {"row": key, **{c: {"zh": t.zh, "en": t.en} for c, t in cells.items()}}
            for key, cells in value.rows
        ]
    return None


def filing_plan(workspace: Path, filing: Filing, answers: dict[str, Any]) -> Any:
    """The filings package's plan of this filing with these answers (nothing is written)."""
    from carborder.filings import plan_annual_report, plan_filing

    if filing.type == "annual_report" and filing.year is not None:
        return plan_annual_report(
            workspace=workspace,
            year=filing.year,
            answers=answers,
            force=bool(filing.scope.get("force")),
        )
    if filing.flow is None:
        raise NotFoundError(Msg("web-filing-no-flow", id=str(filing.id)))
    return plan_filing(filing.flow, workspace=workspace, answers=answers)


def filing_detail(workspace: Path, filings: Filings, jobs: Jobs, filing_id: str) -> FilingDetailOut:
    """A filing with its fields from a fresh plan, and its last build.

    Raises:
        NotFoundError: no such filing.
        FilingError: the flow or the answers no longer fit the workspace.
    """
    filing = filings.get(filing_id)
    answers = filings.answers(filing_id)
    given = {a.field_id: a for a in answers}
    plan = filing_plan(workspace, filing, {a.field_id: a.value for a in answers})
    fields: list[FieldOut] = []
    for fid, state in plan.fields.items():
        spec = state.spec
        answer = given.get(fid)
        fields.append(
            FieldOut(
                id=fid,
                kind="human" if spec.kind.value == "human" else "auto",
                type=spec.type.value,
                required=spec.required,
                label_zh=spec.label.zh,
                label_en=spec.label.en,
                help_zh=spec.help.zh if spec.help else None,
                help_en=spec.help.en if spec.help else None,
                value=_shown(state.filled.value),
                sources=[f"human:{answer.set_by}@{answer.set_at}"]
                if answer
                else list(state.filled.sources),
                missing=list(state.filled.missing),
                documents=list(state.documents),
                answered_by=answer.set_by if answer else None,
                answered_at=answer.set_at if answer else None,
            )
        )
    required = [f for f in fields if f.required]
    build = jobs.get(filing.job_id) if filing.job_id else None
    built: list[FilingDocumentOut] = []
    if build is not None and build.status == "succeeded" and build.result:
        built = [
            FilingDocumentOut(
                index=i, kind=d["kind"], lang=d["lang"], format=d["format"], title=d["title"]
            )
            for i, d in enumerate(build.result.get("documents", []))
        ]
    return FilingDetailOut(
        filing=filing_out(filing),
        pathway=plan.pathway,
        documents=list(plan.documents),
        fields=fields,
        required=len(required),
        filled=sum(1 for f in required if not f.missing),
        complete=plan.complete,
        lint=[finding.to_json() for finding in plan.lint],
        build=job_out(build) if build is not None else None,
        built=built,
    )


def built_file(workspace: Path, result: dict[str, Any] | None, index: int | None) -> Path:
    """A file of a build's result (a document by index, or the pack with ``None``).

    Raises:
        NotFoundError: no such build or document.
    """
    from carborder.web.paths import inside_workspace

    if not result:
        raise NotFoundError(Msg("web-filing-unbuilt"), hint=Msg("web-hint-filing-unbuilt"))
    if index is None:
        rel = str(result.get("pack_zip") or "")
    else:
        docs = result.get("documents", [])
        if not 0 <= index < len(docs):
            raise NotFoundError(Msg("web-no-document", index=index))
        rel = str(Path(str(result["directory"])) / str(docs[index]["path"]))
    return inside_workspace(workspace, rel)
