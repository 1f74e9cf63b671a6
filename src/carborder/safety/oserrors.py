"""Turn operating-system errors (permissions, read-only disks, full disks…) into clear bad input.

Every command reads and writes files a person controls; when the system refuses, the person
needs the file, what the system said in plain words, and what to do — not a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from carborder.errors import CarborderError, InputError

__all__ = ["input_error_from_os"]

# errno → (what happened, what to do); {action} is "read" or "write", {what} names the file.
_ADVICE: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("not found", "check the path (and that every folder on it exists)"),
    errno.EACCES: (
        "permission denied ({action})",
        "give this user {action} access (`ls -l` shows owner and mode), or run as the owner",
    ),
    errno.EPERM: (
        "operation not permitted ({action})",
        "give this user {action} access, or run as the owner",
    ),
    errno.EROFS: (
        "the file system is read-only",
        "choose a location on a writable disk, or remount it read-write",
    ),
    errno.ENOSPC: ("no space left on the device", "free some space or write elsewhere"),
    errno.EDQUOT: ("disk quota exceeded", "free some space or write elsewhere"),
    errno.EISDIR: ("is a directory, a file was expected", "name a file inside it"),
    errno.ENOTDIR: (
        "a part of the path is not a directory",
        "check the path: a file stands where a folder is expected",
    ),
    errno.ELOOP: ("too many levels of symbolic links", "fix the symbolic link"),
    errno.ENAMETOOLONG: ("the path is too long", "use a shorter path"),
    errno.EEXIST: ("already exists", "choose another name or remove the old one"),
    errno.ENOTEMPTY: ("directory is not empty", "choose a new, empty directory"),
    errno.EIO: (
        "input/output error from the device",
        "the disk or network share failed; copy the file to a healthy disk and retry",
    ),
    errno.ENXIO: ("no such device or address", "name a regular file"),
    errno.EMFILE: ("too many open files", "raise the open-file limit (ulimit -n)"),
    errno.EBUSY: ("device or resource busy", "retry when the other program has finished"),
    errno.ETXTBSY: ("file is busy", "retry when the other program has finished"),
}


def input_error_from_os(
    exc: OSError,
    *,
    action: str = "read",
    file: Path | str | None = None,
    what: str | None = None,
    error: type[CarborderError] = InputError,
) -> CarborderError:
    """Return a bad-input error for an ``OSError``, naming the file and the remedy.

    Args:
        exc: The error the system raised.
        action: ``read`` or ``write``: what carborder was doing (for the permission hint).
        file: The file concerned (default: the one the error names).
        what: What the file is for people ("workspace database", "input file"...).
        error: Error class to build (an :class:`~carborder.errors.InputError` subclass).

    >>> e = input_error_from_os(PermissionError(13, "Permission denied", "/x/k.key"))
    >>> e.file, e.message
    ('/x/k.key', 'permission denied (read)')
    """
    target = file if file is not None else (exc.filename if exc.filename else None)
    said, hint = _ADVICE.get(exc.errno or -1, (exc.strerror or str(exc), "check the path"))
    message = said.format(action=action)
    if what:
        message = f"{what}: {message}"
    return error(message, file=target, hint=hint.format(action=action))
