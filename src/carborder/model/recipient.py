"""The overseas party that receives or accesses the data."""

from __future__ import annotations

from pydantic import Field

from carborder.model._base import Strict

__all__ = ["Recipient"]


class Recipient(Strict):
    """An overseas recipient."""

    id: str = Field(description="Stable id of the recipient.")
    name: str | None = Field(default=None, description="Legal name.")
    country: str = Field(description="ISO 3166 alpha-2 country code, e.g. 'DE'.")
    relation: str | None = Field(
        default=None, description="affiliate, supplier, customer, processor, ..."
    )
    safeguards: list[str] = Field(
        default_factory=list, description="Contractual/technical measures."
    )
