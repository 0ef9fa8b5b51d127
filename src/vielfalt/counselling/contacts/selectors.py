"""Reads of the contacts part: a case's contacts and notes, the statistics, a person's data export.

The statistics read counts only (never a name, a title or a text): three grouped queries for the
year (requests, closed cases, contacts with their minutes), whatever the number of cases, and the
tables are the sums over those rows, each column suppressed (``core.lib.suppression``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Prefetch, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from vielfalt.accounts.models import Role, User
from vielfalt.core.lib import pagecache
from vielfalt.core.lib.suppression import Column, Mark, follow, suppress
from vielfalt.counselling.models import Case, Contact, Note, Topic, Way
from vielfalt.regions.models import District

FIRST_YEAR = 2000
HOUR = Decimal(60)


# --- the case page -------------------------------------------------------------------------------------------


def contacts_of_case(case: Case) -> list[Contact]:
    """The case's contacts, newest first, with their topics and team members (three queries)."""
    return list(
        Contact.objects.filter(case=case)
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("order", "name")),
            Prefetch("staff", queryset=User.objects.order_by("name", "pk")),
        )
        .order_by("-date", "-pk")
    )


def notes_of_case(case: Case) -> list[Note]:
    """The confidential notes of a case, newest first, with their authors (one query)."""
    return list(Note.objects.filter(case=case).select_related("author").order_by("-created_at", "-pk"))


