"""What media de-identification does to a file, validated before any data is touched."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, SecretBytes

from carborder.scan.detectors.vision.pipeline import SearchMode

__all__ = ["GnssMode", "MediaDeidPlan", "RegionMode"]


class RegionMode(StrEnum):
    """How face and plate boxes are hidden."""

    PIXELATE = "pixelate"
    BLUR = "blur"
    FILL = "fill"
    #: Paint the region over from its surroundings: nothing of the original is left inside,
    #: and no plate-shaped patch remains for a re-scan to find.
    ERASE = "erase"
    KEEP = "keep"


class GnssMode(StrEnum):
    """What happens to GNSS fixes."""

    KEEP = "keep"
    COARSEN = "coarsen"
    DROP = "drop"


class MediaDeidPlan(BaseModel):
    """Parameters of media de-identification (images, video, bags, MCAP, CAN)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    regions: RegionMode = Field(default=RegionMode.PIXELATE, description="How faces are hidden.")
    plates: RegionMode = Field(
        default=RegionMode.ERASE,
        description=(
            "How plates are hidden. A pixelated or blurred plate still has a plate's shape, "
            "so the learned detector (and the re-scan that proves the export) still sees a "
            "plate there; erase leaves none."
        ),
    )
    pad: float = Field(
        default=0.15,
        ge=0.0,
        le=2.0,
        description="Padding, share of size: boxes grow by it, plate quadrilaterals too.",
    )
    search: SearchMode | None = Field(
        default=None,
        description=(
            "How hard detectors look: realtime or batch; unset = realtime for video and "
            "bag/MCAP camera streams, batch for still images."
        ),
    )
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
