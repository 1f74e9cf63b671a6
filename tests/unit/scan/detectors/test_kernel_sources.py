"""The kernel's source digest covers every unit and header by name, and the units build.

The loader refuses a kernel whose compiled-in digest differs from the shipped sources', so a
change the digest misses would let a stale build run; these tests change each kind of source.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from carborder.scan.detectors import kernel_sources, native

FOLDER = Path(kernel_sources.__file__).with_name(kernel_sources.FOLDER)


def _copy(tmp: Path, name: str) -> Path:
    dst = tmp / name
    shutil.copytree(FOLDER, dst)
    return dst


def test_the_sources_are_the_units_and_headers_in_name_order() -> None:
    names = [p.name for p in kernel_sources.sources(FOLDER)]
    assert names == sorted(names)
    assert "module.c" in names and "kernel.h" in names
    assert {Path(n).suffix for n in names} == {".c", ".h"}


def test_the_loader_digests_the_shipped_sources() -> None:
    assert native.source_digest() == kernel_sources.digest(FOLDER)


def test_any_change_to_a_unit_or_header_changes_the_digest(tmp_path: Path) -> None:
    before = kernel_sources.digest(_copy(tmp_path, "same"))
    assert before == kernel_sources.digest(FOLDER)
    for name in ("kernel.h", "tokens.c", "module.c"):
        d = _copy(tmp_path, f"edit-{name}")
        (d / name).write_bytes((d / name).read_bytes() + b"\n")
        assert kernel_sources.digest(d) != before, name
    # a unit renamed (same bytes) or added is another build
    d = _copy(tmp_path, "renamed")
    (d / "geo.c").rename(d / "tracks.c")
    assert kernel_sources.digest(d) != before
    d = _copy(tmp_path, "added")
    (d / "extra.c").write_bytes(b"")
    assert kernel_sources.digest(d) != before
    # text moved from one source to the next in the digest's order: the same bytes in a row,
    # cut elsewhere
    d = _copy(tmp_path, "moved")
    header, module = (d / "kernel.h").read_bytes(), (d / "module.c").read_bytes()
    (d / "kernel.h").write_bytes(header + module[:10])
    (d / "module.c").write_bytes(module[10:])
    assert kernel_sources.digest(d) != before


def test_files_that_are_not_sources_do_not_count(tmp_path: Path) -> None:
    d = _copy(tmp_path, "objects")
    (d / "tokens.o").write_bytes(b"\0")
    (d / "notes.txt").write_text("x")
    assert kernel_sources.digest(d) == kernel_sources.digest(FOLDER)


@pytest.mark.skipif(
    platform.machine() not in ("x86_64", "AMD64") or shutil.which("gcc") is None,
    reason="the SSE2 switch is an x86-64 question, checked with gcc",
)
def test_the_tokens_unit_compiles_with_and_without_sse2(tmp_path: Path) -> None:
    # tokens16 has an SSE2 path and a byte-by-byte fallback for other targets: both must
    # stay valid C, though only one is built here
    include = sysconfig.get_paths()["include"]
    if not (Path(include) / "Python.h").exists():
        pytest.skip("no Python headers here (python3-dev)")
    for flags in ([], ["-mno-sse2"]):
        out = subprocess.run(
            ["gcc", "-fsyntax-only", "-Wall", "-Werror", f"-I{include}", *flags,
             str(FOLDER / "tokens.c")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert out.returncode == 0, (flags, out.stderr)
