"""The optional native kernel of the candidate extractor and validators, or None.

``_kernel`` is a small C extension built by ``pip install`` (setup.py) when a C compiler is
present. Each of its functions has a numpy twin in :mod:`.candidates` / :mod:`.validators`
that defines the result; property tests check both give the same output. Without the
extension, or with ``CARBORDER_NO_NATIVE=1`` in the environment, the numpy twins run: the
facts are the same, only slower.
"""

from __future__ import annotations

import os
from types import ModuleType

__all__ = ["kernel", "load"]


def load() -> ModuleType | None:
    """The native kernel module, or None when disabled or not built."""
    if os.environ.get("CARBORDER_NO_NATIVE", "").strip() not in ("", "0"):
        return None
    try:
        from carborder.scan.detectors import _kernel
    except ImportError:
        return None
    return _kernel


#: The kernel this process uses (None: the numpy twins).
kernel: ModuleType | None = load()
