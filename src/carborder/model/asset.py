"""A data set held in China, described by declared facts."""

from __future__ import annotations

from pydantic import Field

from carborder.model._base import Strict
from carborder.model.facts import Facts

__all__ = ["Asset"]


class Asset(Strict):
    """A data set and what a person declares about its content."""

    id: str = Field(description="Stable id of the asset.")
    name: str | None = Field(default=None, description="Human-readable name.")
    description: str | None = Field(default=None, description="What the data set is.")
    location: str | None = Field(default=None, description="Where it is stored (path, bucket, DB).")
    paths: list[str] = Field(
        default_factory=list, description="Files or globs holding the data, for scans."
    )
    facts: Facts = Field(default_factory=dict, description="Declared facts, by dotted name.")
