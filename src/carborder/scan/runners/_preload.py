"""Imported once by the pool's fork server: every worker then starts with the scan warm.

Detectors and readers register lazily (importing a registry has no side effects), the
rulebook's sensitive-PI table loads on first use, and Arrow pulls in pandas on its first
conversion: a fresh worker would spend about half a second on these during its first
unit, inside the scan's wall time. This module exists to have those side effects, in the
fork server only, by running every tabular detector once on a tiny batch.
"""

from __future__ import annotations

import pyarrow as pa

from carborder.memory import keep_freed_memory
from carborder.scan.detectors import registry as _detectors
from carborder.scan.detectors.base import BatchContext
from carborder.scan.readers import registry as _readers

__all__: list[str] = []


def _warm() -> None:
    _readers.names()
    batch = pa.record_batch(
        {
            "vin": ["LSVAU218XN2183294"] * 4,
            "phone": ["13800138000"] * 4,
            "note": ["请联系司机13800138000 京A12345", "ok", None, "a@b.cn"],
            "lat": [39.9, 39.91, 39.92, 39.93],
            "lon": [116.3, 116.31, 116.32, 116.33],
            "ts": pa.array([0, 1000, 2000, 3000], pa.timestamp("ms")),
        }
    )
    ctx = BatchContext(file="")
    for det in _detectors.create(modality="tabular"):
        det.detect(batch, ctx)


# the server's malloc settings pass to every worker it forks (mimalloc's come with the
# environment the scanning process set before it started the server)
keep_freed_memory()
_warm()
