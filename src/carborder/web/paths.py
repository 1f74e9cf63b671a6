"""Paths that clients name: only inside the workspace, never above it (no path traversal)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from carborder.errors import InputError, Msg

__all__ = ["inside_workspace"]


def inside_workspace(root: Path, relative: str, *, must_exist: bool = True) -> Path:
    """Resolve a client-given path against the workspace, refusing anything outside it.

    Absolute paths, ``..`` segments, NUL bytes and symbolic links that lead out of the
    workspace are refused; the state folder ``.carborder`` (keys, database) is off limits.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "data").mkdir(); _ = (root / "data" / "a.csv").write_text("x")
    >>> inside_workspace(root, "data/a.csv").name
    'a.csv'
    >>> inside_workspace(root, "../etc/passwd")
    Traceback (most recent call last):
    ...
    carborder.errors.InputError: path '../etc/passwd' leaves the workspace
      → name a file or folder inside the workspace, e.g. data/trips.parquet

    Raises:
        InputError: the path is empty, absolute, leaves the workspace, names the state
            folder, or (with ``must_exist``) does not exist.
    """
    hint = Msg("web-hint-path")
    text = relative.strip()
    if not text or "\0" in text or "\\" in text:
        raise InputError(Msg("web-path-invalid", path=relative), hint=hint)
    pure = PurePosixPath(text)
    if pure.is_absolute() or ".." in pure.parts:
        raise InputError(Msg("web-path-outside", path=relative), hint=hint)
    if pure.parts and pure.parts[0] == ".carborder":
        raise InputError(Msg("web-path-state", path=relative), hint=hint)
    base = root.resolve()
    resolved = (base / pure).resolve()
    if not resolved.is_relative_to(base) or resolved.is_relative_to(base / ".carborder"):
        raise InputError(Msg("web-path-outside", path=relative), hint=hint)
    if must_exist and not resolved.exists():
        raise InputError(Msg("web-path-missing", path=relative), hint=hint)
    return resolved
