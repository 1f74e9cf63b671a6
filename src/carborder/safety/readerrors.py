"""Why a data file could not be read, and what to do — one wording for every reader.

Readers fail in their library's words ("Parquet magic bytes not found in footer", "year 0 is
out of range"). A person needs the file, what is wrong with it in plain words and a remedy:
a file cut off in transfer, a file whose name promises another format, a damaged disk.
"""

from __future__ import annotations

from pathlib import Path

from carborder.errors import CarborderError, Msg, ScanInputError
from carborder.safety.oserrors import input_error_from_os
from carborder.safety.text import printable

__all__ = ["file_problem", "unreadable_file"]


def _remedy(reader: str) -> Msg:
    return Msg("hint-unreadable-file", reader=reader)


def unreadable_file(exc: BaseException, *, file: Path | str, reader: str) -> CarborderError:
    """A clear error for ``exc`` raised while reading ``file`` with the ``reader`` format.

    >>> e = unreadable_file(ValueError("Parquet magic bytes not found"), file="a.parquet",
    ...                     reader="parquet")
    >>> e.message
    'cannot be read as parquet: the content is corrupt, truncated or of another format (Parquet magic bytes not found)'
    """
    if isinstance(exc, CarborderError):
        if exc.hint is None:
            exc.hint_msg = _remedy(reader)
            exc.hint = exc.hint_msg.format("en")
        return exc
    if isinstance(exc, OSError) and exc.errno is not None:
        return input_error_from_os(exc, file=file, what="input file", error=ScanInputError)
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return ScanInputError(
        Msg("err-unreadable-file", reader=reader, detail=detail),
        file=file,
        hint=_remedy(reader),
    )


def file_problem(exc: BaseException, *, file: Path | str, reader: str, lang: str = "en") -> str:
    """What is wrong and what to do, in one line (in ``lang``), for a per-file report.

    >>> file_problem(EOFError("unexpected end"), file="x.mcap", reader="mcap")[:40]
    'cannot be read as mcap: the content is c'
    """
    err = unreadable_file(exc, file=file, reader=reader)
    message, hint = err.localized(lang)
    return printable(message + (f" → {hint}" if hint else ""))
