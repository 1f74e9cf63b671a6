"""Photos and videos carry location, device and time in their metadata (issue 10.11), and
people in vehicle files are counted by the identifiers they carry, exact only when so (10.12)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from carborder.scan import scan
from carborder.scan.readers.media_meta import image_meta, video_meta


def _jpeg(path: Path, *, gps: bool = True, serial: str | None = "SN-1") -> Path:
    img = Image.fromarray(np.full((64, 64, 3), 128, np.uint8))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "DashCo", "DC-1"
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 15.12), 3: "E", 4: (116.0, 24.0, 26.64), 31: 4.5}
    if serial:
        exif[0x8769] = {0xA431: serial, 0x9003: "2026:05:01 08:00:00"}
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return path


def test_exif_gps_device_and_time(tmp_path: Path) -> None:
    meta = image_meta(_jpeg(tmp_path / "a.jpg"))
    assert meta.read and meta.lat == pytest.approx(39.9042) and meta.lon == pytest.approx(116.4074)
    assert meta.accuracy_m == pytest.approx(4.5)
    assert meta.device_id() == "DashCo|DC-1|SN-1" and meta.time == "2026:05:01 08:00:00"


def test_photo_location_becomes_geo_facts(tmp_path: Path) -> None:
    f = scan(_jpeg(tmp_path / "a.jpg")).facts
    assert f["geo.present"] is True and "location" in f["pi.kinds"]
    assert f["geo.accuracy_m"] == pytest.approx(4.5)


def test_absent_after_reading_vs_not_read(tmp_path: Path) -> None:
    # a JPEG whose metadata was read and holds no position: geo.present is false
    assert scan(_jpeg(tmp_path / "b.jpg", gps=False)).facts["geo.present"] is False
    # BMP carries no metadata carborder reads: position stays unknown
    Image.fromarray(np.zeros((32, 32, 3), np.uint8)).save(tmp_path / "c.bmp")
    assert "geo.present" not in scan(tmp_path / "c.bmp").facts


def test_xmp_location(tmp_path: Path) -> None:
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b'exif:GPSLatitude="31,13.8N" exif:GPSLongitude="121,28.2E" tiff:Make="Drone"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    img = Image.fromarray(np.zeros((32, 32, 3), np.uint8))
    img.save(tmp_path / "x.jpg", "JPEG", xmp=xmp)
    meta = image_meta(tmp_path / "x.jpg")
    assert meta.lat == pytest.approx(31.23) and meta.lon == pytest.approx(121.47)


def test_video_container_location(tmp_path: Path) -> None:
    av = pytest.importorskip("av")
    path = tmp_path / "v.mp4"
    with av.open(str(path), "w") as out:
        out.metadata["location"] = "+39.9042+116.4074/"
        stream = out.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for _ in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    meta = video_meta(path)
    assert meta.read and meta.lat == pytest.approx(39.9042) and meta.lon == pytest.approx(116.4074)
    assert scan(path).facts["geo.present"] is True


def test_people_in_vehicle_files_are_counted_by_their_identifiers(tmp_path: Path) -> None:
    d = tmp_path / "drive"
    d.mkdir()
    _jpeg(d / "a1.jpg", serial="SN-1")
    _jpeg(d / "a2.jpg", serial="SN-1")  # same dash-cam
    _jpeg(d / "b1.jpg", serial="SN-2")
    r = scan(d)
    assert r.facts["pi.individuals"] == 2  # two devices
    assert r.details["people.identity_kinds"] == ["device_id"]
    assert r.details["people.exact"] is True
    # a photo with a position but no identifier counts as one person, and not exactly
    _jpeg(d / "c1.jpg", serial=None)
    r2 = scan(d)
    assert r2.facts["pi.individuals"] == 3
    assert r2.details["people.exact"] is False
    assert r2.details["people.recordings_counted_as_one"] == 1
