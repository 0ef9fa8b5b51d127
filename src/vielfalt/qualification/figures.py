"""What qualification counts for the figures dashboard and the annual report (``core.figures``).

A course run belongs to the year and district of its event (a training: published, begun, not
cancelled); its teaching units (UE) to the year of the date they were taught on. Participants are the
people present on at least one date of a run; their UE are the units they attended (the base of the
funding per participant and UE), withheld wherever the participants are. Certificates count those
issued in the year and not revoked; a Teilnahmebescheinigung belongs to its run's district, a
curriculum certificate to none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.core import figures
from vielfalt.core.figures import Cell, Figure
from vielfalt.events.models import Event, Registration
from vielfalt.qualification.models import Attendance, Certificate, CourseRun, CourseSession
from vielfalt.regions.models import District

AREA = "qualification"
RUN_TABLES = tuple(model._meta.db_table for model in (CourseRun, Event, District))
UNIT_TABLES = (*RUN_TABLES, CourseSession._meta.db_table)
ATTENDANCE_TABLES = (*UNIT_TABLES, Attendance._meta.db_table, Registration._meta.db_table)
CERTIFICATE_TABLES = (*RUN_TABLES, Certificate._meta.db_table)


def certificate_kinds() -> Mapping[str, str]:
    return {value: str(label) for value, label in Certificate.Kind.choices}


def _runs_held(years: Sequence[int], prefix: str = "") -> dict[str, object]:
    start, end = figures.period(years)
    return {
        f"{prefix}event__status": Event.Status.PUBLISHED,
        f"{prefix}event__starts_at__gte": start,
        f"{prefix}event__starts_at__lt": end,
        f"{prefix}event__starts_at__lte": timezone.now(),
    }


def course_runs(years: Sequence[int]) -> dict[Cell, int]:
    """Course runs whose training began in the year, by district (one query)."""
    rows = (
        CourseRun.objects.filter(**_runs_held(years))
        .annotate(year=ExtractYear("event__starts_at"))
        .values_list("year", "event__district__ags")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(((year, district, "", n) for year, district, n in rows), years)


def teaching_units(years: Sequence[int]) -> dict[Cell, int]:
    """UE of the course dates held in the year (up to now) in runs not cancelled, by district (one query)."""
    start, end = figures.period(years)
    rows = (
        CourseSession.objects.filter(
            run__event__status=Event.Status.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=end,
            starts_at__lte=timezone.now(),
        )
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", "run__event__district__ags")
        .annotate(units=Sum("units"))
        .order_by()
    )
    return figures.tally(((year, district, "", units) for year, district, units in rows), years)


def participants(years: Sequence[int]) -> dict[Cell, int]:
    """People present on at least one date of a run, once per run, by district (one query)."""
    rows = (
        Attendance.objects.filter(status=Attendance.Status.PRESENT, **_runs_held(years, prefix="session__run__"))
        .annotate(year=ExtractYear("session__run__event__starts_at"))
        .values_list("year", "session__run__event__district__ags")
        .annotate(n=Count("registration", distinct=True))
        .order_by()
    )
    return figures.tally(((year, district, "", n) for year, district, n in rows), years)


def participant_units(years: Sequence[int]) -> dict[Cell, int]:
    """The UE the participants attended, added up, by district (one query)."""
    rows = (
        Attendance.objects.filter(status=Attendance.Status.PRESENT, **_runs_held(years, prefix="session__run__"))
        .annotate(year=ExtractYear("session__run__event__starts_at"))
        .values_list("year", "session__run__event__district__ags")
        .annotate(units=Sum("units"))
        .order_by()
    )
    return figures.tally(((year, district, "", units) for year, district, units in rows), years)


def certificates(years: Sequence[int]) -> dict[Cell, int]:
    """Certificates issued in the year and not revoked, by kind and the run's district (one query)."""
    start, end = figures.period(years)
    rows = (
        Certificate.objects.filter(issued_at__gte=start, issued_at__lt=end, revoked_at__isnull=True)
        .annotate(year=ExtractYear("issued_at"))
        .values_list("year", "run__event__district__ags", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures.tally(rows, years)


def register() -> None:
    figures.register_area(AREA, label=_("Qualifizierung"), order=30)
    figures.register(
        Figure(
            key="qualification.runs",
            area=AREA,
            label=_("Kursdurchgänge"),
            description=_(
                "Kursdurchgänge von Modulen, deren Schulung im Jahr begonnen hat (ohne abgesagte), nach Kreis des Schulungsorts."
            ),
            unit=figures.COUNT,
            compute=course_runs,
            tables=RUN_TABLES,
            order=10,
        )
    )
    figures.register(
        Figure(
            key="qualification.units",
            area=AREA,
            label=_("Unterrichtseinheiten (UE)"),
            description=_(
                "Unterrichtseinheiten der Kurstermine, die im Jahr stattgefunden haben, auf ganze UE gerundet."
            ),
            unit=figures.UNITS,
            compute=teaching_units,
            tables=UNIT_TABLES,
            order=20,
        )
    )
    figures.register(
        Figure(
            key="qualification.participants",
            area=AREA,
            label=_("Teilnehmende an Kursen"),
            description=_(
                "Personen, die an mindestens einem Termin eines Kursdurchgangs anwesend waren, je Kursdurchgang einmal gezählt."
            ),
            unit=figures.PEOPLE,
            compute=participants,
            tables=ATTENDANCE_TABLES,
            order=30,
        )
    )
    figures.register(
        Figure(
            key="qualification.participant_units",
            area=AREA,
            label=_("Teilnehmenden-UE"),
            description=_(
                "Die von den Teilnehmenden besuchten Unterrichtseinheiten, zusammengezählt (Grundlage der Förderung je Teilnehmenden und UE)."
            ),
            unit=figures.UNITS,
            compute=participant_units,
            tables=ATTENDANCE_TABLES,
            follows="qualification.participants",
            order=40,
        )
    )
    figures.register(
        Figure(
            key="qualification.certificates",
            area=AREA,
            label=_("Zertifikate und Teilnahmebescheinigungen"),
            description=_(
                "Im Jahr ausgestellte und nicht widerrufene Zertifikate und Teilnahmebescheinigungen, nach Art; Teilnahmebescheinigungen im Kreis ihres Kurses, Zertifikate ohne Kreis."
            ),
            unit=figures.PEOPLE,
            compute=certificates,
            categories=certificate_kinds,
            tables=CERTIFICATE_TABLES,
            order=50,
        )
    )
