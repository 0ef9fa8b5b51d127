"""``core.lib.ical`` writes exactly what ``icalendar`` writes, only faster."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
from icalendar.parser import Contentline

from vielfalt.core.lib import ical

# Characters of one to four octets, and the two that start an escape (a fold never follows them).
ALPHABET = "aZ 0,;:\\^\näß€ب😀"


@pytest.mark.parametrize(
    "line",
    [
        "",
        "SUMMARY:Vernetzungstreffen",
        "X" * 74,
        "X" * 75,
        "X" * 148,
        "X" * 149,
        "DESCRIPTION:" + "ä" * 80,
        "DESCRIPTION:" + "😀" * 40,
        "X" * 72 + "\\n" + "Y" * 10,  # the escape's backslash would end the first line
        "X" * 73 + "\\n" + "Y" * 10,
        "X" * 73 + "^n" + "Y" * 10,
        "\\" * 200,
        "DESCRIPTION:" + "لقاء الشبكة في فيسبادن، " * 8,
    ],
)
def test_a_line_is_folded_as_icalendar_folds_it(line: str) -> None:
    assert ical.fold(line) == Contentline(line).to_ical()


def test_random_lines_are_folded_as_icalendar_folds_them() -> None:
    chance = random.Random(2026)
    for _ in range(500):
        line = "".join(chance.choice(ALPHABET) for _ in range(chance.randrange(0, 320))).replace("\n", "\\n")
        assert ical.fold(line) == Contentline(line).to_ical(), line


def test_no_folded_line_is_longer_than_75_octets_or_splits_a_character() -> None:
    folded = ical.fold("DESCRIPTION:" + "ä€😀ب" * 60)
    parts = folded.split(b"\r\n")
    assert len(parts) > 1
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    for part in parts:
        part.decode()  # raises if a character was cut in two


BERLIN = ZoneInfo("Europe/Berlin")
# Texts with what TEXT and parameter values escape or quote: , ; : \\ ^ " ' ’ line breaks, and long lines.
TEXTS = [
    "Vernetzungstreffen",
    "Vernetzungstreffen; Wiesbaden, 2027",
    'Verein "Ümit" e.V.',
    "Verein Ümit e.V.",
    "O’Brien's Büro: Beratung",
    "C:\\Vereine\\Liste ^ Zeile\nzwei\r\ndrei\rvier fünf",
    "لقاء الشبكة في فيسبادن، " * 6,
    "😀 " * 40,
    "",
]


def both(index: int, text: str) -> tuple[icalendar.Calendar, ical.Calendar]:
    """The same calendar built with icalendar and written here, with every kind of value the platform's
    calendars use."""
    starts = datetime(2027, 3, 1 + index, 10, 30, 15, tzinfo=BERLIN)
    stamp = datetime(2026, 12, 7, 14, 5, 9, 123456, tzinfo=UTC)
    theirs = icalendar.Calendar()
    ours = ical.Calendar(prodid="-//Kompetenzzentrum Vielfalt Hessen//Vielfalt//DE", method="REQUEST")
    theirs.add("prodid", "-//Kompetenzzentrum Vielfalt Hessen//Vielfalt//DE")
    theirs.add("version", "2.0")
    theirs.add("calscale", "GREGORIAN")
    theirs.add("method", "REQUEST")
    theirs.add("x-wr-calname", text.replace("\r", "").replace("\n", " "))
    theirs.add("x-wr-timezone", "Europe/Berlin")
    event = icalendar.Event()
    event.add("uid", f"event-{index}@vielfalt-hessen")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", starts.astimezone(UTC) + timedelta(hours=2))
    event.add("summary", text)
    event.add("description", text * 3)
    event.add("location", text)
    event.add("url", "https://vielfalt.example/de/veranstaltungen/treffen-2027/?a=1,2;3")
    event.add("organizer", "mailto:team@example.org", parameters={"CN": text})
    event.add("attendee", "mailto:a@example.org", parameters={"CN": text, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    for email, name, status in (("b@example.org", "B", "DECLINED"), ("c@example.org", "c@example.org", "ACCEPTED")):
        parameters = {"CN": name, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE", "PARTSTAT": status}
        event.add("attendee", f"mailto:{email}", parameters=parameters)
    event.add("status", "CONFIRMED")
    event.add("last-modified", starts)
    event.add("sequence", 29944251 + index)
    event.add("transp", "TRANSPARENT")
    theirs.add_component(event)
    deadline = icalendar.Event()
    deadline.add("uid", "funding-call-1@vielfalt-hessen")
    deadline.add("dtstart", date(2027, 1, 31))
    deadline.add("dtend", date(2027, 2, 1))
    theirs.add_component(deadline)
    theirs.add_missing_timezones()

    # Here the properties are added in another order: the writer sorts them as icalendar does.
    ours.extension("X-WR-TIMEZONE", "Europe/Berlin")
    ours.extension("X-WR-CALNAME", text.replace("\r", "").replace("\n", " "))
    component = ical.Component()
    component.text("TRANSP", "TRANSPARENT")
    component.value("SEQUENCE", 29944251 + index)
    component.utc("LAST-MODIFIED", starts)
    component.text("STATUS", "CONFIRMED")
    component.value("ATTENDEE", "mailto:a@example.org", CN=text, ROLE="REQ-PARTICIPANT", RSVP="FALSE")
    component.attendee("b@example.org", name="B", status="DECLINED")
    component.attendee("c@example.org", name="", status="ACCEPTED")  # no name: the address is the CN
    component.value("ORGANIZER", "mailto:team@example.org", CN=text)
    component.value("URL", "https://vielfalt.example/de/veranstaltungen/treffen-2027/?a=1,2;3")
    component.text("LOCATION", text)
    component.text("DESCRIPTION", text * 3)
    component.text("SUMMARY", text)
    component.moment("DTEND", starts.astimezone(UTC) + timedelta(hours=2))
    component.moment("DTSTART", starts)
    component.utc("DTSTAMP", stamp)
    component.text("UID", f"event-{index}@vielfalt-hessen")
    ours.add(component)
    deadline_here = ical.Component()
    deadline_here.text("UID", "funding-call-1@vielfalt-hessen")
    deadline_here.day("DTEND", date(2027, 2, 1))
    deadline_here.day("DTSTART", date(2027, 1, 31))
    ours.add(deadline_here)
    return theirs, ours


@pytest.mark.parametrize(("index", "text"), list(enumerate(TEXTS)))
def test_a_calendar_is_written_byte_for_byte_as_icalendar_writes_it(index: int, text: str) -> None:
    theirs, ours = both(index, text)

    written = ours.to_ical()

    assert written == theirs.to_ical()
    event = icalendar.Calendar.from_ical(written).walk("VEVENT")[0]
    assert event["SUMMARY"] == text.replace("\r\n", "\n").replace("\r", "\n")
    assert event["ORGANIZER"].params["CN"] == text.replace("\r\n", "\n").replace("\r", "\n")


def test_random_texts_are_written_as_icalendar_writes_them() -> None:
    chance = random.Random(2026)
    for index in range(200):
        text = "".join(chance.choice(ALPHABET + "\"’'\r") for _ in range(chance.randrange(1, 120)))
        theirs, ours = both(index % 20, text)
        assert ours.to_ical() == theirs.to_ical(), text


def test_a_calendar_without_zoned_times_has_no_time_zone() -> None:
    cal = ical.Calendar(prodid="-//Vielfalt//DE", method="PUBLISH")
    deadline = ical.Component()
    deadline.day("DTSTART", date(2027, 1, 31))
    deadline.utc("DTSTAMP", datetime(2026, 12, 7, tzinfo=UTC))
    cal.add(deadline)

    assert b"VTIMEZONE" not in cal.to_ical()


def test_the_time_zone_is_icalendars_built_once_and_written_once() -> None:
    ours = both(0, "Treffen")[1]
    second = ical.Component()
    second.moment("DTSTART", datetime(2027, 7, 1, 10, tzinfo=BERLIN))  # summer time: the same zone
    ours.add(second)

    written = ours.to_ical()

    assert written.count(b"BEGIN:VTIMEZONE") == 1
    assert [tz["TZID"] for tz in icalendar.Calendar.from_ical(written).timezones] == ["Europe/Berlin"]
    ical._timezone.cache_clear()
    assert both(1, "Treffen")[1].to_ical() == both(1, "Treffen")[1].to_ical()
    assert ical._timezone.cache_info().misses == 1  # built for the first calendar, reused by the second


def test_a_line_break_in_the_calendars_name_is_escaped_where_icalendar_fails() -> None:
    cal = ical.Calendar(prodid="-//Vielfalt//DE", method="PUBLISH")
    cal.extension("X-WR-CALNAME", "Veranstaltungen\nvon uns")

    written = cal.to_ical()

    assert b"X-WR-CALNAME:Veranstaltungen\\nvon uns\r\n" in written
    with pytest.raises(AssertionError):  # icalendar refuses to write it
        theirs = icalendar.Calendar()
        theirs.add("x-wr-calname", "Veranstaltungen\nvon uns")
        theirs.to_ical()


def test_a_time_without_a_named_zone_is_refused() -> None:
    component = ical.Component()
    with pytest.raises(ValueError, match="DTSTART"):
        component.moment("DTSTART", datetime(2027, 3, 1, 10))
    with pytest.raises(ValueError, match="DTSTART"):
        component.moment("DTSTART", datetime(2027, 3, 1, 10, tzinfo=timezone(timedelta(hours=1))))


def test_a_line_break_in_an_address_is_refused_rather_than_written_as_a_property() -> None:
    component = ical.Component()
    with pytest.raises(ValueError, match="URL"):
        component.value("URL", "https://vielfalt.example/\r\nATTENDEE:mailto:x@example.org")
    assert component.lines() == ["BEGIN:VEVENT", "END:VEVENT"]


def test_a_backslash_before_a_capital_n_stays_a_backslash() -> None:
    """icalendar would write ``C:\\Neue`` as a line break before "eue"; the text keeps its backslash."""
    component = ical.Component()
    component.text("DESCRIPTION", "Ablage: C:\\Neue Dateien")

    assert component.lines()[1] == "DESCRIPTION:Ablage: C:\\\\Neue Dateien"
