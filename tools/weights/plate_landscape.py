"""Make the shipped landscape plate network (``y5fu_320x192_sim.onnx``) from the 320×320 one.

The video search shows the plate network each whole frame reduced to 320 px wide; a 16:9
frame is then 320×180, and letterboxed into the network's fixed 320×320 square it leaves 44 %
of the input black: the network's CPU is spent on padding. This script edits the graph for a
320 wide by 192 high input (the smallest height that holds 180 and is a multiple of the
network's largest stride, 32), with the **same weights**:

* the input's height becomes 192;
* the reshapes of the backbone's channel shuffles and of the detection head carry the
  feature maps' height and width as constants (40×40, 20×20, 10×10 at strides 8, 16, 32):
  they become 24×40, 12×20 and 6×10;
* the head's grid constants (cell offsets, anchor sizes, per cell and anchor) are cut to the
  same top-left cells: each value depends only on its cell's row and column, so the cut is
  exactly the constant a 24×40 grid would have;
* the output then holds 3 × (960 + 240 + 60) = 3780 candidates instead of 6300.

Build time only: needs ``onnx`` (the ``bench`` extra)::

    python tools/weights/plate_landscape.py

then record the new digest and size in ``weights/weights.json`` (the script prints them).
The result is byte-for-byte the same on every run.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

__all__ = ["landscape", "main"]

WEIGHTS = Path(__file__).resolve().parents[2] / "src/carborder/scan/detectors/vision/weights"
SOURCE = "y5fu_320x_sim.onnx"
TARGET = "y5fu_320x192_sim.onnx"
#: Side of the source network's square input, and the strides of its three heads.
SIDE = 320
STRIDES = (8, 16, 32)


def landscape(model: onnx.ModelProto, height: int) -> onnx.ModelProto:
    """A copy of ``model`` (square ``SIDE`` input) taking ``SIDE`` wide × ``height`` high."""
    if height % max(STRIDES) or not 0 < height <= SIDE:
        raise SystemExit(f"height must be a multiple of {max(STRIDES)} up to {SIDE}")
    out = onnx.ModelProto()
    out.CopyFrom(model)
    graph = out.graph
    (inp,) = graph.input
    dims = inp.type.tensor_type.shape.dim
    if [d.dim_value for d in dims] != [1, 3, SIDE, SIDE]:
        raise SystemExit(f"expected a 1×3×{SIDE}×{SIDE} input, found {dims}")
    dims[2].dim_value = height
    # Square feature-map size at each stride -> its (height, width) in the landscape input.
    cells = {SIDE // s: (height // s, SIDE // s) for s in STRIDES}
    shapes = {n.input[1] for n in graph.node if n.op_type == "Reshape"}
    changed = 0
    for init in graph.initializer:
        value = numpy_helper.to_array(init)
        if init.name in shapes:
            shape = value.tolist()
            if len(shape) >= 4 and shape[-1] == shape[-2] and shape[-1] in cells:
                shape[-2:] = cells[shape[-1]]
                init.CopyFrom(numpy_helper.from_array(np.array(shape, value.dtype), init.name))
                changed += 1
        elif value.ndim == 5 and value.shape[2] == value.shape[3] and value.shape[2] in cells:
            # A per-cell, per-anchor constant of the head (1, 3, H, W, k): keep the top-left cells.
            h, w = cells[value.shape[2]]
            cut = np.ascontiguousarray(value[:, :, :h, :w, :])
            init.CopyFrom(numpy_helper.from_array(cut, init.name))
            changed += 1
    if not changed:
        raise SystemExit("no shape constants found: not the expected network")
    # Intermediate shapes recorded for the square input no longer hold; infer them again.
    del graph.value_info[:]
    (output,) = graph.output
    candidates = 3 * sum((height // s) * (SIDE // s) for s in STRIDES)
    output.type.tensor_type.shape.dim[1].dim_value = candidates
    # Apache-2.0 4(b): a modified file carries a notice that it was changed.
    out.doc_string = (
        f"Modified from HyperLPR3 {SOURCE} (github.com/szad670401/HyperLPR, Apache-2.0): input "
        f"{SIDE}x{height} (width x height) instead of {SIDE}x{SIDE}, feature-map shapes and "
        "head grid constants cut to match; weights unchanged. Made by carborder's "
        "tools/weights/plate_landscape.py."
    )
    out = onnx.shape_inference.infer_shapes(out, strict_mode=True)
    onnx.checker.check_model(out, full_check=True)
    return out


def main() -> None:
    """Write the landscape network beside the square one and print its digest and size."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--height", type=int, default=192)
    parser.add_argument("--out", type=Path, default=WEIGHTS / TARGET)
    args = parser.parse_args()
    model = landscape(onnx.load(str(WEIGHTS / SOURCE)), args.height)
    data = model.SerializeToString()
    args.out.write_bytes(data)
    print(f"{args.out.name}: sha256 {hashlib.sha256(data).hexdigest()}, {len(data)} bytes")
    print(f"source {SOURCE}: sha256 {hashlib.sha256((WEIGHTS / SOURCE).read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