def team_members() -> QuerySet[User]:
    """Who can be named as having taken part in a contact: the active team."""
    return User.objects.filter(role=Role.STAFF, is_active=True).order_by("name", "pk")


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (90 → 1.50)."""
    return (Decimal(minutes) / HOUR).quantize(Decimal("0.01"))


# --- statistics ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int | Decimal
    mark: Mark

    @property
    def shown(self) -> bool:
        return self.mark is Mark.SHOWN

    def text(self) -> str:
        """What an export writes where a number is withheld."""
        return "< 5" if self.mark is Mark.SMALL else "x"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    total: Row


@dataclass(frozen=True)
class Statistics:
    year: int
    tables: tuple[Table, ...]
    withheld: bool  # some cell is "< 5" or hidden: the page explains the marks


REQUESTS, CLOSED, CONTACTS, HOURS = "requests", "closed", "contacts", "hours"


def _headers() -> dict[str, str]:
    return {
        REQUESTS: _("Anfragen"),
        CLOSED: _("abgeschlossene Fälle"),
        CONTACTS: _("Kontakte"),
        HOURS: _("Stunden"),
    }


def _year_range(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def statistics_years() -> list[int]:
    """The years that can be chosen, newest first: from the first request to this year."""
    today = timezone.localdate()
    first = Case.objects.aggregate(first=Min("created_at"))["first"]
    start = max(FIRST_YEAR, timezone.localtime(first).year) if first else today.year
    return list(range(today.year, start - 1, -1))


Key = tuple[Any, ...]


def _cube(year: int) -> dict[str, list[tuple[dict[str, Any], int, int]]]:
    """The year's counts grouped by every dimension at once: (dimensions, count, minutes) per measure."""
    start, end = _year_range(year)
    requests = (
        Case.objects.filter(created_at__gte=start, created_at__lt=end, is_verified=True)
        .annotate(month=ExtractMonth("created_at"))
        .values("topic_id", "district_id", "kind", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    closed = (
        Case.objects.filter(status=Case.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .annotate(month=ExtractMonth("closed_at"))
        .values("topic_id", "district_id", "kind", "month", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    contacts = (
        Contact.objects.filter(date__gte=start.date(), date__lt=end.date())
        .annotate(month=ExtractMonth("date"))
        .values("case__topic_id", "case__district_id", "case__kind", "month", "way")
        .annotate(n=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    )
    return {
        REQUESTS: [(row, row["n"], 0) for row in requests],
        CLOSED: [(row, row["n"], 0) for row in closed],
        CONTACTS: [
            (
                {
                    "topic_id": row["case__topic_id"],
                    "district_id": row["case__district_id"],
                    "kind": row["case__kind"],
                    "month": row["month"],
                    "way": row["way"],
                },
                row["n"],
                row["minutes"] or 0,
            )
            for row in contacts
        ],
    }


def _sums(rows: Iterable[tuple[dict[str, Any], int, int]], dimension: str) -> tuple[dict[Any, int], dict[Any, int]]:
    counts: dict[Any, int] = defaultdict(int)
    minutes: dict[Any, int] = defaultdict(int)
    for dims, count, mins in rows:
        counts[dims[dimension]] += count
        minutes[dims[dimension]] += mins
    return counts, minutes


def _cells(values: Sequence[int | Decimal], column: Column) -> list[Cell]:
    return [Cell(value=value, mark=mark) for value, mark in zip(values, column.cells, strict=True)]


def _table(
    *,
    key: str,
    title: str,
    dimension: str,
    measures: Sequence[str],
    cube: dict[str, list[tuple[dict[str, Any], int, int]]],
    keys: Callable[[set[Any]], list[tuple[Any, str]]],
) -> Table:
    """One table: a row per value of ``dimension`` (``keys`` orders and names them), a column per measure."""
    counted = [measure for measure in measures if measure != HOURS]
    sums = {measure: _sums(cube[measure], dimension) for measure in counted}
    present = {value for measure in counted for value, count in sums[measure][0].items() if count}
    rows = keys(present)
    columns: list[list[Cell]] = []
    totals: list[Cell] = []
    headers = _headers()
    for measure in measures:
        if measure == HOURS:
            counts, minutes = sums[CONTACTS]
            values: list[int | Decimal] = [hours(minutes.get(value, 0)) for value, _label in rows]
            marks = follow(suppress([counts.get(value, 0) for value, _label in rows]))
            total: int | Decimal = hours(sum(minutes.values()))
        else:
            counts = sums[measure][0]
            values_int = [counts.get(value, 0) for value, _label in rows]
            marks = suppress(values_int)
            values = [*values_int]
            total = sum(counts.values())
        columns.append(_cells(values, marks))
        totals.append(Cell(value=total, mark=marks.total))
    return Table(
        key=key,
        title=title,
        headers=tuple(headers[measure] for measure in measures),
        rows=tuple(
            Row(label=label, cells=tuple(column[index] for column in columns))
            for index, (_value, label) in enumerate(rows)
        ),
        total=Row(label=_("Summe"), cells=tuple(totals)),
    )


def _topics(present: set[Any]) -> list[tuple[Any, str]]:
    return [(topic.pk, topic.localized_name().text) for topic in Topic.objects.filter(pk__in=present)]


def _districts(present: set[Any]) -> list[tuple[Any, str]]:
    rows: list[tuple[Any, str]] = [
        (district.pk, str(district)) for district in District.objects.filter(pk__in=present).defer("outline")
    ]
    if None in present:
        rows.append((None, _("ohne Kreis")))
    return rows


def _choices(choices: Iterable[tuple[str, Any]]) -> Callable[[set[Any]], list[tuple[Any, str]]]:
    return lambda present: [(value, str(label)) for value, label in choices]


def _months(present: set[Any]) -> list[tuple[Any, str]]:
    return [(number, str(MONTHS[number])) for number in range(1, 13)]


# The tables the statistics read: their figures are kept in the cache until one of them is written
# (``core.lib.pagecache.cached``; watched in ``setup``). A year of 46,000 contacts takes about 300 ms
# to count; the team and the ministry look far more often than a contact is logged.
STATISTICS_GROUP = "counselling.statistics"
STATISTICS_TABLES = [model._meta.db_table for model in (Case, Contact, Topic, District)]


def statistics(*, year: int) -> Statistics:
    """``statistics_of(year=year)``, from the cache while no case, contact or topic changed since."""
    return pagecache.cached(STATISTICS_GROUP, f"{year}:{get_language()}", lambda: statistics_of(year=year))


def statistics_of(*, year: int) -> Statistics:
    """Requests and cases by topic, district, kind, month and outcome, contacts and hours, for ``year``:
    every count under 5 withheld, and further cells where a total would reveal it (five queries)."""
    cube = _cube(year)
    all_measures = (REQUESTS, CLOSED, CONTACTS, HOURS)
    tables = (
        _table(
            key="topic", title=_("nach Thema"), dimension="topic_id", measures=all_measures, cube=cube, keys=_topics
        ),
        _table(
            key="district",
            title=_("nach Kreis"),
            dimension="district_id",
            measures=all_measures,
            cube=cube,
            keys=_districts,
        ),
        _table(
            key="kind",
            title=_("nach Art"),
            dimension="kind",
            measures=all_measures,
            cube=cube,
            keys=_choices(Case.Kind.choices),
        ),
        _table(key="month", title=_("nach Monat"), dimension="month", measures=all_measures, cube=cube, keys=_months),
        _table(
            key="outcome",
            title=_("abgeschlossene Fälle nach Ergebnis"),
            dimension="outcome",
            measures=(CLOSED,),
            cube=cube,
            keys=_choices(Case.Outcome.choices),
        ),
        _table(
            key="way",
            title=pgettext("Statistik", "Kontakte nach Weg"),
            dimension="way",
            measures=(CONTACTS, HOURS),
            cube=cube,
            keys=_choices(Way.choices),
        ),
    )
    withheld = any(not cell.shown for table in tables for row in (*table.rows, table.total) for cell in row.cells)
    return Statistics(year=year, tables=tables, withheld=withheld)


# --- personal data -------------------------------------------------------------------------------------------


def personal_data_export(user: User) -> dict[str, Any]:
    """A team member's part in the contacts log, and which confidential notes they wrote — when and on
    which case, not what: a note is about the organisation, kept for the team, and the organisation's
    confidence does not pass to the author's download (see docs/privacy.md)."""
    contacts = (
        Contact.objects.filter(staff=user)
        .select_related("case")
        .order_by("date", "pk")
        .values_list("case__reference", "date", "minutes", "way")
    )
    notes = (
        Note.objects.filter(author=user)
        .order_by("created_at", "pk")
        .values_list("case__reference", "created_at", "edited_at")
    )
    return {
        "contacts": [
            {"case": reference, "date": day.isoformat(), "minutes": minutes, "way": way}
            for reference, day, minutes, way in contacts
        ],
        "notes_written": [
            {
                "case": reference,
                "written_at": written.isoformat(),
                "edited_at": edited.isoformat() if edited else None,
            }
            for reference, written, edited in notes
        ],
    }
