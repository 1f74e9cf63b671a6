"""Build of the optional native kernel; every other setting lives in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and the scan runs
its numpy twins (same facts, slower).
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SOURCE = "src/carborder/scan/detectors/_kernel.c"
# the module carries the digest of the source it was built from: the loader runs the numpy
# twins rather than a module left over from an older source (an editable install after a pull)
DIGEST = hashlib.sha256((Path(__file__).parent / SOURCE).read_bytes()).hexdigest()

setup(
    ext_modules=[
        Extension(
            "carborder.scan.detectors._kernel",
            [SOURCE],
            define_macros=[("KERNEL_SOURCE_SHA256", f'"{DIGEST}"')],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
