"""Shared pydantic configuration for the domain models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Strict"]


class Strict(BaseModel):
    """Base for boundary models: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
