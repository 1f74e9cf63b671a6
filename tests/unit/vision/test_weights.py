"""Shipped weights: every file listed with licence and digest, and checked when loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carborder.errors import IntegrityError, ScanInputError
from carborder.scan.detectors.vision.weights import (
    WEIGHTS_DIR,
    manifest,
    verify_weights,
    weights_path,
)


def test_every_shipped_model_is_listed_with_its_licence() -> None:
    shipped = {p.name for p in WEIGHTS_DIR.glob("*.onnx")}
    entries = manifest()
    assert (
        shipped
        == set(entries)
        == {
            "centerface.onnx",
            "centerface_int8.onnx",
            "y5fu_320x192_sim.onnx",
            "y5fu_320x_sim.onnx",
            "y5fu_640x_sim.onnx",
        }
    )
    for name, entry in entries.items():
        licence = WEIGHTS_DIR / entry.licence_file
        assert licence.is_file(), name
        assert name in licence.read_text(encoding="utf-8")
        assert entry.bytes == (WEIGHTS_DIR / name).stat().st_size


def test_shipped_weights_verify() -> None:
    for name, entry in manifest().items():
        verify_weights(WEIGHTS_DIR / name, entry)


def test_no_weights_folder_named_like_the_domain_model() -> None:
    # Weights live beside the detectors; carborder.model is the domain model, alone.
    import carborder

    root = Path(carborder.__file__).parent
    assert not (root / "models").exists()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.onnx")) == [
        "scan/detectors/vision/weights/centerface.onnx",
        "scan/detectors/vision/weights/centerface_int8.onnx",
        "scan/detectors/vision/weights/y5fu_320x192_sim.onnx",
        "scan/detectors/vision/weights/y5fu_320x_sim.onnx",
        "scan/detectors/vision/weights/y5fu_640x_sim.onnx",
    ]


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_damaged_weights_are_refused(tmp_path: Path, damage: str) -> None:
    entry = manifest()["y5fu_320x_sim.onnx"]
    copy = tmp_path / "y5fu_320x_sim.onnx"
    shutil.copyfile(WEIGHTS_DIR / "y5fu_320x_sim.onnx", copy)
    data = bytearray(copy.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    else:
        del data[-100:]
    copy.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="SHA-256") as info:
        verify_weights(copy, entry)
    assert "reinstall" in info.value.render()


def test_unknown_weights_name_is_a_clear_error() -> None:
    with pytest.raises(ScanInputError, match="not shipped"):
        weights_path("yolo_nobody_shipped.onnx")


def test_landscape_plate_network_is_reproduced_byte_for_byte(tmp_path: Path) -> None:
    # Build-time tool; onnx is in the bench extra only.
    onnx = pytest.importorskip("onnx")
    from tests.scripts import load_script

    tool = load_script("tools/weights/plate_landscape.py")
    made = tool.landscape(onnx.load(str(WEIGHTS_DIR / tool.SOURCE)), 192)
    out = tmp_path / tool.TARGET
    out.write_bytes(made.SerializeToString())
    verify_weights(out, manifest()[tool.TARGET])
