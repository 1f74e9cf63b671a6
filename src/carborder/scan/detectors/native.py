"""The optional native kernel of the candidate extractor and validators, or None.

``_kernel`` is a small C extension built by ``pip install`` (setup.py) when a C compiler is
present. Each of its functions has a numpy twin in :mod:`.candidates` / :mod:`.validators`
that defines the result; property tests check both give the same output. Without the
extension, or with ``CARBORDER_NO_NATIVE=1`` in the environment, the numpy twins run: the
facts are the same, only slower.

A module built from other versions of the kernel's C sources (an editable install after a
pull, not rebuilt) could compute something else than the Python code around it expects: the
build compiles the sources' digest into the module (:func:`.kernel_sources.digest`, over every
unit and header in ``kernel/``), and a module whose digest differs from the shipped sources'
is not used (the numpy twins run, with one warning saying how to rebuild).
"""

from __future__ import annotations

import os
import warnings
from importlib import resources
from types import ModuleType

from carborder.scan.detectors import kernel_sources

__all__ = ["kernel", "load", "source_digest", "verified"]


def source_digest() -> str | None:
    """Digest of the kernel sources shipped with the package (None when they are not shipped)."""
    folder = resources.files("carborder.scan.detectors").joinpath(kernel_sources.FOLDER)
    try:
        if not kernel_sources.sources(folder):
            return None
        return kernel_sources.digest(folder)
    except OSError:
        return None


def verified(module: ModuleType, expected: str | None) -> ModuleType | None:
    """``module`` when it was built from the source whose digest is ``expected``, else None.

    A mismatch warns once: the numpy twins run until the extension is rebuilt.
    """
    built = getattr(module, "SOURCE_SHA256", "")
    if expected is None or built == expected:
        return module
    warnings.warn(
        "carborder's native scan kernel was built from another version of its C sources "
        f"(built {built[:12] or 'unknown'}, source {expected[:12]}): the numpy code runs "
        "instead (same results, slower). Rebuild it with `pip install -e .`.",
        RuntimeWarning,
        stacklevel=2,
    )
    return None


def load() -> ModuleType | None:
    """The native kernel module, or None when disabled, not built or built from other source."""
    if os.environ.get("CARBORDER_NO_NATIVE", "").strip() not in ("", "0"):
        return None
    try:
        from carborder.scan.detectors import _kernel
    except ImportError:
        return None
    return verified(_kernel, source_digest())


#: The kernel this process uses (None: the numpy twins).
kernel: ModuleType | None = load()
