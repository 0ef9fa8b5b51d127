"""Writing iCalendar (RFC 5545) files: the bytes ``icalendar`` writes for the same calendar, without
building its objects.

The calendars of events, deadlines and appointments describe each entry with a dozen properties.
``icalendar`` turns every one into objects (a property type, its parameters, a content line) before it
writes a character: 0.5–0.7 ms an event, three quarters of the events feed's request (issue 15: the
demo's feed of 25 events took 12–18 ms with it and takes 3.2 ms here). Here a property is one line of
text: ``Component`` escapes and formats each value as ``icalendar``'s type for it does and orders the
properties as ``icalendar`` sorts them (its canonical order, the rest alphabetically); ``Calendar``
adds the VTIMEZONE of every zone the entries refer to where ``icalendar``'s ``add_missing_timezones``
puts them, built by ``icalendar`` once per process and zone (1.7 ms each), since its time-zone rules
are what calendars expect. ``icalendar`` stays the reference: the tests write the same calendars both
ways and compare the bytes, and read what is written here back with it.

Two differences, on purpose: ``icalendar`` writes an unknown property (``X-WR-CALNAME``, the
calendar's name) as it is, and fails on a line break in it; here a line break is written as ``\\n``.
And ``icalendar`` turns a backslash before a capital N in a text (``C:\\Neue Dateien``) into a line
break before escaping it; here the backslash is kept, as the text had it.

Lines are folded (``fold``) as ``icalendar`` folds them, without its loop over every character: after at
most 74 octets, never inside a UTF-8 character, and never right after a backslash or caret, so that an
escape (``\\n``, ``^n``) stays on one line (what ``icalendar`` does since its 7.0 for older clients).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache

import icalendar

# icalendar starts a new line when a character would bring the line to 75 octets or more.
_LIMIT = 74
_FOLD = b"\r\n "
_ESCAPES = frozenset(b"\\^")

# TEXT values (RFC 5545, 3.3.11), in icalendar's order of replacements: a line break becomes "\n".
_TEXT_ESCAPES = (("\\", "\\\\"), (";", r"\;"), (",", r"\,"), ("\r\n", r"\n"), ("\n", r"\n"), ("\r", r"\n"))
# Parameter values: RFC 6868's caret escapes, quoted when a character needs it (RFC 5545, 3.2).
_CARET = re.compile(r'\^|\r\n|\r|\n|"')
_CARETS = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}
_QUOTABLE = re.compile("[,;:’]")  # icalendar quotes a typographic apostrophe too
_QUOTE_ALSO = {"CN": " '"}  # a CN is quoted for a space or an apostrophe as well

CALENDAR_ORDER = ("VERSION", "PRODID", "CALSCALE", "METHOD", "DESCRIPTION", "X-WR-CALDESC", "NAME", "X-WR-CALNAME")
EVENT_ORDER = (
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DURATION",
    "DTSTAMP",
    "UID",
    "RECURRENCE-ID",
    "SEQUENCE",
    "RRULE",
    "RDATE",
    "EXDATE",
)


def escape(value: str) -> str:
    """A TEXT value, escaped. A backslash stays a backslash (see the module's note)."""
    for old, new in _TEXT_ESCAPES:
        value = value.replace(old, new)
    return value


def _parameter(name: str, value: str) -> str:
    value = _CARET.sub(lambda found: _CARETS[found.group(0)], value)
    if _QUOTABLE.search(value) or any(c in value for c in _QUOTE_ALSO.get(name, "")):
        return f'"{value}"'
    return value


def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _time(value: datetime) -> str:
    """Its wall-clock time to the second, as icalendar writes it (without a zone)."""
    return f"{_day(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


class Component:
    """One component (``VEVENT``): its properties, each added as a content line of its value type, and
    written in ``icalendar``'s order for the component whatever the order they were added in."""

    def __init__(self, name: str = "VEVENT", *, order: tuple[str, ...] = EVENT_ORDER) -> None:
        self.name = name
        self._rank = {key: index for index, key in enumerate(order)}
        self._lines: list[tuple[str, str]] = []
        self.tzids: set[str] = set()  # the zones its times are given in (``Calendar`` adds their VTIMEZONE)

    def _add(self, name: str, value: str, parameters: dict[str, str] | None = None) -> None:
        if parameters:
            # icalendar sorts the parameters by name.
            written = ";".join(f"{key}={_parameter(key, parameters[key])}" for key in sorted(parameters))
            self._lines.append((name, f"{name};{written}:{value}"))
        else:
            self._lines.append((name, f"{name}:{value}"))

    def text(self, name: str, value: str) -> None:
        """SUMMARY, DESCRIPTION, LOCATION, UID, STATUS …: escaped."""
        self._add(name, escape(value))

    def value(self, name: str, value: str | int, **parameters: str) -> None:
        """A value written as it is: an address (URL, ORGANIZER, ATTENDEE with its parameters) or an
        INTEGER (SEQUENCE). A line break in it would start a property of its own, so it is refused (as
        ``icalendar`` refuses it)."""
        written = str(value)
        if "\n" in written or "\r" in written:
            raise ValueError(f"{name}: a line break in {written!r}")
        self._add(name, written, parameters)

    def extension(self, name: str, value: str) -> None:
        """An ``X-`` property: as it is, a line break as ``\\n`` (see the module's note)."""
        self._add(name, value.replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))

    def moment(self, name: str, value: datetime) -> None:
        """A DATE-TIME: in UTC with ``Z``, in a named zone (``zoneinfo``) as its local time with TZID."""
        tzid = getattr(value.tzinfo, "key", None)
        if value.tzinfo is UTC or tzid == "UTC":
            self._add(name, _time(value) + "Z")
        elif tzid:
            self.tzids.add(tzid)
            self._add(name, _time(value), {"TZID": tzid})
        else:
            raise ValueError(f"{name}: a time in UTC or in a named zone, not {value!r}")

    def utc(self, name: str, value: datetime) -> None:
        """DTSTAMP, LAST-MODIFIED, CREATED: always in UTC (icalendar converts them)."""
        self._add(name, _time(value.astimezone(UTC)) + "Z")

    def day(self, name: str, value: date) -> None:
        """A DATE (an all-day entry)."""
        self._add(name, _day(value), {"VALUE": "DATE"})

    def attendee(self, email: str, *, name: str, status: str) -> None:
        """The person an emailed invitation is for (iTIP, RFC 5546): a required participant whose answer
        is already known (``status``: ACCEPTED, DECLINED, NEEDS-ACTION), so no reply is asked for."""
        self.value(
            "ATTENDEE", f"mailto:{email}", CN=name or email, ROLE="REQ-PARTICIPANT", RSVP="FALSE", PARTSTAT=status
        )

    def lines(self) -> list[str]:
        last = len(self._rank)  # the properties icalendar has no place for come after, by name
        ordered = sorted(self._lines, key=lambda line: (self._rank.get(line[0], last), line[0]))
        return [f"BEGIN:{self.name}", *(line for _, line in ordered), f"END:{self.name}"]


