"""Facts about a data set, where each value came from and how two readings combine."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Evidence", "FactRecord", "FactSource", "FactValue", "Facts"]

#: A fact's value: flags, counts, measures, one enum value or a set of enum values.
FactValue = bool | int | float | str | list[str]

#: Facts by dotted name, e.g. ``{"pi.kinds": ["phone", "vin"], "pi.individuals": 1200}``.
Facts = dict[str, FactValue]


class FactSource(StrEnum):
    """Who established a fact."""

    DECLARED = "declared"
    DETECTED = "detected"


class Evidence(BaseModel):
    """Where a detected fact was seen; never carries a raw personal value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(description="Path of the file that was scanned.")
    column: str | None = Field(default=None, description="Column, field, topic or signal.")
    detector: str = Field(description="Detector name, e.g. 'cn.resident_id'.")
    detector_version: str = Field(default="1", description="Detector version.")
    matches: int = Field(default=0, ge=0, description="Validated matches counted.")
    rows: int = Field(default=0, ge=0, description="Rows or messages examined.")
    examples: list[str] = Field(
        default_factory=list, description="A few redacted examples (never raw values)."
    )
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        default=1.0, description="Detector confidence in [0, 1]."
    )
    frames: dict[str, list[int]] | None = Field(
        default=None,
        description=(
            "Camera data: per label (face, plate...), the 0-based numbers of the frames (video "
            "frames, or messages of the topic) it was seen on; a label seen on more frames "
            "than the scan keeps is left out."
        ),
    )


class FactRecord(BaseModel):
    """One fact value with its provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="Dotted fact name from the rulebook vocabulary.")
    value: FactValue = Field(description="The value.")
    source: FactSource = Field(description="Declared by a person or detected by a scan.")
    evidence: list[Evidence] = Field(default_factory=list, description="Where it was seen.")
    at: datetime | None = Field(default=None, description="When it was established (UTC).")
