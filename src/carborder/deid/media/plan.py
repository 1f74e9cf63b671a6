"""What media de-identification does to a file, validated before any data is touched."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, SecretBytes

__all__ = ["GnssMode", "MediaDeidPlan", "RegionMode"]


class RegionMode(StrEnum):
    """How face and plate boxes are hidden."""

    PIXELATE = "pixelate"
    BLUR = "blur"
    FILL = "fill"
    KEEP = "keep"


class GnssMode(StrEnum):
    """What happens to GNSS fixes."""

    KEEP = "keep"
    COARSEN = "coarsen"
    DROP = "drop"


class MediaDeidPlan(BaseModel):
    """Parameters of media de-identification (images, video, bags, MCAP, CAN)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    regions: RegionMode = Field(default=RegionMode.PIXELATE, description="Face/plate hiding.")
    pad: float = Field(default=0.15, ge=0.0, le=2.0, description="Box padding, share of size.")
    blocks: int = Field(default=6, ge=2, le=64, description="Pixelation blocks across a box.")
    gnss: GnssMode = Field(default=GnssMode.COARSEN, description="GNSS fixes: keep/coarsen/drop.")
    gnss_grid_deg: float = Field(
        default=0.01, gt=0.0, le=10.0, description="Coarsening grid in degrees (0.01 ≈ 1.1 km)."
    )
    drop_topics: list[str] = Field(default_factory=list, description="Topics removed entirely.")
    drop_can_ids: list[int] = Field(default_factory=list, description="CAN IDs removed.")
    vin_key: SecretBytes | None = Field(
        default=None, description="HMAC-SHA-256 key for VIN pseudonyms in CAN; never logged."
    )
