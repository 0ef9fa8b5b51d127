"""``core.lib.ical`` writes exactly what ``icalendar`` writes, only faster."""

from __future__ import annotations

import random
from datetime import datetime
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


def test_a_calendar_is_written_byte_for_byte_as_icalendar_writes_it() -> None:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kompetenzzentrum Vielfalt Hessen//Vielfalt//DE")
    cal.add("version", "2.0")
    berlin = ZoneInfo("Europe/Berlin")
    for index in range(3):
        event = icalendar.Event()
        event.add("uid", f"event-{index}@vielfalt-hessen")
        event.add("dtstart", datetime(2027, 3, 1 + index, 10, tzinfo=berlin))
        event.add("summary", "Vernetzungstreffen; Wiesbaden, 2027")
        event.add("description", "Austausch über Fördermittel.\n\nلقاء الشبكة في فيسبادن " * (index + 1))
        event.add("organizer", "mailto:team@example.org", parameters={"CN": "Verein Ümit e.V."})
        cal.add_component(event)
    cal.add_missing_timezones()

    assert ical.to_ical(cal) == cal.to_ical()
    assert icalendar.Calendar.from_ical(ical.to_ical(cal)) == cal


def test_the_time_zones_are_those_icalendar_adds_built_once() -> None:
    def calendar() -> icalendar.Calendar:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Kompetenzzentrum Vielfalt Hessen//Vielfalt//DE")
        event = icalendar.Event()
        event.add("uid", "event-1@vielfalt-hessen")
        event.add("dtstart", datetime(2027, 3, 1, 10, tzinfo=ZoneInfo("Europe/Berlin")))
        cal.add_component(event)
        return cal

    theirs, ours, again = calendar(), calendar(), calendar()
    theirs.add_missing_timezones()
    ical.add_timezones(ours)
    ical.add_timezones(again)

    assert ical.to_ical(ours) == theirs.to_ical()
    assert [tz["TZID"] for tz in ours.timezones] == ["Europe/Berlin"]
    assert again.timezones[0] is ours.timezones[0]  # built once, shared
