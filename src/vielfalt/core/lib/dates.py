"""Date and time ranges as one translatable sentence per language.

A range assembled from fragments ("{date}, {time} Uhr bis {time} Uhr") cannot be translated: Russian needs
"с … до", Arabic and Farsi need words instead of a dash between two numbers (the bidi algorithm would swap
them), and a one-day range must not repeat its date. Each shape is one msgid with named placeholders, and
every date and time in it comes from the active locale's formats (``vielfalt.core.formats``).

The marked-up ranges that pages show are kept per language, time zone and pair of moments (a few
thousand at most, forgotten when a setting or a catalogue changes: ``core.lib.kept``): Django's date formatting reads its format string
letter by letter on every call, 70 µs a range: a sixth of the events list, which writes twenty. The same
events come back on every page that lists them.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext

from vielfalt.core.lib import kept


def _same_day_long() -> str:
    return pgettext("Zeitraum an einem Tag", "%(weekday)s, %(date)s, %(start)s bis %(end)s Uhr")


def _days_long() -> str:
    return pgettext(
        "Zeitraum über mehrere Tage",
        "%(start_weekday)s, %(start_date)s, %(start)s Uhr bis %(end_weekday)s, %(end_date)s, %(end)s Uhr",
    )


def _same_day_short() -> str:
    return pgettext("Zeitraum an einem Tag, kurzes Datum", "%(date)s, %(start)s bis %(end)s Uhr")


def _days_short() -> str:
    return pgettext(
        "Zeitraum über mehrere Tage, kurzes Datum", "%(start_date)s, %(start)s Uhr bis %(end_date)s, %(end)s Uhr"
    )


def _times() -> str:
    return pgettext("Uhrzeit von bis", "%(start)s bis %(end)s Uhr")


def _values(start: datetime, end: datetime, *, short: bool) -> tuple[str, dict[str, str], datetime, datetime]:
    start, end = timezone.localtime(start), timezone.localtime(end)
    date = str(get_format("SHORT_DATE_FORMAT" if short else "DATE_FORMAT"))
    time = str(get_format("TIME_FORMAT"))
    values = {"start": date_format(start, time), "end": date_format(end, time)}
    if start.date() == end.date():
        values |= {"date": date_format(start, date), "weekday": date_format(start, "l")}
        sentence = _same_day_short() if short else _same_day_long()
    else:
        values |= {
            "start_date": date_format(start, date),
            "end_date": date_format(end, date),
            "start_weekday": date_format(start, "l"),
            "end_weekday": date_format(end, "l"),
        }
        sentence = _days_short() if short else _days_long()
    return sentence, values, start, end


def date_range(start: datetime, end: datetime, *, short: bool = False) -> str:
    """``start`` to ``end`` as plain text (emails, calendar files); one date when both are on the same day."""
    sentence, values, _start, _end = _values(start, end, short=short)
    return capfirst(sentence % values)


def date_range_html(start: datetime, end: datetime, *, short: bool = False) -> SafeString:
    """Like :func:`date_range`, with the two times marked up as ``<time datetime="…">``."""
    return _date_range_html(get_language(), timezone.get_current_timezone(), start, end, short)


@lru_cache(maxsize=4096)
def _date_range_html(_language: str | None, _zone: tzinfo, start: datetime, end: datetime, short: bool) -> SafeString:
    # The language and time zone are the key's: the function reads the active ones. Two aware datetimes
    # of the same moment are equal keys and give the same text, whatever their own zone.
    sentence, values, start, end = _values(start, end, short=short)
    escaped: dict[str, str] = {key: conditional_escape(value) for key, value in values.items()}
    escaped["start"] = format_html('<time datetime="{}">{}</time>', start.isoformat(), values["start"])
    escaped["end"] = format_html('<time datetime="{}">{}</time>', end.isoformat(), values["end"])
    return mark_safe(capfirst(conditional_escape(sentence) % escaped))  # noqa: S308 - every part is escaped


def time_range(start: datetime, end: datetime) -> str:
    """The times of ``start`` and ``end`` only (a slot within a day)."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    time = str(get_format("TIME_FORMAT"))
    return _times() % {"start": date_format(start, time), "end": date_format(end, time)}


def time_range_html(start: datetime, end: datetime) -> SafeString:
    """Like :func:`time_range`, with the two times marked up as ``<time datetime="…">``."""
    return _time_range_html(get_language(), timezone.get_current_timezone(), start, end)


@lru_cache(maxsize=4096)
def _time_range_html(_language: str | None, _zone: tzinfo, start: datetime, end: datetime) -> SafeString:
    start, end = timezone.localtime(start), timezone.localtime(end)
    time = str(get_format("TIME_FORMAT"))
    parts = {
        "start": format_html('<time datetime="{}">{}</time>', start.isoformat(), date_format(start, time)),
        "end": format_html('<time datetime="{}">{}</time>', end.isoformat(), date_format(end, time)),
    }
    return mark_safe(conditional_escape(_times()) % parts)  # noqa: S308 - every part is escaped


kept.forget_with(_date_range_html.cache_clear)
kept.forget_with(_time_range_html.cache_clear)
