"""Pydantic models of a pack's files: every field a rule may carry, nothing more."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApprovalKind",
    "Cite",
    "Confidence",
    "ContextFact",
    "CountingRule",
    "Deadline",
    "Exemption",
    "FactSpec",
    "Gate",
    "ImportantItem",
    "Instrument",
    "Localized",
    "Obligation",
    "PackMeta",
    "Parameter",
    "ParameterValue",
    "PathwayRule",
    "PathwaySpec",
    "ReviewRule",
    "RuleBase",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(StrEnum):
    """How sure the research is of a rule: read in the source, a secondary report, or unverified."""

    SOURCE = "source"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def rank(self) -> int:
        """Higher is stronger."""
        return {"source": 2, "secondary": 1, "unverified": 0}[self.value]


class Localized(_Strict):
    """A text in Chinese and English."""

    zh: str = Field(description="Chinese text.")
    en: str = Field(description="English text.")

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ('zh' or 'en')."""
        return self.zh if lang == "zh" else self.en


class Cite(_Strict):
    """A citation: an instrument of ``instruments.yaml`` and the article relied on."""

    instrument: str = Field(description="Instrument id from instruments.yaml.")
    article: str = Field(description="Article, section or item, e.g. 'Art. 7' or '§1.6 item 7'.")
    note: str | None = Field(default=None, description="What the article says, in our words.")


class Instrument(_Strict):
    """A law, regulation, measure, guideline or standard."""

    title: Localized = Field(description="Official title (zh) and English rendering.")
    short: str = Field(description="Short name used in output, e.g. 'PIPL'.")
    issuer: str = Field(description="Issuing bodies.")
    number: str | None = Field(default=None, description="Document number, e.g. '网信办令第16号'.")
    issued: date | None = Field(default=None, description="Date issued or published.")
    effective: date | None = Field(default=None, description="Date in force.")
    status: str = Field(description="in force / superseded / draft / recommended standard.")
    href: str | None = Field(default=None, description="Official or best available link.")
    confidence: Confidence = Field(description="Confidence in the metadata above.")


class FactSpec(_Strict):
    """One fact of the vocabulary."""

    type: Literal["bool", "int", "float", "enum", "set", "text", "date"] = Field(
        description="Value type (text: free text such as a reviewer's name; date: YYYY-MM-DD)."
    )
    values: list[str] | None = Field(default=None, description="Allowed values (enum/set).")
    values_from: Literal["catalogue"] | None = Field(
        default=None, description="Allowed values come from the pack, e.g. catalogue item ids."
    )
    merge: Literal["any", "all", "max", "min", "union", "first", "first_domestic"] = Field(
        description="How two readings combine; always the stricter one."
    )
    absent: Literal["unknown", "false", "empty", "zero"] = Field(
        description="How a criterion reads the fact when nobody declared or detected it."
    )
    zh: str = Field(description="Meaning in Chinese.")
    en: str = Field(description="Meaning in English.")


class ContextFact(_Strict):
    """A fact the engine derives from the handler, flow, counters or earlier rules."""

    type: Literal["bool", "int", "float", "enum", "set"] = Field(description="Value type.")
    values: list[str] | None = Field(default=None, description="Allowed values.")
    en: str = Field(description="Meaning in English.")
    zh: str = Field(description="Meaning in Chinese.")


class PathwaySpec(_Strict):
    """A pathway, its weight (heavier wins) and the approvals that satisfy it."""

    id: Literal["exempt", "standard_contract_or_certification", "security_assessment"]
    weight: int = Field(description="Heavier pathways have higher weight.")
    satisfied_by: list[str] = Field(description="Approval kinds that hold this pathway.")
    title: Localized
    cites: list[Cite] = Field(default_factory=list)


class ApprovalKind(_Strict):
    """A kind of approval and where its default validity comes from."""

    title: Localized
    validity_years: str | None = Field(
        default=None, description="Parameter id: years valid from issue when valid_until is null."
    )
    extension_window: str | None = Field(
        default=None, description="Parameter id: working days before expiry to apply for extension."
    )
    rescope_on: list[
        Literal[
            "purposes",
            "activities",
            "recipients",
            "assets",
            "content_kinds",
            "pi_kinds",
            "sensitive_kinds",
            "storage",
        ]
    ] = Field(
        default_factory=list,
        description="Scope dimensions whose change since approval means the approval no longer "
        "covers the flow (re-declaration, re-filing).",
    )
    validity_dated_by: Literal["issued", "as_of"] = Field(
        default="issued",
        description="Read the validity parameter on the issue date (a result keeps the validity of "
        "the rule in force when issued) or on the decision date.",
    )


