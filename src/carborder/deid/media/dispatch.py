"""One entry point: de-identify any vehicle file into the same format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carborder.deid.media.plan import MediaDeidPlan
from carborder.errors import Msg, ScanInputError

__all__ = ["deidentify_vehicle_file"]


def deidentify_vehicle_file(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    dbc: list[Path] | None = None,
) -> Any:
    """De-identify ``src`` into ``dst`` (same format); return the operator's report.

    Raises:
        ScanInputError: The format has no media de-identification.
    """
    from carborder.scan.vehicle import detect_format

    fmt = detect_format(src)
    plan = plan or MediaDeidPlan()
    if fmt == "mcap":
        from carborder.deid.media.bags import deidentify_mcap

        return deidentify_mcap(src, dst, plan)
    if fmt == "rosbag1":
        from carborder.deid.media.bags import deidentify_rosbag1

        return deidentify_rosbag1(src, dst, plan)
    if fmt == "rosbag2":
        from carborder.deid.media.bags import deidentify_rosbag2

        return deidentify_rosbag2(src, dst, plan)
    if fmt == "can":
        from carborder.deid.media.can import deidentify_can
        from carborder.scan.readers.can import load_dbc

        return deidentify_can(src, dst, plan, dbc=load_dbc(dbc) if dbc else None)
    if fmt == "image":
        from carborder.deid.media.images import deidentify_image

        return deidentify_image(src, dst, plan)
    if fmt == "video":
        from carborder.deid.media.video import deidentify_video

        return deidentify_video(src, dst, plan)
    raise ScanInputError(Msg("err-no-media-deid", format=fmt or Msg("value-unknown")), file=src)
