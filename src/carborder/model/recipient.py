"""The overseas party that receives or accesses the data."""

from __future__ import annotations

from pydantic import Field, field_validator

from carborder.model._base import Strict
from carborder.model.countries import country_code

__all__ = ["Recipient"]


class Recipient(Strict):
    """An overseas recipient."""

    id: str = Field(description="Stable id of the recipient.")
    name: str | None = Field(default=None, description="Legal name.")
    country: str = Field(
        description="ISO 3166 alpha-2 country code, e.g. 'DE' (codes and zh/en names such as "
        "'Germany' or '德国' are accepted and normalised to the code)."
    )
    relation: str | None = Field(
        default=None, description="affiliate, supplier, customer, processor, ..."
    )
    safeguards: list[str] = Field(
        default_factory=list, description="Contractual/technical measures."
    )

    @field_validator("country", mode="before")
    @classmethod
    def _iso_code(cls, value: object) -> object:
        # normalised once here, so rules, reports and the web all read the same code
        return country_code(value) if isinstance(value, str) else value
