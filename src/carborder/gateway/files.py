"""File helpers for atomic output: streaming SHA-256, fsync, locked hidden temp dirs, rename commit."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
from pathlib import Path

from carborder.safety.files import require_writable_dir
from carborder.safety.oserrors import input_error_from_os

__all__ = [
    "TEMP_MARK",
    "LockedTempDir",
    "commit_dir",
    "fsync_dir",
    "fsync_file",
    "lock_is_held",
    "remove_stale_temp_dirs",
    "run_lock_path",
    "sha256_file",
]

#: Temp dirs are ``.<output name>.carborder-tmp-<run id>`` beside the output.
TEMP_MARK = ".carborder-tmp-"
#: A run's lock file sits beside its temp dir: ``<temp dir name>.lock``.
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


def run_lock_path(output: Path, run_id: str) -> Path:
    """The lock file of an export run writing ``output``.

    >>> run_lock_path(Path("/x/out"), "ab12").name
    '.out.carborder-tmp-ab12.lock'
    """
    return output.parent / f".{output.name}{TEMP_MARK}{run_id}{_LOCK}"


def lock_is_held(path: Path) -> bool:
    """Whether a live process holds the lock (flock) on ``path``; a missing file is not held."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases the probe's own lock, if it got one
    return False


def _take_lock(path: Path) -> int:
    """Open, create and lock ``path``; return the descriptor (the lock lives while it is open).

    A cleaner may unlink a lock file it found unheld between our open and our flock: then the
    locked inode is no longer the file at ``path``, and we start over.
    """
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


class LockedTempDir:
    """A hidden temp dir beside ``output`` and the run's lock, held while the run is alive.

    The lock file sits beside the temp dir (not inside it), so it is held from before the
    run is recorded until its people are counted — across the rename that publishes the
    output. A killed process releases its lock, so others can tell a dead run (its temp dir
    removed, its run abandoned) from one still at work.
    """

    def __init__(self, output: Path, run_id: str) -> None:
        self.output = output
        self.path = output.parent / f".{output.name}{TEMP_MARK}{run_id}"
        self.lock_path = run_lock_path(output, run_id)
        self._fd: int | None = None

    def __enter__(self) -> LockedTempDir:
        parent = self.output.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise input_error_from_os(
                exc, action="write", file=exc.filename or parent, what="output folder"
            ) from None
        # the lock and the temp dir are the first files written beside the output: a folder
        # this user cannot write is said as such, naming the folder (not a hidden lock file)
        require_writable_dir(parent, what="folder of the output")
        self._fd = _take_lock(self.lock_path)
        self.path.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            self.lock_path.unlink(missing_ok=True)  # unlinked while still locked: see _take_lock
            os.close(self._fd)
            self._fd = None


def commit_dir(temp: Path, output: Path) -> None:
    """Atomically move a complete temp dir to ``output`` and make the rename durable.

    ``output`` must not exist, or be an empty directory: that one is replaced in the same
    atomic rename (POSIX allows it), keeping the mode the person gave it.
    """
    if output.is_dir() and not any(output.iterdir()):
        os.chmod(temp, stat.S_IMODE(output.stat().st_mode))
    os.rename(temp, output)
    fsync_dir(output.parent)


def remove_stale_temp_dirs(parent: Path) -> list[Path]:
    """Remove temp dirs (and lock files) in ``parent`` whose run is dead; return what was removed."""
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for path in sorted(parent.iterdir()):
        if TEMP_MARK not in path.name:
            continue
        if path.name.endswith(_LOCK) and path.is_file():
            if not path.with_name(path.name[: -len(_LOCK)]).exists() and _remove_if_unheld(path):
                removed.append(path)
            continue
        if not path.is_dir():
            continue
        lock = path.with_name(path.name + _LOCK)
        if lock_is_held(lock):
            continue  # a live export owns it
        shutil.rmtree(path, ignore_errors=True)
        _remove_if_unheld(lock)
        removed.append(path)
    return removed


def _remove_if_unheld(lock: Path) -> bool:
    """Unlink a lock file while holding it, so a run racing to take it notices and retries."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    try:
        lock.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return True
