"""Deadlines download as CSV and iCalendar: the dashboard's rows, in zh or en, well-formed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from tests.web_server import Server
from tests.zh_check import english_words

from carborder.i18n import messages


def _api_rows(server: Server) -> list[dict[str, object]]:
    r = server.client.get("/api/v1/deadlines", headers=server.auth("viewer"))
    assert r.status_code == 200, r.text
    rows: list[dict[str, object]] = r.json()
    assert rows, "the demo workspace has dated obligations"
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_holds_the_dashboard_rows_in_the_language(server: Server, lang: str) -> None:
    want = _api_rows(server)
    r = server.client.get(f"/api/v1/deadlines.csv?lang={lang}", headers=server.auth("viewer"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "deadlines.csv" in r.headers["content-disposition"]
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs then read UTF-8
    table = list(csv.reader(io.StringIO(text[1:])))
    header, body = table[0], table[1:]
    m = messages(lang)
    assert header[0] == m("web-deadlines-col-due") and len(body) == len(want)
    for line, row in zip(body, want, strict=True):
        ob = row["obligation"]
        assert isinstance(ob, dict)
        assert line[0] == ob["due"] and int(line[1]) == row["days_left"] and line[2] == row["flow"]
        assert line[3] == ob["id"] and line[4] == ob["title_zh" if lang == "zh" else "title_en"]
    if lang == "zh":
        words = [
            english_words(" ".join([*header, *(ln[4] + ln[5] + ln[6] + ln[7] for ln in body)]))
        ]
        assert words == [[]], words


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert len(line.encode("utf-8")) <= 75, line  # RFC 5545 §3.1
    out: list[str] = []
    for line in raw:
        if line.startswith(" "):
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def _unescape(text: str) -> str:
    """RFC 5545 TEXT back to plain text."""
    return re.sub(r"\\([\\;,nN])", lambda g: "\n" if g[1] in "nN" else g[1], text)


def _events(lines: list[str]) -> list[dict[str, str]]:
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            key, _, value = line.partition(":")
            current[key] = value
    return events


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ical_has_one_all_day_event_per_deadline(server: Server, lang: str) -> None:
    want = _api_rows(server)
    r = server.client.get(f"/api/v1/deadlines.ics?lang={lang}", headers=server.auth("viewer"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    lines = _unfold(r.content.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    events = _events(lines)
    assert len(events) == len(want)
    assert len({e["UID"] for e in events}) == len(events)  # stable, distinct ids
    m = messages(lang)
    for event, row in zip(events, want, strict=True):
        ob = row["obligation"]
        assert isinstance(ob, dict)
        due = date.fromisoformat(str(ob["due"]))
        assert event["DTSTART;VALUE=DATE"] == due.strftime("%Y%m%d")
        assert event["DTEND;VALUE=DATE"] == (due + timedelta(days=1)).strftime("%Y%m%d")
        title = str(ob["title_zh" if lang == "zh" else "title_en"])
        assert _unescape(event["SUMMARY"]) == f"{row['flow']}: {title}"
        assert _unescape(event["DESCRIPTION"]).splitlines()[-1] == m("disclaimer")
        assert len(event["DTSTAMP"]) == 16 and event["DTSTAMP"].endswith("Z")


def test_dashboard_links_the_downloads_in_its_language(server: Server) -> None:
    server.add_person("li.wei", "compliance_officer")
    browser = server.login("li.wei")
    page = browser.get("/", params={"lang": "zh"}).text
    assert 'href="/api/v1/deadlines.csv?lang=zh"' in page and "日历文件" in page
    assert browser.get("/api/v1/deadlines.ics?lang=zh").status_code == 200  # a session suffices
