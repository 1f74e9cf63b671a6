"""The range of dates carborder computes with, so no date overflows the calendar.

Deadlines add years and working days to a decision date, and Python's calendar ends on
9999-12-31: a date near that end (``--as-of 9999-12-31``) would overflow in the middle of a
decision. Dates outside this range are bad input, said up front.
"""

from __future__ import annotations

from datetime import date

from carborder.errors import CarborderError, InputError, Msg
from carborder.safety.limits import EARLIEST_DATE, LATEST_DATE
from carborder.safety.oserrors import what_msg

__all__ = ["check_date"]


def check_date(
    value: date, *, what: str | Msg = "date", error: type[CarborderError] = InputError
) -> date:
    """Return ``value`` when carborder can compute with it; otherwise raise a clear error.

    >>> check_date(date(2026, 6, 30))
    datetime.date(2026, 6, 30)
    >>> check_date(date(9999, 12, 31), what="--as-of")
    Traceback (most recent call last):
    ...
    carborder.errors.InputError: --as-of: 9999-12-31 is outside the dates carborder computes with (1900-01-01 to 2199-12-31)
      → give a date in that range (deadlines are computed years past it)
    """
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return value
    raise error(
        Msg(
            "err-date-out-of-range",
            what=what_msg(what),
            value=value.isoformat(),
            earliest=EARLIEST_DATE.isoformat(),
            latest=LATEST_DATE.isoformat(),
        ),
        hint=Msg("hint-date-out-of-range"),
    )
