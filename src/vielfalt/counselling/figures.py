"""What counselling counts for the figures dashboard and the annual report (``core.figures``).

The same definitions as the counselling statistics (``contacts.selectors``): requests in the year they
came in (confirmed ones only), cases in the year they were closed, contacts on their date — each by the
case's topic and district (a founding group without an organisation may have none). Every count
describes organisations, so all are withheld under 5; the hours follow the contacts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from vielfalt.core import figures
from vielfalt.core.figures import Cell, Figure
from vielfalt.counselling.models import Case, Contact, Topic
from vielfalt.regions.models import District

AREA = "counselling"
CASE_TABLES = tuple(model._meta.db_table for model in (Case, Topic, District))
CONTACT_TABLES = (*CASE_TABLES, Contact._meta.db_table)


def topics() -> Mapping[str, str]:
    """Every topic, also those no longer offered (old cases keep theirs), in the team's order (one query)."""
    return {topic.slug: topic.localized_name().text for topic in Topic.objects.order_by("order", "name")}


def requests(years: Sequence[int]) -> dict[Cell, int]:
    """Confirmed requests that came in during the year (one query)."""
    start, end = figures.period(years)
    rows = (
        Case.objects.filter(created_at__gte=start, created_at__lt=end, is_verified=True)
        .annotate(year=ExtractYear("created_at"))
        .values_list("year", "district__ags", "topic__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(rows, years)


def closed_cases(years: Sequence[int]) -> dict[Cell, int]:
    """Cases closed during the year (one query)."""
    start, end = figures.period(years)
    rows = (
        Case.objects.filter(status=Case.Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
        .annotate(year=ExtractYear("closed_at"))
        .values_list("year", "district__ags", "topic__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(rows, years)


def _contacts(years: Sequence[int]) -> QuerySet[Contact, tuple[Any, ...]]:
    start, end = figures.period(years)
    return (
        Contact.objects.filter(date__gte=start.date(), date__lt=end.date())
        .annotate(year=ExtractYear("date"))
        .values_list("year", "case__district__ags", "case__topic__slug")
    )


def contacts(years: Sequence[int]) -> dict[Cell, int]:
    """Contacts with organisations on a date of the year (one query)."""
    return figures.tally(_contacts(years).annotate(n=Count("pk")).order_by(), years)


def contact_hours(years: Sequence[int]) -> dict[Cell, int]:
    """The contacts' duration in whole hours (one query)."""
    rows = _contacts(years).annotate(minutes=Sum("minutes")).order_by()
    return figures.tally(
        ((year, district, topic, (minutes or 0) / 60) for year, district, topic, minutes in rows), years
    )


def register() -> None:
    figures.register_area(AREA, label=_("Beratung und Prozessbegleitung"), order=40)
    figures.register(
        Figure(
            key="counselling.requests",
            label=_("Anfragen"),
            description=_(
                "Bestätigte Anfragen nach Beratung oder Prozessbegleitung, die im Jahr eingegangen sind, nach Thema und Kreis."
            ),
            unit=figures.ORGANISATIONS,
            compute=requests,
            tables=CASE_TABLES,
            order=10,
            area=AREA,
            categories=topics,
        )
    )
    figures.register(
        Figure(
            key="counselling.closed",
            label=_("abgeschlossene Fälle"),
            description=_("Beratungsfälle, die im Jahr abgeschlossen wurden, nach Thema und Kreis."),
            unit=figures.ORGANISATIONS,
            compute=closed_cases,
            tables=CASE_TABLES,
            order=20,
            area=AREA,
            categories=topics,
        )
    )
    figures.register(
        Figure(
            key="counselling.contacts",
            label=_("Kontakte"),
            description=_(
                "Beratungskontakte mit Organisationen (Gespräch, Telefon, Video, E-Mail) im Jahr, nach Thema und Kreis ihres Falls."
            ),
            unit=figures.ORGANISATIONS,
            compute=contacts,
            tables=CONTACT_TABLES,
            order=30,
            area=AREA,
            categories=topics,
        )
    )
    figures.register(
        Figure(
            key="counselling.hours",
            label=_("Stunden der Kontakte"),
            description=_("Die Dauer dieser Kontakte in ganzen Stunden; verdeckt, wo die Kontakte verdeckt sind."),
            unit=figures.HOURS,
            compute=contact_hours,
            tables=CONTACT_TABLES,
            follows="counselling.contacts",
            order=40,
            area=AREA,
            categories=topics,
        )
    )
