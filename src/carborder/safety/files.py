"""Check paths before reading or writing: regular files only, bounded reads, writable folders.

``/dev/zero`` exists but never ends, a FIFO blocks until someone writes into it, a directory
is not a file: each gets its own message instead of "not found" or a hang.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from carborder.errors import CarborderError, InputError, Msg
from carborder.safety.oserrors import input_error_from_os, what_msg

__all__ = [
    "file_kind",
    "read_bytes_limited",
    "read_text_limited",
    "require_regular_file",
    "require_writable_dir",
]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device (like /dev/zero)"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)
#: file_kind()'s words → catalogue ids (the words stay the function's plain-English result)
_KIND_IDS = {
    "a directory": "kind-directory",
    "a character device (like /dev/zero)": "kind-char-device",
    "a block device": "kind-block-device",
    "a named pipe (FIFO)": "kind-fifo",
    "a socket": "kind-socket",
    "not a regular file": "kind-other",
    "a file": "kind-file",
}


def _kind(kind: str) -> Msg:
    return Msg(_KIND_IDS[kind])


def file_kind(path: Path) -> str | None:
    """What a path is when it is not a regular file ("a named pipe (FIFO)"…), else None.

    Raises ``OSError`` when it cannot be inspected (missing, permission denied).

    >>> file_kind(Path("/dev/null"))
    'a character device (like /dev/zero)'
    """
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def require_regular_file(
    path: Path | str, *, what: str | Msg = "input file", error: type[CarborderError] = InputError
) -> Path:
    """Return ``path`` when it is an existing regular file; otherwise raise a clear error.

    Raises:
        CarborderError: (``error``) missing, unreadable, a device, a FIFO, a directory…
    """
    p = Path(path)
    try:
        kind = file_kind(p)
    except OSError as exc:
        raise input_error_from_os(exc, file=p, what=what, error=error) from None
    if kind is not None:
        raise error(
            Msg("err-not-regular-file", what=what_msg(what), kind=_kind(kind)),
            file=p,
            hint=Msg("hint-not-regular-file"),
        )
    return p


def read_bytes_limited(
    path: Path | str,
    limit: int,
    *,
    what: str | Msg = "input file",
    error: type[CarborderError] = InputError,
) -> bytes:
    """Read a regular file whole, refusing files larger than ``limit`` bytes."""
    p = require_regular_file(path, what=what, error=error)
    try:
        with p.open("rb") as fh:
            # Ask for what the file holds and one byte more, not for the limit: a buffer of the
            # limit (8 MiB for YAML) made and shrunk for each small file cost ~40 µs a file.
            # A file longer than it said (growing, or a /proc file saying 0) is read on.
            size = min(os.fstat(fh.fileno()).st_size, limit)
            data = fh.read(size + 1)
            if len(data) > size:
                data += fh.read(limit - size)
    except OSError as exc:
        raise input_error_from_os(exc, file=p, what=what, error=error) from None
    if len(data) > limit:
        raise error(
            Msg("err-file-too-large", what=what_msg(what), mib=limit >> 20),
            file=p,
            hint=Msg("hint-file-too-large"),
        )
    return data


def read_text_limited(
    path: Path | str,
    limit: int,
    *,
    what: str | Msg = "input file",
    error: type[CarborderError] = InputError,
) -> str:
    """Read a UTF-8 text file whole (bounded), with a clear error for other encodings."""
    data = read_bytes_limited(path, limit, what=what, error=error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            Msg(
                "err-not-utf8",
                what=what_msg(what),
                byte=f"{data[exc.start]:02x}",
                offset=exc.start,
            ),
            file=path,
            line=line,
            hint=Msg("hint-not-utf8"),
        ) from None


def require_writable_dir(
    path: Path | str,
    *,
    what: str | Msg = "output folder",
    error: type[CarborderError] = InputError,
) -> Path:
    """Return ``path`` when files can be created in it (tried for real); else a clear error.

    A real attempt is the only honest test: permission bits say nothing about read-only
    mounts, quotas or a privileged user.
    """
    p = Path(path)
    try:
        kind = file_kind(p) or "a file"
    except OSError as exc:
        raise input_error_from_os(exc, action="write", file=p, what=what, error=error) from None
    if kind != "a directory":
        raise error(
            Msg("err-not-directory", what=what_msg(what), kind=_kind(kind)),
            file=p,
            hint=Msg("hint-not-directory"),
        )
    try:
        with tempfile.NamedTemporaryFile(dir=p, prefix=".carborder-write-test-"):
            pass
    except OSError as exc:
        raise input_error_from_os(exc, action="write", file=p, what=what, error=error) from None
    return p
