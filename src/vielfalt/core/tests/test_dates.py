"""Date ranges, formats and plural forms as each language writes them."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, timezone, translation
from django.utils.autoreload import file_changed
from django.utils.translation import ngettext

from vielfalt.core.lib import dates
from vielfalt.core.lib.dates import date_range, date_range_html, time_range, time_range_html

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2027, 1, 7, 17, 30, tzinfo=BERLIN)
SAME_DAY_END = datetime(2027, 1, 7, 20, 0, tzinfo=BERLIN)
NEXT_DAY_END = datetime(2027, 1, 8, 12, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Donnerstag, 7. Januar 2027, 17:30 bis 20:00 Uhr"),
        ("en", "Thursday 7 January 2027, 17:30 to 20:00"),
        ("tr", "7 Ocak 2027 Perşembe, saat 17:30–20:00"),
        ("ru", "Четверг, 7 января 2027 г., с 17:30 до 20:00"),
        ("uk", "Четвер, 7 січня 2027 р., з 17:30 до 20:00"),
        ("ar", "الخميس 7 يناير 2027، من الساعة 17:30 حتى الساعة 20:00"),
        ("fa", "پنجشنبه 7 ژانویه 2027، ساعت 17:30 تا 20:00"),
    ],
)
def test_a_one_day_range_names_the_date_once(language, expected):
    with translation.override(language):
        assert date_range(START, SAME_DAY_END) == expected


def test_a_range_over_two_days_names_both_dates():
    with translation.override("de"):
        text = date_range(START, NEXT_DAY_END)

    assert text == "Donnerstag, 7. Januar 2027, 17:30 Uhr bis Freitag, 8. Januar 2027, 12:00 Uhr"


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_ranges_use_words_not_a_dash_between_numbers(language):
    # A dash between two numbers in right-to-left text is shown with the numbers swapped.
    with translation.override(language):
        texts = [date_range(START, SAME_DAY_END), date_range(START, NEXT_DAY_END), time_range(START, SAME_DAY_END)]

    for text in texts:
        assert "–" not in text and "-" not in text
        assert ", " not in text  # the Arabic comma, not the Latin one


def test_the_html_range_marks_up_both_times_for_machines():
    with translation.override("en"):
        html = Template("{% load vf_i18n %}{% daterange start end %}").render(
            Context({"start": START, "end": SAME_DAY_END})
        )

    assert html == (
        'Thursday 7 January 2027, <time datetime="2027-01-07T17:30:00+01:00">17:30</time> to '
        '<time datetime="2027-01-07T20:00:00+01:00">20:00</time>'
    )


def test_a_range_is_written_anew_for_each_language_and_time_zone():
    """The marked-up ranges are kept per language, time zone and pair of moments: none leaks into
    another language or zone, and the same moment given in another zone is the same range."""
    in_utc = START.astimezone(ZoneInfo("UTC")), SAME_DAY_END.astimezone(ZoneInfo("UTC"))
    with translation.override("de"):
        german = date_range_html(START, SAME_DAY_END)
        assert date_range_html(*in_utc) == german
        assert "17:30</time> bis" in german
        with timezone.override(ZoneInfo("Europe/Istanbul")):
            assert "19:30</time> bis" in date_range_html(START, SAME_DAY_END)
            assert time_range_html(START, SAME_DAY_END).startswith('<time datetime="2027-01-07T19:30:00+03:00">19:30')
        assert time_range_html(START, SAME_DAY_END).startswith('<time datetime="2027-01-07T17:30:00+01:00">17:30')
    with translation.override("ru"):
        assert date_range_html(START, SAME_DAY_END).startswith("Четверг, 7 января 2027 г., с <time")
    with translation.override("de"):
        assert date_range_html(START, SAME_DAY_END) == german


@pytest.mark.parametrize(
    "change",
    [
        lambda settings: setattr(settings, "USE_THOUSAND_SEPARATOR", not settings.USE_THOUSAND_SEPARATOR),
        lambda settings: file_changed.send(sender=None, file_path=Path("locale/ru/LC_MESSAGES/django.mo")),
    ],
    ids=["a setting", "a catalogue"],
)
def test_a_changed_setting_or_catalogue_forgets_the_kept_ranges(settings, change):
    """In tests a setting changes (the formats, the time zone), under the development server a catalogue
    (the months' names): no range written before may outlive either."""
    date_range_html(START, SAME_DAY_END)
    time_range_html(START, SAME_DAY_END)
    assert dates._date_range_html.cache_info().currsize and dates._time_range_html.cache_info().currsize

    change(settings)

    assert dates._date_range_html.cache_info().currsize == dates._time_range_html.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "7 January 2027, 17:30"),
        ("tr", "7 Ocak 2027, 17:30"),
        ("uk", "7 січня 2027 р., 17:30"),
        ("ar", "7 يناير 2027، 17:30"),
        ("fa", "7 ژانویه 2027، ساعت 17:30"),
    ],
)
def test_each_language_formats_a_date_and_time_its_own_way(language, expected):
    with translation.override(language):
        assert formats.date_format(START, "DATETIME_FORMAT") == expected


def test_farsi_numbers_use_ascii_digits_like_the_rest_of_the_page():
    with translation.override("fa"):
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1,234.5"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "العنوان طويل جدًا (الحد الأقصى: حرف واحد)."),
        (2, "العنوان طويل جدًا (الحد الأقصى: حرفان)."),
        (5, "العنوان طويل جدًا (الحد الأقصى: 5 أحرف)."),
        (80, "العنوان طويل جدًا (الحد الأقصى: 80 حرفًا)."),
        (200, "العنوان طويل جدًا (الحد الأقصى: 200 حرف)."),
        (3000, "العنوان طويل جدًا (الحد الأقصى: 3000 حرف)."),
        (5000, "العنوان طويل جدًا (الحد الأقصى: 5000 حرف)."),
    ],
)
def test_arabic_counts_agree_with_their_number(count, expected):
    singular = "Der Titel ist zu lang (höchstens %(max)d Zeichen)."
    with translation.override("ar"):
        assert ngettext(singular, singular, count) % {"max": count} == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("de", 1, "Die Warteliste hat 1 Platz."),
        ("de", 5, "Die Warteliste hat 5 Plätze."),
        ("ru", 21, "В листе ожидания 21 место."),
        ("ru", 3, "В листе ожидания 3 места."),
        ("ru", 5, "В листе ожидания 5 мест."),
        ("ar", 2, "في قائمة الانتظار مكانان."),
    ],
)
def test_german_counts_have_plural_forms(language, count, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count limit=n trimmed %}Die Warteliste hat {{ limit }} Platz."
        "{% plural %}Die Warteliste hat {{ limit }} Plätze.{% endblocktranslate %}"
    )
    with translation.override(language):
        assert template.render(Context({"n": count})) == expected
