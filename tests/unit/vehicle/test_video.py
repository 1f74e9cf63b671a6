"""Video de-identification keeps every frame and its timestamp; plates are gone afterwards."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")
cv2 = pytest.importorskip("cv2")

from carborder.deid.media import deidentify_video  # noqa: E402
from carborder.demo.vehicle import demo_frame  # noqa: E402
from carborder.errors import ScanInputError  # noqa: E402
from carborder.scan.vehicle import scan_vehicle_file  # noqa: E402


def _pts(path: Path) -> list[tuple[int, Fraction]]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        return [(f.pts, f.time_base) for f in c.decode(s)]


@pytest.fixture()
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "front.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=Fraction(12, 1))
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        for i in range(12):
            img = cv2.imdecode(np.frombuffer(demo_frame(i), np.uint8), cv2.IMREAD_COLOR)
            for p in stream.encode(av.VideoFrame.from_ndarray(img, format="bgr24")):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)
    return path


def test_video_deid_keeps_frames_and_timing(clip: Path, tmp_path: Path) -> None:
    facts = scan_vehicle_file(clip)["facts"]
    assert facts["camera.plates_visible"] is True and "camera_video" in facts["content.kinds"]
    out = tmp_path / "clean.mp4"
    assert deidentify_video(clip, out) == 12
    before, after = _pts(clip), _pts(out)
    assert len(after) == len(before) == 12
    assert [float(p * tb) for p, tb in before] == [float(p * tb) for p, tb in after]
    assert "camera.plates_visible" not in scan_vehicle_file(out)["facts"]


def test_broken_video_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 64)
    with pytest.raises(ScanInputError):
        scan_vehicle_file(bad)


def test_failed_video_deid_leaves_no_output(clip: Path, tmp_path: Path) -> None:
    from carborder.scan.detectors.vision import Box, Image, ImageDetector, VisionPipeline

    class FailsOnFifthFrame(ImageDetector):
        name = "test.fails"
        labels = ("face",)
        seen = 0

        def detect(self, image: Image) -> list[Box]:
            self.seen += 1
            if self.seen == 5:
                raise RuntimeError("detector crashed")
            return []

    out = tmp_path / "clean.mp4"
    with pytest.raises(RuntimeError, match="crashed"):
        deidentify_video(clip, out, pipeline=VisionPipeline([FailsOnFifthFrame()]))
    assert not out.exists()


def test_video_deid_search_modes_both_hide_the_plates(clip: Path, tmp_path: Path) -> None:
    from carborder.deid.media import MediaDeidPlan
    from carborder.scan.detectors.vision import SearchMode

    for mode in SearchMode:
        out = tmp_path / f"clean_{mode.value}.mp4"
        assert deidentify_video(clip, out, MediaDeidPlan(search=mode)) == 12
        assert "camera.plates_visible" not in scan_vehicle_file(out)["facts"]


def test_video_deid_runs_opencv_on_one_thread_and_restores_its_setting(
    clip: Path, tmp_path: Path
) -> None:
    from carborder.scan.detectors.vision import Box, Image, ImageDetector, VisionPipeline

    class RecordsOpenCVThreads(ImageDetector):
        name = "test.threads"
        labels = ("face",)

        def __init__(self, fail_at: int | None = None) -> None:
            self.threads: list[int] = []
            self.fail_at = fail_at

        def detect(self, image: Image) -> list[Box]:
            self.threads.append(cv2.getNumThreads())
            if len(self.threads) == self.fail_at:
                raise RuntimeError("detector crashed")
            return []

    before = cv2.getNumThreads()
    cv2.setNumThreads(3)
    try:
        seen = RecordsOpenCVThreads()
        deidentify_video(clip, tmp_path / "a.mp4", pipeline=VisionPipeline([seen]))
        assert seen.threads == [1] * 12
        assert cv2.getNumThreads() == 3
        failing = RecordsOpenCVThreads(fail_at=4)
        with pytest.raises(RuntimeError, match="crashed"):
            deidentify_video(clip, tmp_path / "b.mp4", pipeline=VisionPipeline([failing]))
        assert cv2.getNumThreads() == 3
    finally:
        cv2.setNumThreads(before)


def test_encoder_colour_conversion_matches_pyav_and_takes_odd_sizes() -> None:
    from carborder.deid.media.video import yuv420p_frame

    image = cv2.imdecode(np.frombuffer(demo_frame(3), np.uint8), cv2.IMREAD_COLOR)
    ours = yuv420p_frame(image)
    theirs = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
    assert ours.format.name == theirs.format.name == "yuv420p"
    back = ours.to_ndarray(format="bgr24").astype(np.int16)
    assert np.abs(back - theirs.to_ndarray(format="bgr24")).mean() < 2.0
    assert np.abs(back - image).mean() < 3.0
    odd = yuv420p_frame(np.ascontiguousarray(image[:359, :639]))
    assert (odd.width, odd.height, odd.format.name) == (639, 359, "yuv420p")
