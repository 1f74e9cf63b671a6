"""The decision for one flow: pathway, status, reasons, obligations and the full trace."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApprovalCheck",
    "Citation",
    "Decision",
    "ExemptionCheck",
    "GateCheck",
    "ImportantReview",
    "ItemMatch",
    "MissingCount",
    "Note",
    "ObligationDue",
    "PISummary",
    "Pathway",
    "ScopeChange",
    "Status",
    "TraceStep",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Pathway(StrEnum):
    """The legal mechanism a flow needs (heaviest applicable wins)."""

    EXEMPT = "exempt"
    STANDARD_CONTRACT_OR_CERTIFICATION = "standard_contract_or_certification"
    SECURITY_ASSESSMENT = "security_assessment"


class Status(StrEnum):
    """May the flow go now."""

    ALLOWED = "allowed"
    NEEDS_APPROVAL = "needs_approval"
    BLOCKED = "blocked"
    NEEDS_REVIEW = "needs_review"


class Citation(_Frozen):
    """An instrument and article, with titles for output."""

    instrument: str
    article: str
    short: str = Field(description="Short instrument name, e.g. '2024 Provisions'.")
    title_zh: str
    title_en: str
    note: str | None = None


class TraceStep(_Frozen):
    """One rule evaluated: inputs read, parameter values used, result, citations."""

    rule: str
    kind: str
    asset: str | None = None
    result: str = Field(description="true, false, unknown or n/a")
    inputs: dict[str, Any] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)
    cites: list[Citation] = Field(default_factory=list)
    confidence: str
    note: str | None = None


class ItemMatch(_Frozen):
    """An important-data catalogue item that an asset matches (or may match)."""

    item: str
    asset: str
    result: str = Field(description="matched (incl. declared) or unknown")
    title_zh: str
    title_en: str
    catalogue: str
    proxy: bool
    confidence: str
    missing: list[str] = Field(default_factory=list, description="Facts needed to decide.")


class ExemptionCheck(_Frozen):
    """An exemption considered and why it did or did not apply."""

    id: str
    applied: bool
    result: str
    covers: list[str]
    title_zh: str
    title_en: str
    why: str


class GateCheck(_Frozen):
    """A hard gate that applies (or may apply) and whether an approval opens it."""

    id: str
    result: str
    requires: str | None
    approval: str | None
    open: bool
    title_zh: str
    title_en: str


class ObligationDue(_Frozen):
    """A duty following from the decision, with its due date where one is computable."""

    id: str
    title_zh: str
    title_en: str
    deadline: str = Field(description="before_export, working_days_after, annual, ...")
    due: date | None = None
    window_opens: date | None = None
    calendar: str = Field(
        default="official", description="official holiday calendar, or estimated (Mon–Fri)."
    )
    conditional: bool = Field(
        default=False, description="True when it applies only if an unknown fact turns out so."
    )
    cites: list[Citation] = Field(default_factory=list)
    precedes: list[str] = Field(
        default_factory=list, description="Obligations that may only be performed after this one."
    )


class ScopeChange(_Frozen):
    """One dimension in which a flow left the scope an approval recorded."""

    approval: str = Field(description="Approval id.")
    dimension: str = Field(
        description="purposes, activities, recipients, assets, content_kinds, pi_kinds, "
        "sensitive_kinds, storage or storage_period"
    )
    found: list[str] = Field(
        default_factory=list, description="What the flow has now outside the scope."
    )
    approved: list[str] = Field(default_factory=list, description="What the approval recorded.")
    known: bool = Field(default=True, description="False: the flow's value is not known now.")


class ApprovalCheck(_Frozen):
    """Whether the approval the pathway needs is held."""

    status: str = Field(
        description="covered, expiring, expired, changed, unscoped, missing, insufficient, "
        "not_required"
    )
    required: list[str] = Field(default_factory=list, description="Approval kinds that suffice.")
    approvals: list[str] = Field(default_factory=list, description="Approvals considered.")
    valid_until: date | None = None
    extension_window_opens: date | None = None
    changes: list[str] = Field(
        default_factory=list,
        description="How the flow left the scope its approval was granted for.",
    )
    scope_changes: list[ScopeChange] = Field(
        default_factory=list,
        description="The same changes, one per approval and dimension (for explanations).",
    )
    unscoped: list[str] = Field(
        default_factory=list,
        description="Approvals recorded without the scope they were granted for.",
    )


class MissingCount(_Frozen):
    """An asset whose people were not counted, and the fact that would count them."""

    asset: str
    fact: str


class PISummary(_Frozen):
    """Personal information the flow carries, and the handler's year-to-date totals."""

    present: bool | None
    sensitive_present: bool | None
    kinds: list[str] = Field(default_factory=list)
    sensitive_kinds: list[str] = Field(default_factory=list)
    individuals: int | None = None
    sensitive_individuals: int | None = None
    ytd_individuals: int | None = None
    ytd_sensitive_individuals: int | None = None
    counts_toward_thresholds: bool = True
    ytd_unknown: list[MissingCount] = Field(
        default_factory=list,
        description="Assets whose unknown count makes a year-to-date total unknown, and the "
        "fact to declare for each.",
    )


class ImportantReview(_Frozen):
    """A person's recorded review of an asset against the important-data catalogue, as applied.

    ``status``: ``settles`` (the review decides the items that were unknown only for lack of
    facts about the data's content), ``reopened`` (some item matches anyway, so the review is
    contradicted and settles nothing), ``incomplete`` (no reviewer or no date recorded) or
    ``after_decision_date`` (dated after the day decided).
    """

    asset: str
    status: str = Field(description="settles, reopened, incomplete or after_decision_date")
    reviewed_by: str | None = None
    reviewed_on: date | None = None
    settled: list[str] = Field(
        default_factory=list, description="Catalogue items the review decided as not matched."
    )
    contradicted_by: list[str] = Field(
        default_factory=list, description="Catalogue items that match despite the review."
    )
    facts: dict[str, Any] = Field(
        default_factory=dict, description="Facts that made the contradicting items match."
    )


class Note(_Frozen):
    """A review note for a person."""

    id: str
    effect: str
    asset: str | None
    text_zh: str
    text_en: str


class Decision(_Frozen):
    """The answer for one flow; rendered, stored and replayed as is."""

    decision_id: str
    input_digest: str
    flow: str
    activity: str
    recipient: str
    pathway: Pathway
    status: Status
    reasons: list[str] = Field(description="Rule ids that determined pathway and status.")
    summary_zh: str
    summary_en: str
    important_data: list[ItemMatch] = Field(default_factory=list)
    pi: PISummary
    exemptions: list[ExemptionCheck] = Field(default_factory=list)
    gates: list[GateCheck] = Field(default_factory=list)
    obligations: list[ObligationDue] = Field(default_factory=list)
    approval: ApprovalCheck
    notes: list[Note] = Field(default_factory=list)
    reviews: list[ImportantReview] = Field(
        default_factory=list, description="Important-data reviews recorded on the flow's assets."
    )
    missing_facts: list[str] = Field(default_factory=list)
    confidence: str = Field(description="Weakest confidence among the rules that determined it.")
    cites: list[Citation] = Field(default_factory=list)
    trace: list[TraceStep] = Field(default_factory=list)
    pack: str
    as_of: date
    disclaimer: str
