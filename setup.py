"""Build of the optional native kernel; every other setting lives in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and the scan runs
its numpy twins (same facts, slower). To rebuild it in a source checkout without installing:
``python setup.py build_ext --inplace``.
"""

import importlib.util
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).parent
DETECTORS = Path("src/carborder/scan/detectors")


def _kernel_sources():
    """The module that lists the kernel's sources and digests them, loaded by its path.

    The package cannot be imported before it is built; the loader (native.py) imports the same
    file, so the digest compiled in is the one it compares with.
    """
    spec = importlib.util.spec_from_file_location(
        "carborder_kernel_sources", HERE / DETECTORS / "kernel_sources.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ks = _kernel_sources()
FOLDER = DETECTORS / ks.FOLDER
SOURCES = [FOLDER / p.name for p in ks.sources(HERE / FOLDER)]
# the module carries the digest of the sources it was built from: the loader runs the numpy
# twins rather than a module left over from older sources (an editable install after a pull)
DIGEST = ks.digest(HERE / FOLDER)

setup(
    ext_modules=[
        Extension(
            "carborder.scan.detectors._kernel",
            # setuptools wants paths relative to this file, with forward slashes
            [p.as_posix() for p in SOURCES if p.suffix == ".c"],
            # headers: a change to one rebuilds the units (and the sdist ships them)
            depends=[p.as_posix() for p in SOURCES if p.suffix == ".h"],
            define_macros=[("KERNEL_SOURCE_SHA256", f'"{DIGEST}"')],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
