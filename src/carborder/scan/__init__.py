"""Scanning at data speed: readers → Arrow batches → detectors → facts with provenance.

The Python API is :func:`scan`; results persist per workspace with :func:`save_scan`.

Extending it takes one file and one registration each:

* a file format: subclass :class:`Reader` (ClassVars ``name``, ``suffixes``, ``modality``;
  methods ``batches`` and optionally ``units``/``sniff``/``comments``), decorate it with
  :func:`register_reader` in ``carborder/scan/readers/<format>.py``;
* a modality or a new kind of finding: subclass :class:`Detector` (ClassVars ``name``,
  ``version``, ``modalities``, ``emits``; a pure ``detect(batch, ctx) -> Findings`` whose
  ``stats`` objects have ``merge`` and ``facts``), decorate it with :func:`register_detector`.
  Readers of that modality then feed it automatically, in every runner.
"""

from carborder.scan.api import scan
from carborder.scan.detectors.base import BatchContext, Detector, Findings, Mergeable
from carborder.scan.detectors.registry import register as register_detector
from carborder.scan.geo.areas import SensitiveAreas, example_areas_path
from carborder.scan.merge import Conflict, default_strategies, merge_facts
from carborder.scan.persist import load_scans, save_scan
from carborder.scan.readers.base import Reader, Unit
from carborder.scan.readers.registry import register as register_reader
from carborder.scan.result import FileError, FileReport, ScanResult
from carborder.scan.runners.base import ProgressEvent
from carborder.scan.sketch import DistinctCounter

__all__ = [
    "BatchContext",
    "Conflict",
    "Detector",
    "DistinctCounter",
    "FileError",
    "FileReport",
    "Findings",
    "Mergeable",
    "ProgressEvent",
    "Reader",
    "ScanResult",
    "SensitiveAreas",
    "Unit",
    "default_strategies",
    "example_areas_path",
    "load_scans",
    "merge_facts",
    "register_detector",
    "register_reader",
    "save_scan",
    "scan",
]
