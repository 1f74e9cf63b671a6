"""Build of the optional native kernel; every other setting lives in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and the scan runs
its numpy twins (same facts, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "carborder.scan.detectors._kernel",
            ["src/carborder/scan/detectors/_kernel.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
