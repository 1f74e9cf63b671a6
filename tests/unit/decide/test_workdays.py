"""Working days on the official PRC calendar, and the estimate beyond the published years."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from carborder.decide.workdays import add_working_days, is_workday, sub_working_days


@pytest.mark.parametrize(
    ("day", "work"),
    [
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 7), False),  # last day of Golden Week
        (date(2026, 10, 8), True),  # back to work
        (date(2026, 10, 10), True),  # Saturday made a working day
        (date(2026, 9, 20), True),  # Sunday made a working day before Golden Week
        (date(2026, 9, 25), False),  # Mid-Autumn Festival (a Friday)
        (date(2026, 2, 16), False),  # Spring Festival eve
        (date(2026, 2, 23), False),  # last Spring Festival holiday (a Monday)
        (date(2026, 2, 14), True),  # Saturday made a working day before Spring Festival
        (date(2026, 2, 28), True),  # Saturday made a working day after it
        (date(2026, 6, 30), True),  # ordinary Tuesday
        (date(2026, 7, 4), False),  # ordinary Saturday
    ],
)
def test_official_calendar(day: date, work: bool) -> None:
    assert is_workday(day) == (work, True)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # SCC filing: contract effective on Mid-Autumn Festival, 10 working days skip Golden Week
        # and count the adjusted Saturday 10 October
        (date(2026, 9, 25), 10, date(2026, 10, 15)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # the day before National Day
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Friday → adjusted working Saturday
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # then nine holiday days are skipped
        (date(2026, 2, 12), 3, date(2026, 2, 24)),
        (date(2026, 6, 26), 5, date(2026, 7, 3)),  # ordinary week: Friday + 5 = next Friday
        (date(2026, 6, 29), 0, date(2026, 6, 29)),  # zero days is the start day
    ],
)
def test_add_working_days(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == (due, True)


@pytest.mark.parametrize(
    ("end", "days", "opens"),
    [
        (date(2026, 9, 1), 60, date(2026, 6, 8)),  # assessment extension window (60 working days)
        (date(2026, 10, 9), 2, date(2026, 9, 30)),  # backwards over Golden Week
        (date(2026, 2, 24), 1, date(2026, 2, 14)),  # backwards over Spring Festival
    ],
)
def test_sub_working_days(end: date, days: int, opens: date) -> None:
    assert sub_working_days(end, days) == (opens, True)


def _first_unpublished_year() -> int:
    year = date.today().year
    while True:
        try:
            chinese_calendar.is_workday(date(year, 7, 1))
        except NotImplementedError:
            return year
        year += 1


def test_beyond_the_published_calendar_is_estimated_mon_to_fri() -> None:
    year = _first_unpublished_year()
    monday = date(year, 3, 1) + timedelta(days=(7 - date(year, 3, 1).weekday()) % 7)
    assert is_workday(monday) == (True, False)
    assert is_workday(monday + timedelta(days=5)) == (False, False)  # Saturday
    # an estimated span says so
    due, official = add_working_days(monday, 5)
    assert (due, official) == (monday + timedelta(days=7), False)


def test_a_span_crossing_into_the_unpublished_year_is_marked_estimated() -> None:
    year = _first_unpublished_year()
    due, official = add_working_days(date(year - 1, 12, 24), 10)
    assert due.year == year
    assert official is False
