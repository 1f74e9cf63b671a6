"""Detectors: pure functions from an Arrow batch to findings and mergeable statistics."""

from carborder.scan.detectors.base import BatchContext, Detector, Findings, Mergeable
from carborder.scan.detectors.registry import create, get, names, register

__all__ = [
    "BatchContext",
    "Detector",
    "Findings",
    "Mergeable",
    "create",
    "get",
    "names",
    "register",
]
