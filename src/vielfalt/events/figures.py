"""What the events count for the figures dashboard and the annual report (``core.figures``).

An event *held* is a published event that has begun (drafts and cancelled events are not), in the
year it began, in its district (online events and events without a place belong to none); trainings
are events too (kind "Schulung"). Participation is counted twice, since check-in is not taken at
every event: the confirmed registrations (who had a place when it began) and the check-ins at the
entrance. Both count registrations, so a person at three events counts three times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.core import figures
from vielfalt.core.figures import Cell, Figure
from vielfalt.events.models import Event, Registration
from vielfalt.regions.models import District

AREA = "events"
EVENT_TABLES = (Event._meta.db_table, District._meta.db_table)
REGISTRATION_TABLES = (*EVENT_TABLES, Registration._meta.db_table)


def kinds() -> Mapping[str, str]:
    return {value: str(label) for value, label in Event.Kind.choices}


def events_held(years: Sequence[int]) -> dict[Cell, int]:
    """Published events that began in the year (up to now), by kind and district (one query)."""
    start, end = figures.period(years)
    rows = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED, starts_at__gte=start, starts_at__lt=end, starts_at__lte=timezone.now()
        )
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", "district__ags", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(rows, years)


def _registrations(years: Sequence[int], *, checked_in: bool) -> dict[Cell, int]:
    start, end = figures.period(years)
    registrations = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        event__starts_at__lte=timezone.now(),
    )
    if checked_in:
        registrations = registrations.filter(checked_in_at__isnull=False)
    rows = (
        registrations.annotate(year=ExtractYear("event__starts_at"))
        .values_list("year", "event__district__ags", "event__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(rows, years)


def participants_registered(years: Sequence[int]) -> dict[Cell, int]:
    """Confirmed registrations of the events held (one query)."""
    return _registrations(years, checked_in=False)


def participants_checked_in(years: Sequence[int]) -> dict[Cell, int]:
    """Confirmed registrations checked in at the entrance of the events held (one query)."""
    return _registrations(years, checked_in=True)


def register() -> None:
    figures.register_area(AREA, label=_("Veranstaltungen"), order=20)
    figures.register(
        Figure(
            key="events.held",
            area=AREA,
            label=_("Veranstaltungen"),
            description=_(
                "Veröffentlichte Veranstaltungen, die im Jahr begonnen haben (ohne Entwürfe und abgesagte), nach Art und Kreis des Veranstaltungsorts; Online-Veranstaltungen ohne Kreis."
            ),
            unit=figures.COUNT,
            compute=events_held,
            categories=kinds,
            tables=EVENT_TABLES,
            order=10,
        )
    )
    figures.register(
        Figure(
            key="events.participants",
            area=AREA,
            label=_("Teilnahmen (bestätigte Anmeldungen)"),
            description=_(
                "Bestätigte Anmeldungen zu diesen Veranstaltungen: wer zu Beginn einen Platz hatte. Wer an drei Veranstaltungen teilnimmt, zählt dreimal."
            ),
            unit=figures.PEOPLE,
            compute=participants_registered,
            categories=kinds,
            tables=REGISTRATION_TABLES,
            order=20,
        )
    )
    figures.register(
        Figure(
            key="events.checked_in",
            area=AREA,
            label=_("Anwesende laut Einlass"),
            description=_(
                "Bestätigte Anmeldungen, die beim Einlass als anwesend erfasst wurden; nicht jede Veranstaltung erfasst den Einlass."
            ),
            unit=figures.PEOPLE,
            compute=participants_checked_in,
            categories=kinds,
            tables=REGISTRATION_TABLES,
            order=30,
        )
    )