class PackMeta(_Strict):
    """``pack.yaml``: identity, dates, vocabularies the engine needs."""

    id: str = Field(description="Pack id, e.g. 'cn-auto-2026'.")
    version: str = Field(description="Pack version (semver).")
    effective_from: date = Field(description="First day the pack applies.")
    title: Localized
    disclaimer: Localized
    pathways: list[PathwaySpec] = Field(min_length=1)
    approval_kinds: dict[str, ApprovalKind] = Field(description="Approval kinds by id.")
    scenarios: dict[str, Localized] = Field(description="Flow business scenarios by id.")
    reported: dict[str, Localized] = Field(description="Prior reports/filings a flow may claim.")
    context_facts: dict[str, ContextFact] = Field(description="Facts the engine derives.")


class ParameterValue(_Strict):
    """A parameter's value from one date on, with its citations."""

    value: float | int | str | bool
    confidence: Confidence
    cites: list[Cite] = Field(min_length=1)
    note: str | None = None


class RuleBase(_Strict):
    """Fields every rule file carries."""

    id: str = Field(description="Dotted id equal to the file path under the pack.")
    title: Localized
    description: str | None = None
    cites: list[Cite] = Field(min_length=1, description="Where the rule comes from.")
    confidence: Confidence
    effective_from: date = Field(description="First day the rule applies.")
    effective_until: date | None = Field(default=None, description="Last day, if retired.")
    replaced_by: str | None = Field(default=None, description="Id of the rule that replaces it.")
    last_verified_on: date | None = None
    note: str | None = None


class Parameter(_Strict):
    """A dated number or text: thresholds, validity periods, deadlines."""

    id: str
    title: Localized
    unit: str = Field(description="individuals, years, working_days, metres, ...")
    values: dict[date, ParameterValue] = Field(min_length=1, description="By effective date.")
    last_verified_on: date | None = None


Condition = dict[str, Any]


class ImportantItem(RuleBase):
    """An important-data catalogue item with its criteria over facts."""

    kind: Literal["important_data"] = "important_data"
    domain: str = Field(description="Catalogue domain (scenario) of the item.")
    catalogue: str = Field(description="Which catalogue: g1-2026, m5-2021, ftz-beijing-2024, ...")
    proxy: bool = Field(
        default=False, description="True when the criteria are proxies, not the official text."
    )
    scope: Condition = Field(description="Which data sets the item is about (closed world).")
    criteria: Condition = Field(description="When such a data set is important (open world).")


class Exemption(RuleBase):
    """A case in which no mechanism is needed for some bases."""

    kind: Literal["exemption"] = "exemption"
    covers: list[Literal["important_data", "personal_information"]] = Field(min_length=1)
    when: Condition


class CountingRule(RuleBase):
    """Whose people count toward the year-to-date thresholds (assess, plan and the gateway)."""

    kind: Literal["counting"] = "counting"
    not_counted_when_exempted_by: list[str] = Field(
        min_length=1,
        description="Exemption ids: a flow one of them applies to leaves its people out of the "
        "year-to-date counts.",
    )


class PathwayRule(RuleBase):
    """A trigger for a pathway on a basis (important data / personal information)."""

    kind: Literal["pathway"] = "pathway"
    pathway: Literal["standard_contract_or_certification", "security_assessment"]
    basis: Literal["important_data", "personal_information"]
    when: Condition


class Gate(RuleBase):
    """A hard gate: without its approval the flow is blocked whatever the pathway."""

    kind: Literal["gate"] = "gate"
    scope: Condition = Field(description="Which flows the gate looks at (closed world).")
    when: Condition = Field(description="When the gate applies (open world).")
    requires: str | None = Field(description="Approval kind that opens the gate; null = none can.")


class Deadline(_Strict):
    """When an obligation is due; numbers come from parameters."""

    kind: Literal[
        "before_export", "working_days_after", "annual", "retention", "window_before_expiry"
    ]
    days: Annotated[str | None, Field(description="Parameter id giving the number of days.")] = None
    years: Annotated[str | None, Field(description="Parameter id giving years.")] = None
    month: str | None = Field(default=None, description="Parameter id giving the month.")
    day: str | None = Field(default=None, description="Parameter id giving the day of month.")
    after: Literal["as_of", "approval_issued"] = "as_of"


class Obligation(RuleBase):
    """A duty that follows from a decision, with a deadline."""

    kind: Literal["obligation"] = "obligation"
    when: Condition
    deadline: Deadline
    precedes: list[str] = Field(
        default_factory=list,
        description="Obligation ids that may only be performed after this one (procedural order).",
    )


class ReviewRule(RuleBase):
    """A note for a person: legacy rules, data to re-check; may force ``needs_review``."""

    kind: Literal["review"] = "review"
    scope: Condition = Field(default_factory=dict, description="Closed-world gate.")
    when: Condition
    effect: Literal["note", "needs_review"]
    undecided: Literal["important_data"] | None = Field(
        default=None,
        description="What the rule leaves undecided when it fires; the engine fails closed on it.",
    )
