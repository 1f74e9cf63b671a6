"""File helpers for atomic output: streaming SHA-256, fsync, hidden temp dirs, rename commit."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from pathlib import Path
from typing import IO

__all__ = [
    "TEMP_MARK",
    "LockedTempDir",
    "commit_dir",
    "fsync_dir",
    "fsync_file",
    "remove_stale_temp_dirs",
    "sha256_file",
]

#: Temp dirs are ``.<output name>.carborder-tmp-<run id>`` beside the output.
TEMP_MARK = ".carborder-tmp-"
_LOCK = ".lock"


def sha256_file(path: Path, *, chunk: int = 1 << 20) -> str:
    """Return the hex SHA-256 of a file, streamed."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def fsync_file(path: Path) -> None:
    """Flush a file's data and metadata to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry table (so renames and new files survive a power cut)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LockedTempDir:
    """A hidden temp dir beside ``output``, locked (flock) while its run is alive.

    A killed process releases its lock, so a later run can tell a dead temp dir from the
    temp dir of an export running in parallel.
    """

    def __init__(self, output: Path, run_id: str) -> None:
        self.output = output
        self.path = output.parent / f".{output.name}{TEMP_MARK}{run_id}"
        self._lock: IO[bytes] | None = None

    def __enter__(self) -> LockedTempDir:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.path.mkdir()
        self._lock = (self.path / _LOCK).open("wb")
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        shutil.rmtree(self.path, ignore_errors=True)

    def release_lock_file(self) -> None:
        """Remove the lock file (just before the dir is renamed into place)."""
        (self.path / _LOCK).unlink(missing_ok=True)


def commit_dir(temp: Path, output: Path) -> None:
    """Atomically move a complete temp dir to ``output`` and make the rename durable.

    ``output`` must not exist, or be an empty directory (replaced).
    """
    if output.is_dir() and not any(output.iterdir()):
        output.rmdir()
    os.rename(temp, output)
    fsync_dir(output.parent)


def remove_stale_temp_dirs(parent: Path) -> list[Path]:
    """Remove temp dirs in ``parent`` whose owning process is gone; return what was removed."""
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for path in parent.iterdir():
        if TEMP_MARK not in path.name or not path.is_dir():
            continue
        lock = path / _LOCK
        try:
            with lock.open("ab") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live export owns it
        except OSError:
            pass  # no lock file: the owner died before or after locking
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed
