"""One way to open an ONNX model on the CPU for every vision detector."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["onnx_session"]


def onnx_session(path: Path, threads: int) -> Any:
    """Open ``path`` with onnxruntime on the CPU, ``threads`` intra-op threads, quiet logs."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
