"""Turn operating-system errors (permissions, read-only disks, full disks…) into clear bad input.

Every command reads and writes files a person controls; when the system refuses, the person
needs the file, what the system said in plain words, and what to do — not a traceback. The
words come from the message catalogue (``os-*``), so they read the same in every language.
"""

from __future__ import annotations

import errno
from pathlib import Path

from carborder.errors import CarborderError, InputError, Msg

__all__ = ["input_error_from_os", "what_msg"]

# errno → catalogue ids of (what happened, what to do); both take $action (read or write).
_ADVICE: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("os-enoent", "hint-os-enoent"),
    errno.EACCES: ("os-eacces", "hint-os-eacces"),
    errno.EPERM: ("os-eperm", "hint-os-eperm"),
    errno.EROFS: ("os-erofs", "hint-os-erofs"),
    errno.ENOSPC: ("os-enospc", "hint-os-space"),
    errno.EDQUOT: ("os-edquot", "hint-os-space"),
    errno.EISDIR: ("os-eisdir", "hint-os-eisdir"),
    errno.ENOTDIR: ("os-enotdir", "hint-os-enotdir"),
    errno.ELOOP: ("os-eloop", "hint-os-eloop"),
    errno.ENAMETOOLONG: ("os-enametoolong", "hint-os-enametoolong"),
    errno.EEXIST: ("os-eexist", "hint-os-eexist"),
    errno.ENOTEMPTY: ("os-enotempty", "hint-os-enotempty"),
    errno.EIO: ("os-eio", "hint-os-eio"),
    errno.ENXIO: ("os-enxio", "hint-os-enxio"),
    errno.EMFILE: ("os-emfile", "hint-os-emfile"),
    errno.EBUSY: ("os-ebusy", "hint-os-busy"),
    errno.ETXTBSY: ("os-etxtbsy", "hint-os-busy"),
}

#: What a file is for people, as callers name it → its catalogue id. Names not listed here
#: (a file name, an option such as ``--as-of``) are identifiers and shown as they are.
_WHAT: dict[str, str] = {
    "YAML file": "what-yaml-file",
    "input file": "what-input-file",
    "input": "what-input",
    "output folder": "what-output-folder",
    "folder of the output": "what-output-parent",
    "folder": "what-folder",
    "DBC file": "what-dbc-file",
    "anchor file": "what-anchor-file",
    "counter key file": "what-counter-key-file",
    "counter key file marker": "what-counter-key-marker",
    "pseudonymisation key file": "what-pseudonym-key-file",
    "pseudonymisation key file marker": "what-pseudonym-key-marker",
    "public key file": "what-public-key-file",
    "signing key": "what-signing-key",
    "sensitive areas": "what-sensitive-areas",
    "workspace database": "what-workspace-database",
    "date": "what-date",
}


def what_msg(what: str | Msg) -> str | Msg:
    """The catalogue message for a file's role (``"input file"`` → ``what-input-file``).

    >>> what_msg("input file").format("zh")
    '输入文件'
    >>> what_msg("manifest.json")
    'manifest.json'
    """
    if isinstance(what, Msg):
        return what
    msg_id = _WHAT.get(what)
    return Msg(msg_id) if msg_id else what


def input_error_from_os(
    exc: OSError,
    *,
    action: str = "read",
    file: Path | str | None = None,
    what: str | Msg | None = None,
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
    >>> e.localized("zh")[0]
    '权限不足（读取）'
    """
    target = file if file is not None else (exc.filename if exc.filename else None)
    verb = Msg("os-action-write" if action == "write" else "os-action-read")
    ids = _ADVICE.get(exc.errno or -1)
    if ids is None:
        # the system's own words (English on most systems): quoted detail, never translated
        said = Msg("os-other", detail=exc.strerror or str(exc))
        hint = Msg("hint-os-other")
    else:
        said, hint = Msg(ids[0], action=verb), Msg(ids[1], action=verb)
    message = Msg("err-os-what", what=what_msg(what), said=said) if what else said
    return error(message, file=target, hint=hint)
