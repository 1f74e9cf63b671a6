"""Media de-identification: images, video, image and GNSS messages in bags/MCAP, CAN logs."""

from __future__ import annotations

from carborder.deid.media.bags import (
    DeidReport,
    deidentify_mcap,
    deidentify_rosbag1,
    deidentify_rosbag2,
)
from carborder.deid.media.can import CanDeidReport, deidentify_can, vin_pseudonym
from carborder.deid.media.dispatch import deidentify_vehicle_file
from carborder.deid.media.images import deidentify_image
from carborder.deid.media.plan import GnssMode, MediaDeidPlan, RegionMode
from carborder.deid.media.regions import anonymize_frame, hide_boxes
from carborder.deid.media.video import deidentify_video

__all__ = [
    "CanDeidReport",
    "DeidReport",
    "GnssMode",
    "MediaDeidPlan",
    "RegionMode",
    "anonymize_frame",
    "deidentify_can",
    "deidentify_image",
    "deidentify_mcap",
    "deidentify_rosbag1",
    "deidentify_rosbag2",
    "deidentify_vehicle_file",
    "deidentify_video",
    "hide_boxes",
    "vin_pseudonym",
]
