"""A camera clip the video search lets a face through on, and flows that export it.

A small real face (skimage's astronaut) is panned into view from the right edge of a 1280×720
scene: the video search (close windows one per frame) hides it from the frame it is seen
whole, but the re-scan, looking at every frame on its own, already finds it on the frame it
half enters. The gateway's second pass tests use it as video and as a bag's camera topic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import skimage
import yaml

from carborder.scan.detectors.vision import CenterFaceDetector

W, H, FACE, FRAMES, STEP, TOP = 1280, 720, 48, 24, 10, 300

CAMERA_FACTS: dict[str, Any] = {
    "domain": "driving_automation",
    "content.kinds": ["camera_video"],
    "pi.sensitive_kinds": [],
    "geo.in_sensitive_area": False,
    "vehicle_flow": False,
    "survey.pointcloud": False,
    "survey.hd_map": False,
    "survey.imagery": False,
}


def entering_face_frames() -> list[np.ndarray]:
    """The clip's frames: a noise scene panned left 10 px a frame, a 48 px face coming in."""
    photo = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
    (box,) = CenterFaceDetector().detect(photo)
    crop = photo[box.y0 : box.y1, box.x0 : box.x1]
    fh = round(FACE * crop.shape[0] / crop.shape[1])
    width = W + STEP * FRAMES + 10
    noise = np.random.default_rng(5).integers(0, 255, (H // 8 + 20, width // 8 + 20, 3), np.uint8)
    scene = cv2.resize(noise, (width + 160, H + 160), interpolation=cv2.INTER_CUBIC)
    scene[TOP : TOP + fh, W + 10 : W + 10 + FACE] = cv2.resize(crop, (FACE, fh))
    return [np.ascontiguousarray(scene[0:H, STEP * i : STEP * i + W]) for i in range(FRAMES)]


def _add(ws: Path, name: str, key: str, items: list[dict[str, Any]]) -> None:
    path = ws / "inventory" / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc[key].extend(items)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def camera_flows(ws: Path) -> None:
    """Add the drive asset, a flow that fills faces and plates, and its approvals."""
    _add(ws, "assets.yaml", "assets", [{"id": "drive", "facts": CAMERA_FACTS}])
    flows = {"video_fill": {"method": "fill"}}
    _add(
        ws,
        "flows.yaml",
        "flows",
        [
            {
                "id": fid,
                "activity": "transfer",
                "assets": ["drive"],
                "recipient": "rd",
                "scenario": "rd_collaboration",
                "deid": [{"op": "blur_regions", "targets": ["faces", "plates"], **params}],
            }
            for fid, params in flows.items()
        ],
    )
    _add(
        ws,
        "approvals.yaml",
        "approvals",
        [
            {
                "id": "SCC-V",
                "kind": "standard_contract",
                "flows": list(flows),
                "issued": "2026-01-05",
            },
            {"id": "MNR-V", "kind": "mnr_approval", "flows": list(flows), "issued": "2026-01-05"},
        ],
    )


#: Frames of the clip where four faces appear at once (and stay), and the clip's length.
APPEAR_AT, APPEAR_FRAMES = 5, 12


def faces_appear_frames() -> list[np.ndarray]:
    """A still 1280×720 noise scene where four 56 px faces appear at once, far apart.

    The video search looks closely at one window a frame (the most changed first), so it
    finds the four one after another and the re-scan flags the frames in between: a gap that
    does not depend on encoding noise.
    """
    photo = cv2.imread(str(Path(skimage.__file__).parent / "data" / "astronaut.png"))
    (box,) = CenterFaceDetector().detect(photo)
    crop = photo[box.y0 : box.y1, box.x0 : box.x1]
    noise = np.random.default_rng(5).integers(0, 255, (H // 8 + 20, W // 8 + 20, 3), np.uint8)
    scene = cv2.resize(noise, (W + 160, H + 160), interpolation=cv2.INTER_CUBIC)[:H, :W]
    size = 56
    fh = round(size * crop.shape[0] / crop.shape[1])
    face = cv2.resize(crop, (size, fh), interpolation=cv2.INTER_AREA)
    shown = scene.copy()
    for x, y in ((100, 100), (1100, 150), (600, 550), (150, 560)):
        shown[y : y + fh, x : x + size] = face
    return [np.ascontiguousarray(scene if i < APPEAR_AT else shown) for i in range(APPEAR_FRAMES)]
