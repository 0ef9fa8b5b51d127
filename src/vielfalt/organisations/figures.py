"""What the directory counts for the figures dashboard and the annual report (``core.figures``).

Organisations by kind and district, never by name. The directory does not keep when a profile was
archived, so "in the directory at the end of a year" counts the profiles verified by then that are
verified today: an organisation archived since is not counted in earlier years either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from vielfalt.core import figures
from vielfalt.core.figures import Cell, Figure
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

AREA = "directory"
TABLES = (Organisation._meta.db_table, District._meta.db_table)


def kinds() -> Mapping[str, str]:
    return {value: str(label) for value, label in Organisation.Kind.choices}


def organisations_at_year_end(years: Sequence[int]) -> dict[Cell, int]:
    """Verified organisations (verified today) by the year of their check, added up to each year's end
    (one query)."""
    _start, end = figures.period(years)
    rows = (
        Organisation.objects.filter(status=Organisation.Status.VERIFIED, verified_at__lt=end)
        .annotate(year=ExtractYear("verified_at"))
        .values_list("year", "district__ags", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.accumulate(rows, years)


def organisations_verified_in_year(years: Sequence[int]) -> dict[Cell, int]:
    """Organisations checked and taken into the directory for the first time in the year, whether
    verified or archived today (one query)."""
    start, end = figures.period(years)
    rows = (
        Organisation.objects.filter(
            status__in=(Organisation.Status.VERIFIED, Organisation.Status.ARCHIVED),
            verified_at__gte=start,
            verified_at__lt=end,
        )
        .annotate(year=ExtractYear("verified_at"))
        .values_list("year", "district__ags", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(rows, years)


def register() -> None:
    figures.register_area(AREA, label=_("Verzeichnis"), order=10)
    figures.register(
        Figure(
            key="directory.organisations",
            area=AREA,
            label=_("Organisationen im Verzeichnis"),
            description=_(
                "Organisationen, deren Profil bis zum Jahresende geprüft wurde und heute im Verzeichnis steht, nach Art und Kreis."
            ),
            unit=figures.ORGANISATIONS,
            compute=organisations_at_year_end,
            categories=kinds,
            tables=TABLES,
            order=10,
        )
    )
    figures.register(
        Figure(
            key="directory.new",
            area=AREA,
            label=_("Neu aufgenommene Organisationen"),
            description=_(
                "Organisationen, deren Profil im Jahr zum ersten Mal geprüft und ins Verzeichnis aufgenommen wurde, nach Art und Kreis."
            ),
            unit=figures.ORGANISATIONS,
            compute=organisations_verified_in_year,
            categories=kinds,
            tables=TABLES,
            order=20,
        )
    )
