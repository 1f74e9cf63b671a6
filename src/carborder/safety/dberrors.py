"""Database errors a person can fix (read-only, missing, locked, damaged) as clear bad input.

SQLite reports a read-only workspace (``chmod``, a read-only mount, another owner) only when
carborder first writes, deep inside some command, as "attempt to write a readonly database".
Every engine maps those errors here, once, to the file concerned and what to do.
"""

from __future__ import annotations

from carborder.errors import WorkspaceError

__all__ = ["database_error"]

# fragment of the driver's message → (what happened, what to do)
_KNOWN: tuple[tuple[str, str, str], ...] = (
    (
        "readonly database",
        "the workspace database is read-only for this user",
        "give this user write access to the database file and its folder (`ls -l` shows owner "
        "and mode; SQLite writes -wal/-shm files beside it), or run as the owner",
    ),
    (
        "unable to open database file",
        "the workspace database cannot be opened (its folder is missing, read-only or not "
        "accessible for this user)",
        "give this user read and write access to the folder holding the database, or run as "
        "the owner",
    ),
    (
        "database is locked",
        "the workspace database stayed locked by another process",
        "retry when the other carborder command has finished",
    ),
    (
        "disk i/o error",
        "the disk failed while reading or writing the workspace database",
        "check the disk (and free space); copy the workspace to a healthy disk",
    ),
    (
        "database or disk is full",
        "no space left for the workspace database",
        "free some space on the disk holding the workspace",
    ),
    (
        "file is not a database",
        "the workspace database file is not an SQLite database (overwritten or corrupt)",
        "restore the database from a backup",
    ),
    (
        "database disk image is malformed",
        "the workspace database file is damaged",
        "restore the database from a backup; `carborder audit verify` then says what changed",
    ),
    (
        "no such table",
        "the workspace database is damaged: a table is missing",
        "restore the database from a backup; `carborder audit verify` says what else changed",
    ),
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
            return WorkspaceError(what, file=file, hint=hint)
    return None
