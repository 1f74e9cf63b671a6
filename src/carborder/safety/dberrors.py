"""Database errors a person can fix (read-only, missing, locked, damaged) as clear bad input.

SQLite reports a read-only workspace (``chmod``, a read-only mount, another owner) only when
carborder first writes, deep inside some command, as "attempt to write a readonly database".
Every engine maps those errors here, once, to the file concerned and what to do.
"""

from __future__ import annotations

from carborder.errors import Msg, WorkspaceError

__all__ = ["database_error"]

# fragment of the driver's message → catalogue ids of (what happened, what to do)
_KNOWN: tuple[tuple[str, str, str], ...] = (
    ("readonly database", "err-db-readonly", "hint-db-readonly"),
    ("unable to open database file", "err-db-cannot-open", "hint-db-cannot-open"),
    ("database is locked", "err-db-locked", "hint-db-locked"),
    ("disk i/o error", "err-db-disk-io", "hint-db-disk-io"),
    ("database or disk is full", "err-db-full", "hint-db-full"),
    ("file is not a database", "err-db-not-database", "hint-db-not-database"),
    ("database disk image is malformed", "err-db-malformed", "hint-db-malformed"),
    ("no such table", "err-db-no-table", "hint-db-no-table"),
)


def database_error(message: str, *, file: str | None) -> WorkspaceError | None:
    """The bad-input error for a driver message, or None when it is not one a person fixes.

    >>> database_error("(sqlite3.OperationalError) attempt to write a readonly database",
    ...                file="/w/.carborder/carborder.db").message
    'the workspace database is read-only for this user'
    >>> database_error("syntax error near SELEC", file=None) is None
    True
    """
    low = message.lower()
    for fragment, what, hint in _KNOWN:
        if fragment in low:
            return WorkspaceError(Msg(what), file=file, hint=Msg(hint))
    return None
