"""Telling a file's vehicle format: the suffixes, and no media reader loaded to tell them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from carborder.scan.readers.images import IMAGE_SUFFIXES
from carborder.scan.readers.video import VIDEO_SUFFIXES
from carborder.scan.vehicle import detect_format


def test_image_and_video_suffixes_are_told_apart_from_tables() -> None:
    for suffix in IMAGE_SUFFIXES:
        assert detect_format(Path(f"photo{suffix.upper()}")) == "image"
    for suffix in VIDEO_SUFFIXES:
        assert detect_format(Path(f"clip{suffix}")) == "video"
    assert detect_format(Path("trips.parquet")) is None


def test_telling_a_table_apart_imports_neither_opencv_nor_the_vision_models() -> None:
    # the gateway asks this of every exported file: a tabular export has no use for either
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from carborder.scan.vehicle import detect_format\n"
        "assert detect_format(Path('trips.parquet')) is None\n"
        "print(sorted(m for m in sys.modules if m == 'cv2' or '.vision' in m or 'readers.images' in m"
        " or 'readers.video' in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
