"""Exit codes shared by every command."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """Process exit codes: 0 ok, 1 refused / not allowed / not intact, 2 bad input."""

    OK = 0
    REFUSED = 1
    BAD_INPUT = 2
