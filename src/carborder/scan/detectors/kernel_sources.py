"""The native kernel's C sources and their digest, for both the build and the loader.

The build (setup.py) compiles the digest into the module and the loader (:mod:`.native`)
compares it with the sources shipped beside it, so both must compute it the same way: they
share this file. setup.py cannot import the package before it is built, so it loads this
module by its path; it therefore imports nothing but the standard library.
"""

from __future__ import annotations

import hashlib
from importlib.resources.abc import Traversable

__all__ = ["FOLDER", "SUFFIXES", "digest", "sources"]

#: The folder beside this module that holds the kernel's translation units and headers.
FOLDER = "kernel"

#: What a kernel source is: every unit and header counts, a change to either one is a change
#: to what the module computes.
SUFFIXES = (".c", ".h")


def sources(folder: Traversable) -> list[Traversable]:
    """The kernel's sources in ``folder``, ordered by name (the order of the build and digest)."""
    found = [p for p in folder.iterdir() if p.name.endswith(SUFFIXES) and p.is_file()]
    return sorted(found, key=lambda p: p.name)


def digest(folder: Traversable) -> str:
    """SHA-256 over the names and bytes of the kernel's sources in ``folder``, in hex.

    Names count, so renaming a unit or moving code between units changes the digest; each
    name and content is preceded by its length, so no two different sets of files hash the
    same stream.
    """
    h = hashlib.sha256()
    for p in sources(folder):
        name = p.name.encode()
        data = p.read_bytes()
        h.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()
