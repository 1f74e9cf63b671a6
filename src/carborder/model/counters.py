"""Year-to-date head counts of people whose personal information already left China."""

from __future__ import annotations

from typing import Self

from pydantic import ConfigDict, Field, model_validator

from carborder.errors import Msg, MsgValueError
from carborder.model._base import Strict

__all__ = ["Counters"]


class Counters(Strict):
    """Distinct individuals exported since 1 January of ``year``, per handler.

    The thresholds count per calendar year, so a count means nothing without its year: counts
    above zero must name it, and they apply only to decisions dated in that year (on 1 January
    the count restarts from zero).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    year: int | None = Field(
        default=None,
        ge=1900,
        le=9999,
        description="Calendar year the counts belong to (required when a count is above zero).",
    )
    individuals: int = Field(
        default=0, ge=0, alias="pi.individuals", description="Non-sensitive PI individuals."
    )
    sensitive_individuals: int = Field(
        default=0, ge=0, alias="pi.sensitive_individuals", description="Sensitive PI individuals."
    )

    @model_validator(mode="after")
    def _counts_name_their_year(self) -> Self:
        if self.year is None and (self.individuals or self.sensitive_individuals):
            raise MsgValueError(Msg("err-counters-year"))
        return self

    def in_year(self, year: int) -> Counters:
        """The counts that apply to a decision dated in ``year`` (zero for another year)."""
        if self.year == year:
            return self
        return Counters(year=year)
