"""Hiding faces and plates in still images: same size and format, nothing left to detect."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from carborder.deid.media import MediaDeidPlan, RegionMode, deidentify_image  # noqa: E402
from carborder.errors import ScanInputError  # noqa: E402
from carborder.scan.vehicle import scan_vehicle_file  # noqa: E402


@pytest.mark.realdata
@pytest.mark.parametrize("mode", [RegionMode.PIXELATE, RegionMode.BLUR])
def test_real_plate_photo_rescans_clean(realdata: Path, tmp_path: Path, mode: RegionMode) -> None:
    src = realdata / "images" / "ccpd" / "demo_0.jpg"
    dst = tmp_path / "out.jpg"
    assert deidentify_image(src, dst, MediaDeidPlan(regions=mode)) >= 1
    before, after = cv2.imread(str(src)), cv2.imread(str(dst))
    assert after.shape == before.shape
    assert dst.read_bytes()[:3] == b"\xff\xd8\xff"
    facts = scan_vehicle_file(dst)["facts"]
    assert "camera.plates_visible" not in facts and "plate" not in facts["pi.kinds"]


def test_face_photo_rescans_clean(tmp_path: Path) -> None:
    skimage = pytest.importorskip("skimage")
    src = Path(skimage.__file__).parent / "data" / "astronaut.png"
    assert scan_vehicle_file(src)["facts"]["camera.faces_visible"] is True
    dst = tmp_path / "astronaut.png"
    deidentify_image(src, dst)
    assert "camera.faces_visible" not in scan_vehicle_file(dst)["facts"]


def test_truncated_jpeg_is_a_clear_error(tmp_path: Path) -> None:
    _ok, buf = cv2.imencode(".jpg", np.full((64, 64, 3), 90, np.uint8))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buf.tobytes()[: len(buf) // 2])
    with pytest.raises(ScanInputError, match="truncated"):
        scan_vehicle_file(cut)
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not a jpeg at all")
    with pytest.raises(ScanInputError, match="not a decodable image"):
        scan_vehicle_file(junk)
