"""One outbound activity: which assets go to which recipient, how and why."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from carborder.model._base import Strict

__all__ = ["Activity", "DeidStep", "Flow", "OverseasStorage"]


class Activity(StrEnum):
    """The three outbound behaviours of the 2026 guideline."""

    TRANSFER = "transfer"
    REMOTE_ACCESS = "remote_access"
    OFFSHORE_PROCESSING = "offshore_processing"


class DeidStep(Strict):
    """One de-identification step: ``{op: NAME, ...params}`` (params inline or under ``params``)."""

    op: str = Field(description="Operator name, e.g. 'pseudonymise'.")
    params: dict[str, Any] = Field(default_factory=dict, description="Operator parameters.")

    @model_validator(mode="before")
    @classmethod
    def _inline_params(cls, data: Any) -> Any:
        # `{op: generalise_geo, precision_m: 1000}` reads better in an inventory than a nested
        # mapping; both spellings are accepted and normalised here.
        if isinstance(data, dict) and set(data) - {"op", "params"}:
            params = dict(data.get("params") or {})
            params.update({k: v for k, v in data.items() if k not in ("op", "params")})
            return {"op": data.get("op"), "params": params}
        return data


class OverseasStorage(Strict):
    """Where and how long the recipient keeps the data abroad."""

    location: str = Field(description="Country (ISO 3166 alpha-2) or place of storage abroad.")
    period_months: int | None = Field(
        default=None, ge=0, description="Storage period in months; null = not stated."
    )


class Flow(Strict):
    """An outbound flow of data."""

    id: str = Field(description="Stable id of the flow.")
    name: str | None = Field(default=None, description="Human-readable name.")
    activity: Activity = Field(description="transfer, remote_access or offshore_processing.")
    assets: list[str] = Field(min_length=1, description="Ids of the assets the flow carries.")
    recipient: str = Field(description="Id of the overseas recipient.")
    scenario: str = Field(default="other", description="Business purpose (rulebook vocabulary).")
    reported: list[str] = Field(
        default_factory=list,
        description="Prior reports/filings: vulnerability_to_miit, incident_reported, ota_filed.",
    )
    truly_necessary: bool | None = Field(
        default=None,
        description=(
            "The handler has assessed and recorded that providing this data abroad is truly "
            "necessary for the scenario (null = not assessed, which no necessity test accepts)."
        ),
    )
    foreign_judicial_request: bool = Field(
        default=False, description="Requested by a foreign judicial or law-enforcement body."
    )
    volume_per_year: int | None = Field(default=None, ge=0, description="Expected records a year.")
    deid: list[DeidStep] = Field(default_factory=list, description="De-identification plan.")
    overseas_storage: OverseasStorage | None = Field(
        default=None, description="Where and how long the data is kept abroad; null = not stated."
    )
