"""Filings: drafts per flow, human answers with provenance, completeness, build, sign, download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from carborder.web import actions
from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.permissions import Permission
from carborder.web.schemas import JobStarted
from carborder.web.views.filings import (
    FilingDetailOut,
    FilingOut,
    built_file,
    filing_detail,
    filing_out,
)
from carborder.web.views.jobs import job_out

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, tags=["filings"])
P = Permission


class FilingIn(BaseModel):
    """A filing to draft: a flow's filing pack (``flow``) or the annual report (``year``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    flow: str | None = Field(
        default=None, min_length=1, max_length=128, description="Flow whose filing pack to draft."
    )
    year: int | None = Field(
        default=None, ge=2000, le=9999, description="Year of the annual report to draft."
    )
    force: bool = Field(
        default=False,
        description="Annual report only: draft it although no flow's decision requires it "
        "(the reason is recorded in the pack).",
    )

    @model_validator(mode="after")
    def _one_scope(self) -> FilingIn:
        if (self.flow is None) == (self.year is None):
            raise ValueError("give either flow (a flow's filing pack) or year (the annual report)")
        if self.force and self.year is None:
            raise ValueError("force applies to the annual report only")
        return self


class AnswerIn(BaseModel):
    """A human answer: text (zh), {zh, en}, or table cells {row: {column: text}}; null clears."""

    model_config = ConfigDict(extra="forbid")

    value: str | dict[str, Any] | None = Field(description="The answer.")


class TemplateOut(BaseModel):
    """A document template: kind, edition, source and confidence."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="Document kind.")
    edition: str = Field(description="Edition of the official template.")
    title_zh: str = Field(description="Title, Chinese.")
    title_en: str = Field(description="Title, English.")
    source: str = Field(description="Where the headings come from.")
    confidence: str = Field(description="How sure the headings are.")


@router.get("/filings/templates", response_model=list[TemplateOut], summary="Filing templates")
def get_templates(_p: Annotated[Principal, require(P.FILINGS_READ)]) -> list[TemplateOut]:
    """Document templates carborder can fill, with edition, source and confidence."""
    from carborder.filings import list_templates

    return [
        TemplateOut(
            kind=t.kind,
            edition=t.edition,
            title_zh=t.title_zh,
            title_en=t.title_en,
            source=t.source,
            confidence=t.confidence,
        )
        for t in list_templates()
    ]


@router.get("/filings", response_model=list[FilingOut], summary="Filings")
def get_filings(ctx: Ctx, _p: Annotated[Principal, require(P.FILINGS_READ)]) -> list[FilingOut]:
    """Filings being prepared or signed, newest first."""
    return [filing_out(f) for f in ctx.filings.all()]


@router.post(
    "/filings",
    response_model=FilingOut,
    status_code=status.HTTP_201_CREATED,
    summary="Draft a filing for a flow or the annual report",
)
def post_filing(
    body: FilingIn, ctx: Ctx, principal: Annotated[Principal, require(P.FILINGS_DRAFT)]
) -> FilingOut:
    """Start a draft; the flow's decision (or, for a year, every flow's) chooses the documents."""
    if body.year is not None:
        return filing_out(
            actions.draft_annual_report(ctx, year=body.year, force=body.force, actor=principal.name)
        )
    assert body.flow is not None  # the model checks that one of the two is given
    return filing_out(actions.draft_filing(ctx, flow=body.flow, actor=principal.name))


@router.get("/filings/{filing_id}", response_model=FilingDetailOut, summary="One filing")
def get_filing(
    filing_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.FILINGS_READ)]
) -> FilingDetailOut:
    """Every field: auto with its source, human with who answered; completeness; last build."""
    return filing_detail(ctx.workspace.root, ctx.filings, ctx.jobs, filing_id)


@router.put(
    "/filings/{filing_id}/fields/{field_id:path}",
    response_model=FilingOut,
    summary="Answer a human field",
)
def put_field(
    filing_id: str,
    field_id: str,
    body: AnswerIn,
    ctx: Ctx,
    principal: Annotated[Principal, require(P.FILINGS_EDIT)],
) -> FilingOut:
    """Record who answered what (a signed filing gets a new version)."""
    return filing_out(
        actions.answer_filing(ctx, filing_id, field_id, body.value, actor=principal.name)
    )


@router.post(
    "/filings/{filing_id}/build",
    response_model=JobStarted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Build the documents",
)
def build(
    filing_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.FILINGS_DRAFT)]
) -> JobStarted:
    """Write DOCX (and PDF when fonts are installed), zh and en, and the signed ZIP pack."""
    job = actions.build_filing(ctx, filing_id, actor=principal.name, sign=False)
    return JobStarted(job=job_out(job), location=f"/api/v1/jobs/{job.id}")


@router.post(
    "/filings/{filing_id}/sign",
    response_model=JobStarted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Sign a complete filing (not your own draft)",
)
def sign(
    filing_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.FILINGS_SIGN)]
) -> JobStarted:
    """Build the final pack and record the signature; refused for its drafter or if incomplete."""
    job = actions.build_filing(ctx, filing_id, actor=principal.name, sign=True)
    return JobStarted(job=job_out(job), location=f"/api/v1/jobs/{job.id}")


@router.get("/filings/{filing_id}/documents/{index}", summary="Download a built document")
def get_document(
    filing_id: str, index: int, ctx: Ctx, _p: Annotated[Principal, require(P.FILINGS_READ)]
) -> FileResponse:
    """A DOCX or PDF of the last successful build."""
    path = built_file(ctx.workspace.root, actions.last_build(ctx, filing_id), index)
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")


@router.get("/filings/{filing_id}/pack", summary="Download the filing pack (ZIP)")
def get_pack(
    filing_id: str, ctx: Ctx, _p: Annotated[Principal, require(P.FILINGS_READ)]
) -> FileResponse:
    """The ZIP of the last successful build: documents, filing.json, signed manifest."""
    path = built_file(ctx.workspace.root, actions.last_build(ctx, filing_id), None)
    return FileResponse(
        path,
        filename=path.name,
        media_type="application/zip",
        content_disposition_type="attachment",
    )
