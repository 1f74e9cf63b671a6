"""The gateway's second pass over video: faces the video search let through, found by the re-scan.

A small real face (skimage's astronaut) is panned into view from the right edge of a 1280×720
clip. The video search (close windows one per frame, change trigger) hides it from the frame
it is seen whole, but the re-scan, looking at every frame on its own, already finds it on the
frame it half enters: before the second pass the export was refused. Now those frames (± 2)
are re-run with the batch search, spliced in, re-scanned and released; beyond the second
pass's cap it is still refused and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

av = pytest.importorskip("av")
cv2 = pytest.importorskip("cv2")
pytest.importorskip("onnxruntime")
skimage = pytest.importorskip("skimage")

from tests.camera_clip import FRAMES, H, W, camera_flows, entering_face_frames  # noqa: E402

from carborder.deid.media import MediaDeidPlan, deidentify_video  # noqa: E402
from carborder.deid.media.video import frames_with_findings  # noqa: E402
from carborder.gateway import export, verify_manifest  # noqa: E402
from carborder.gateway._media import SECOND_PASS_MARGIN  # noqa: E402


def _entering_face(path: Path) -> None:
    """Write the clip (H.264)."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {"crf": "12"}
        for frame in entering_face_frames():
            for p in stream.encode(av.VideoFrame.from_ndarray(frame, format="bgr24")):
                out.mux(p)
        for p in stream.encode(None):
            out.mux(p)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("video") / "front.mp4"
    _entering_face(path)
    return path


def test_the_video_search_alone_leaves_a_face_the_rescan_finds(clip: Path, tmp_path: Path) -> None:
    """The gap the second pass closes, on this clip: without it the export was refused."""
    out = tmp_path / "out.mp4"
    deidentify_video(clip, out, MediaDeidPlan(regions="fill"))
    assert frames_with_findings(out, frozenset({"face"}))


def test_second_pass_releases_the_video_and_records_it(ws: Path, clip: Path) -> None:
    camera_flows(ws)
    r = export("video_fill", workspace=ws, inputs=[clip], output=ws / "out")
    assert r.status == "released", r.message
    out = ws / "out" / clip.name
    # The released file: every frame there, none with a face the re-scan's detectors find.
    assert frames_with_findings(out, frozenset({"face", "plate"})) == []
    assert r.files[0]["rows"] == FRAMES
    assert any("second pass" in w for w in r.warnings), r.warnings
    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    body = report.manifest["body"]
    second = body["media"][0]["second_pass"]
    assert second["passes"] >= 1 and second["search"] == "batch"
    # The re-scan's evidence named the frames: the output was not looked at again to find them.
    assert second["frames_from"] == "re-scan evidence"
    # The flagged frames and their neighbours, not the whole clip.
    assert 1 + 2 * SECOND_PASS_MARGIN <= second["frames"] < FRAMES
    # The manifest's hash is the spliced file's.
    import hashlib

    assert body["files"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_beyond_the_second_pass_cap_it_is_refused_as_before(
    ws: Path, clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More flagged frames (± margin) than the cap: no second pass, refused, nothing written."""
    from carborder.gateway import _media

    monkeypatch.setattr(_media, "SECOND_PASS_MAX_FRAMES", 2 * SECOND_PASS_MARGIN)
    camera_flows(ws)
    r = export("video_fill", workspace=ws, inputs=[clip], output=ws / "out")
    assert r.status == "refused" and r.reasons == ["gateway.rescan"], r.message
    assert "face" in r.message and "second pass" not in r.message, r.message
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]
