"""Which counts a decision reads: the pack's counting period of the thresholds, on its date.

The period over which people provided abroad add up is law (the pack's dated parameter
``parameters.counting.year_to_date_period``), not a constant of this code. Counters and stored
exports are kept per calendar year, so only a period of one calendar year can be computed from
them; any other period stops the decision rather than under-count (fail closed).
"""

from __future__ import annotations

from datetime import date

from carborder.errors import Msg, PackError
from carborder.model.counters import Counters
from carborder.rulebook.pack import Pack

__all__ = ["PERIOD_PARAMETER", "counting_period", "counting_year", "counts_in_period"]

PERIOD_PARAMETER = "parameters.counting.year_to_date_period"
# What the per-calendar-year counters can answer. A period spanning two years would need last
# year's counts as well, which no counter here carries.
_ONE_CALENDAR_YEAR = "calendar_year"


def counting_period(pack: Pack, as_of: date) -> str:
    """The counting period in force on ``as_of`` (a PackError when none is or it is not text)."""
    if PERIOD_PARAMETER not in pack.parameters:
        raise PackError(
            Msg("err-pack-no-period", param=PERIOD_PARAMETER), hint=Msg("hint-pack-no-period")
        )
    try:
        value, _ = pack.param_at(PERIOD_PARAMETER, as_of)
    except LookupError:  # the only lookup that fails: a day before the parameter's first value
        first = min(pack.parameters[PERIOD_PARAMETER].values).isoformat()
        detail = Msg(
            "param-no-value-before", param=PERIOD_PARAMETER, first=first, day=as_of.isoformat()
        )
        raise PackError(
            Msg("err-no-period-in-force", day=as_of.isoformat(), detail=detail),
            hint=Msg("hint-date-pack-covers"),
        ) from None
    return str(value)


def counting_year(pack: Pack, as_of: date) -> int:
    """The calendar year whose counts apply on ``as_of``; refuses a period it cannot compute."""
    period = counting_period(pack, as_of)
    if period != _ONE_CALENDAR_YEAR:
        raise PackError(
            Msg(
                "err-period-not-year",
                param=PERIOD_PARAMETER,
                day=as_of.isoformat(),
                period=period,
                year=_ONE_CALENDAR_YEAR,
            ),
            hint=Msg("hint-period-not-year"),
        )
    return as_of.year


def counts_in_period(counters: Counters, pack: Pack, as_of: date) -> Counters:
    """The declared counts that apply to a decision dated ``as_of`` (zero from another period)."""
    return counters.in_year(counting_year(pack, as_of))
