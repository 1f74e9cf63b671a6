"""The scanner's fingerprint (part of the export's scan-reuse key) follows its code and data."""

from __future__ import annotations

import shutil
from pathlib import Path

from carborder.scan import fingerprint
from carborder.scan.fingerprint import scanner_fingerprint

#: (``carborder.scan`` is the scan function: the package's folder comes from a module in it)
_PACKAGE = Path(fingerprint.__file__).parent


def _copy(tmp: Path, name: str) -> Path:
    dst = tmp / name
    shutil.copytree(_PACKAGE, dst, ignore=shutil.ignore_patterns("*.so", "*.onnx", "__pycache__"))
    return dst


def test_same_code_same_fingerprint_any_change_another(tmp_path: Path) -> None:
    a, b = _copy(tmp_path, "a"), _copy(tmp_path, "b")
    assert scanner_fingerprint(a) == scanner_fingerprint(b)
    # an allocation table, a validator and a weights digest are each part of what scans mean
    # ... and so is the native kernel, its shared header included
    for rel in (
        "data/cn_mobile_allocations.tsv",
        "detectors/validators.py",
        "detectors/kernel/sorts.c",
        "detectors/kernel/kernel.h",
    ):
        c = _copy(tmp_path, f"c-{rel.replace('/', '-')}")
        (c / rel).write_bytes((c / rel).read_bytes() + b"\n")
        assert scanner_fingerprint(c) != scanner_fingerprint(a), rel
    d = _copy(tmp_path, "d")
    (d / "detectors" / "validators.py").rename(d / "detectors" / "validators2.py")
    assert scanner_fingerprint(d) != scanner_fingerprint(a)


def test_compiled_files_and_caches_do_not_count(tmp_path: Path) -> None:
    a = _copy(tmp_path, "a")
    before = scanner_fingerprint(a)
    (a / "__pycache__").mkdir(exist_ok=True)
    (a / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (a / "detectors" / "_kernel.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\0")
    assert scanner_fingerprint(a) == before
