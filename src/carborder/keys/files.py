"""Secret files and folders: created 0600/0700, written atomically, read with clear errors.

Whoever can read a workspace's keys can re-identify pseudonyms, confirm fingerprints or sign
manifests, so key folders are private to the owner from the moment they exist, and a key
that cannot be read is bad input naming the file, never a traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from carborder.errors import InputError
from carborder.safety.files import read_bytes_limited

__all__ = [
    "PRIVATE_DIR_MODE",
    "PRIVATE_FILE_MODE",
    "make_private_dir",
    "read_secret_file",
    "tighten",
    "write_secret_file",
]

#: Owner-only modes for the workspace state (database, keys, scans).
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: A key file is a line of hex or a PEM block: a few hundred bytes.
_MAX_KEY_FILE = 64 << 10


def tighten(path: Path, mode: int) -> None:
    """Remove group/other permissions beyond ``mode`` from a path we own (never loosen).

    Folders made by older versions were world-readable; opening them again fixes that.
    """
    try:
        st = path.stat()
    except OSError:
        return
    if st.st_uid != os.geteuid():
        return  # not ours to change (e.g. a shared, admin-managed folder)
    current = stat.S_IMODE(st.st_mode)
    wanted = current & ~(0o077 & ~mode)  # drop group/other bits only; keep the rest
    if wanted != current:
        os.chmod(path, wanted)


def make_private_dir(path: Path) -> Path:
    """Create ``path`` as 0700 (or tighten it), and its parents up to the ``.carborder`` folder.

    ``mkdir(parents=True)`` gives parents the default mode, so each one inside the
    workspace's state folder is tightened too.
    """
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        from carborder.safety.oserrors import input_error_from_os

        raise input_error_from_os(exc, action="write", file=path, what="folder") from None
    tighten(path, PRIVATE_DIR_MODE)
    if ".carborder" in path.parts[:-1]:
        for parent in path.parents:
            tighten(parent, PRIVATE_DIR_MODE)
            if parent.name == ".carborder":
                break  # never above the workspace's state folder
    return path


def write_secret_file(path: Path, data: bytes, *, exclusive: bool = True) -> None:
    """Write a secret with mode 0600 via a temp file and an atomic link/rename.

    With ``exclusive`` an existing file is never replaced (``FileExistsError``), so two
    processes creating the same key cannot both win.
    """
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_secret_file(path: Path, *, what: str) -> bytes:
    """Read a key file; unreadable, oversized or non-regular files are clear bad input."""
    data = read_bytes_limited(path, _MAX_KEY_FILE, what=what, error=InputError)
    tighten(path, PRIVATE_FILE_MODE)  # keys made by older versions were world-readable
    tighten(path.parent, PRIVATE_DIR_MODE)
    return data
