"""Deadlines as files people take elsewhere: CSV for spreadsheets, iCalendar for calendars.

Both are made from the same rows the dashboard shows (:func:`~carborder.web.views.dashboard.
deadlines`), in the reader's language. The iCalendar text follows RFC 5545 (CRLF lines folded
at 75 octets, escaped text, all-day events) and is written here because it is a few lines of
a fixed format; no calendar library is installed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from carborder.i18n import Messages, render_cite
from carborder.web.schemas import DeadlineOut

__all__ = ["CSV_COLUMNS", "deadlines_csv", "deadlines_ical"]

#: Columns of the CSV file, in order (headers from ``web-deadlines-col-<column>``).
CSV_COLUMNS = (
    "due",
    "days-left",
    "flow",
    "obligation",
    "title",
    "deadline",
    "calendar",
    "conditional",
    "cites",
)


def _title(row: DeadlineOut, m: Messages) -> str:
    return row.obligation.title_zh if m.zh else row.obligation.title_en


def _cites(row: DeadlineOut, m: Messages) -> str:
    return m.join(render_cite(c, m.lang) for c in row.obligation.cites)


def deadlines_csv(rows: Sequence[DeadlineOut], m: Messages) -> str:
    """One line per dated obligation; starts with a BOM so spreadsheet programs read UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([m(f"web-deadlines-col-{c}") for c in CSV_COLUMNS])
    for row in rows:
        ob = row.obligation
        writer.writerow(
            [
                ob.due.isoformat() if ob.due else "",
                row.days_left,
                row.flow,
                ob.id,
                _title(row, m),
                m.term("web-deadlines-kind", ob.deadline),
                m.term("web-deadlines-calendar", ob.calendar),
                m.yes_no(ob.conditional),
                _cites(row, m),
            ]
        )
    return "\ufeff" + buf.getvalue()


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets (continuations start with a space)."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return out


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def deadlines_ical(
    rows: Sequence[DeadlineOut], m: Messages, *, stamp: datetime, calendar_name: str
) -> str:
    """An iCalendar file: one all-day event per dated obligation, on its due date.

    ``stamp`` (UTC) is the file's DTSTAMP; event UIDs are stable (flow, obligation, due date),
    so importing a newer file updates the events instead of duplicating them.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//carborder//deadlines//" + m.lang.value.upper(),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(calendar_name),
    ]
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    for row in rows:
        ob = row.obligation
        if ob.due is None:
            continue
        details = [
            m.term("web-deadlines-kind", ob.deadline),
            m.term("web-deadlines-calendar", ob.calendar),
            _cites(row, m),
            m("disclaimer"),
        ]
        if ob.conditional:
            details.insert(1, m("web-deadlines-conditional"))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{row.flow}.{ob.id}.{_day(ob.due)}@carborder",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{_day(ob.due)}",
            f"DTEND;VALUE=DATE:{_day(ob.due + timedelta(days=1))}",
            "SUMMARY:" + _escape(f"{row.flow}: {_title(row, m)}"),
            "DESCRIPTION:" + _escape("\n".join(d for d in details if d)),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))
