"""Working days on the official PRC holiday calendar (adjusted weekends included)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

__all__ = ["add_working_days", "add_years", "is_workday", "sub_working_days"]


def is_workday(day: date) -> tuple[bool, bool]:
    """Return ``(is a working day, official)``; beyond the published calendar, Mon–Fri.

    >>> is_workday(date(2026, 10, 1))  # National Day
    (False, True)
    """
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        # The State Council publishes next year's schedule in late autumn; until the package
        # has it, estimate with Mon–Fri and say so.
        return day.weekday() < 5, False


def _step(start: date, days: int, sign: int) -> tuple[date, bool]:
    official = True
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=sign)
        work, known = is_workday(current)
        official = official and known
        if work:
            remaining -= 1
    return current, official


def add_working_days(start: date, days: int) -> tuple[date, bool]:
    """The date ``days`` working days after ``start``, and whether the calendar was official.

    >>> add_working_days(date(2026, 9, 30), 1)  # Golden Week holidays are skipped
    (datetime.date(2026, 10, 8), True)
    """
    return _step(start, days, 1)


def sub_working_days(start: date, days: int) -> tuple[date, bool]:
    """The date ``days`` working days before ``start``."""
    return _step(start, days, -1)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February.

    >>> add_years(date(2024, 2, 29), 3)
    datetime.date(2027, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
