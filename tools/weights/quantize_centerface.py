"""Make the shipped int8 CenterFace (``centerface_int8.onnx``) from the shipped fp32 one.

onnxruntime's static quantization (QDQ format): int8 weights per output channel, uint8
activations whose ranges are calibrated (min/max) on frames of the **development clip** of
``bench/vision.py`` (seed 11, LFW faces 0–49, pans reversed): the benchmark clip that reports
recall (seed 7, LFW 50–99 and the astronaut) is never seen here. The calibration inputs are
what the video search feeds the network: whole frames reduced to 320 px and close windows of
512×416 frame pixels at 0.75 scale.

Weights use 7 bits (``reduce_range``): CPUs without VNNI multiply uint8 by int8 in 16-bit
sums that can saturate with 8-bit weights, so the model gives the same boxes on every x86
CPU, not only on the VNNI one it was measured on (development clip: face recall 0.401 with
7 bits against 0.404 with 8; the fp32 model 0.381).

Build time only: needs ``onnx`` (the ``bench`` extra) and the shared real data::

    CARBORDER_REALDATA=../shared/realdata python tools/weights/quantize_centerface.py

then record the new digest and size in ``weights/weights.json``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import onnx
from onnx import version_converter
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from vision import make_clip, realdata  # noqa: E402

from carborder.scan.readers.video import iter_frames  # noqa: E402

__all__ = ["calibration_inputs", "main"]

WEIGHTS = ROOT / "src" / "carborder" / "scan" / "detectors" / "vision" / "weights"
#: QDQ with a per-channel axis needs opset 13; the source model is opset 9.
OPSET = 13


def calibration_inputs(frames: list[np.ndarray], seed: int = 0) -> Iterator[np.ndarray]:
    """Network inputs as the video search makes them: reduced whole frames and close windows."""
    rng = np.random.default_rng(seed)
    for frame in frames:
        height, width = frame.shape[:2]
        yield cv2.dnn.blobFromImage(frame, 1.0, (320, 192), (0, 0, 0), swapRB=True)
        x = int(rng.integers(0, width - 512))
        y = int(rng.integers(0, height - 416))
        window = frame[y : y + 416, x : x + 512]
        yield cv2.dnn.blobFromImage(window, 1.0, (384, 320), (0, 0, 0), swapRB=True)


class _Reader(CalibrationDataReader):  # type: ignore[misc]
    def __init__(self, blobs: Iterator[np.ndarray]) -> None:
        self._feeds = ({"input.1": b} for b in blobs)

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._feeds, None)


def main() -> None:
    """Quantize ``--src`` into ``--dst``, calibrated on the development clip."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=WEIGHTS / "centerface.onnx")
    parser.add_argument("--dst", type=Path, default=WEIGHTS / "centerface_int8.onnx")
    parser.add_argument("--every", type=int, default=4, help="calibrate on every n-th frame")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        clip = tmp / "dev.mp4"
        make_clip(clip, realdata(), 24, 11, dev=True)
        frames = [img for _, img in iter_frames(clip)][:: args.every]
        model = version_converter.convert_version(onnx.load(str(args.src)), OPSET)
        onnx.save(model, str(tmp / "opset.onnx"))
        quant_pre_process(str(tmp / "opset.onnx"), str(tmp / "pre.onnx"), skip_symbolic_shape=True)
        quantize_static(
            str(tmp / "pre.onnx"),
            str(args.dst),
            _Reader(calibration_inputs(frames)),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            reduce_range=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
        )
    print(f"wrote {args.dst} from {len(frames)} development frames")


if __name__ == "__main__":
    main()
