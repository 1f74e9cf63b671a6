"""One way to open an ONNX model on the CPU for every vision detector."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["onnx_session"]


def onnx_session(path: Path, threads: int) -> Any:
    """Open ``path`` with onnxruntime on the CPU, ``threads`` intra-op threads, quiet logs.

    Idle intra-op threads sleep instead of spinning: video de-identification encodes H.264 on
    the other core while a frame is searched, and a spinning worker would take that core's
    time for nothing (on a loaded 2-core machine two spinning threads were slower than one).
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
