"""One way to open an ONNX model on the CPU for every vision detector."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["nchw_rgb", "onnx_session", "opencv_threads"]


def onnx_session(path: Path, threads: int) -> Any:
    """Open ``path`` with onnxruntime on the CPU, ``threads`` intra-op threads, quiet logs.

    Idle intra-op threads sleep instead of spinning: video de-identification encodes H.264 on
    the other core while a frame is searched, and a spinning worker would take that core's
    time for nothing (on a loaded 2-core machine two spinning threads were slower than one).

    All graph optimisations are on: CPU per inference with basic / extended / all was 24.6 /
    8.9 / 6.0 ms for the int8 face network (384×320) and 7.0 / 6.3 / 4.1 ms for the plate
    network (320×320), interleaved on the bench machine; turning the memory arena off changed
    nothing measurable (5.8 and 4.0 ms), so it stays on.
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def nchw_rgb(
    images: Sequence[np.ndarray], canvas: tuple[int, int], scale: float = 1.0
) -> NDArray[np.float32]:
    """BGR ``images`` as one network input: RGB planes, times ``scale``, on a black canvas.

    ``canvas`` is ``(width, height)``; each image sits at the top-left of its own canvas (it
    must fit). The same numbers as ``cv2.dnn.blobFromImages`` without its resize, at a
    tenth of its CPU (OpenCV 5's blob conversion took 1 ms for a 320×320 frame: several
    percent of the video search's budget, paid on every inference).
    """
    width, height = canvas
    out = np.zeros((len(images), 3, height, width), dtype=np.float32)
    for i, image in enumerate(images):
        h, w = image.shape[:2]
        out[i, :, :h, :w] = image[..., ::-1].transpose(2, 0, 1)
    if scale != 1.0:
        out *= np.float32(scale)
    return out


@contextmanager
def opencv_threads(threads: int) -> Iterator[None]:
    """Run the block with OpenCV's own thread pool at ``threads`` (its setting is restored after).

    The video search already keeps both cores busy with threads of its own (two network
    workers, the decoder, the encoder); OpenCV splitting each resize or colour conversion
    over its pool on top only adds hand-overs and spinning workers: on the 1280×720 bench
    clip, video de-identification took 36.4 instead of 38.3 CPU-ms a frame with one OpenCV
    thread (two interleaved runs each, machine load ≈ 10). The setting is process-wide, so other OpenCV work in
    the process runs on one thread meanwhile (slower, never different).
    """
    import cv2

    before = cv2.getNumThreads()
    cv2.setNumThreads(threads)
    try:
        yield
    finally:
        cv2.setNumThreads(before)