class Calendar(Component):
    """A ``VCALENDAR`` of iCalendar 2.0 (Gregorian) from ``prodid`` with the iTIP ``method`` (PUBLISH,
    REQUEST, CANCEL) and its entries; ``to_ical`` adds the VTIMEZONE of each zone they refer to."""

    def __init__(self, *, prodid: str, method: str) -> None:
        super().__init__("VCALENDAR", order=CALENDAR_ORDER)
        self.components: list[Component] = []
        self.text("PRODID", prodid)
        self.text("VERSION", "2.0")
        self.text("CALSCALE", "GREGORIAN")
        self.text("METHOD", method)

    def add(self, component: Component) -> None:
        self.components.append(component)

    def to_ical(self) -> bytes:
        lines = self.lines()
        head, end = lines[:-1], lines[-1]
        parts = [fold(line) + b"\r\n" for line in head]
        tzids = sorted(self.tzids.union(*(component.tzids for component in self.components)))
        parts.extend(_timezone(tzid) for tzid in tzids)
        parts.extend(fold(line) + b"\r\n" for component in self.components for line in component.lines())
        parts.append(fold(end) + b"\r\n")
        return b"".join(parts)


def fold(line: str) -> bytes:
    """One content line, folded into parts of at most 74 octets each (RFC 5545, 3.1)."""
    data = line.encode()
    if len(data) <= _LIMIT:
        return data
    parts = []
    start = 0
    while len(data) - start > _LIMIT:
        end = start + _LIMIT
        while data[end] & 0xC0 == 0x80:  # a continuation octet: the character starts before it
            end -= 1
        if end - start > 1 and data[end - 1] in _ESCAPES:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return _FOLD.join(parts)


@cache
def _timezone(tzid: str) -> bytes:
    """The VTIMEZONE of ``tzid`` as ``icalendar`` writes it; empty for a zone it does not know."""
    try:
        timezone = icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return b""
    return b"".join(fold(line) + b"\r\n" for line in timezone.content_lines() if line)
