"""Year-to-date head counts of people whose personal information already left China."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from carborder.model._base import Strict

__all__ = ["Counters"]


class Counters(Strict):
    """Distinct individuals exported since 1 January of the decision year, per handler."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    individuals: int = Field(
        default=0, ge=0, alias="pi.individuals", description="Non-sensitive PI individuals."
    )
    sensitive_individuals: int = Field(
        default=0, ge=0, alias="pi.sensitive_individuals", description="Sensitive PI individuals."
    )
