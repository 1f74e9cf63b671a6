"""The injectable wall clock: only entry points read the real time, logic receives a Clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "fixed_clock", "system_clock"]

#: A zero-argument callable returning an aware UTC datetime.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current UTC time (the default clock of entry points)."""
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """Return a clock that always answers ``at`` (for tests and replays).

    >>> from datetime import datetime, UTC
    >>> fixed_clock(datetime(2026, 1, 2, tzinfo=UTC))().year
    2026
    """

    def _clock() -> datetime:
        return at

    return _clock
