"""Reading course runs, their attendance, a Träger's dashboard and a person's own qualification.

Every list page reads a fixed number of queries, whatever the number of participants or Lotsen.
Certificates and service hours come from their parts' selectors (``certificates_of``,
``hours_summary``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.core.lib import pagecache
from vielfalt.events.models import Event, Registration
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.hours.selectors import HoursSummary
from vielfalt.qualification.models import (
    Attendance,
    Audience,
    Certificate,
    CourseRun,
    CourseSession,
    Curriculum,
    CurriculumModule,
    Lotse,
    Module,
)
from vielfalt.qualification.progress import CurriculumProgress, curriculum_progress_many

ZERO = Decimal("0")


# --- the parts this one shows (certificates, hours) --------------------------------------------------------


def certificates_by_person(user_ids: Iterable[int]) -> dict[int, list[Certificate]]:
    """``{user id: [certificate, …]}`` from the certificates part."""
    from vielfalt.qualification.certificates.selectors import certificates_of

    return certificates_of(user_ids=list(user_ids))


def hours_by_lotse(lotse_ids: Iterable[int], year: int) -> dict[int, HoursSummary]:
    """``{Lotse id: HoursSummary}`` from the hours part."""
    from vielfalt.qualification.hours.selectors import hours_summary

    return hours_summary(lotse_ids=list(lotse_ids), year=year)


# --- one run ----------------------------------------------------------------------------------------------


def session_of_run(run: CourseRun, pk: int) -> CourseSession:
    """A date of ``run`` (404 for a date of another run)."""
    session = CourseSession.objects.filter(run=run, pk=pk).first()
    if session is None:
        raise Http404
    session.run = run
    return session


def participant_name(registration: Registration) -> str:
    return registration.user.name or registration.user.email


def participants(run: CourseRun) -> list[Registration]:
    """The confirmed registrations of the run's event, by name."""
    found = Registration.objects.filter(event_id=run.event_id, status=Registration.Status.CONFIRMED).select_related(
        "user"
    )
    return sorted(found, key=lambda registration: (participant_name(registration).casefold(), registration.pk))


@dataclass(frozen=True)
class Cell:
    session: CourseSession
    entry: Attendance | None


@dataclass(frozen=True)
class ParticipantRow:
    registration: Registration
    name: str
    cells: list[Cell]

    @property
    def units(self) -> Decimal:
        return sum((cell.entry.units for cell in self.cells if cell.entry is not None), ZERO)


@dataclass(frozen=True)
class RunPage:
    run: CourseRun
    sessions: list[CourseSession]
    rows: list[ParticipantRow]
    now: Any

    @property
    def units(self) -> Decimal:
        return sum((session.units for session in self.sessions), ZERO)


def run_page(run: CourseRun) -> RunPage:
    """The run's dates and its participants with their attendance per date (three queries)."""
    sessions = list(run.sessions.all())
    people = participants(run)
    entries = {
        (entry.session_id, entry.registration_id): entry
        for entry in Attendance.objects.filter(session__run=run, registration__in=[p.pk for p in people])
    }
    rows = [
        ParticipantRow(
            registration=registration,
            name=participant_name(registration),
            cells=[Cell(session=session, entry=entries.get((session.pk, registration.pk))) for session in sessions],
        )
        for registration in people
    ]
    return RunPage(run=run, sessions=sessions, rows=rows, now=timezone.now())


@dataclass(frozen=True)
class AttendanceRow:
    registration: Registration
    name: str
    entry: Attendance | None


def session_attendance(session: CourseSession) -> list[AttendanceRow]:
    """The participants of the session's run and what is recorded for them at this date (two queries)."""
    people = participants(session.run)
    entries = {entry.registration_id: entry for entry in Attendance.objects.filter(session=session)}
    return [AttendanceRow(registration=p, name=participant_name(p), entry=entries.get(p.pk)) for p in people]


def module_choices() -> list[Module]:
    return list(Module.objects.filter(is_active=True).order_by("title", "pk"))


# --- a Träger's dashboard ---------------------------------------------------------------------------------


# Groups of tables whose writes renew cached values (``core.lib.pagecache.cached``; watched in ``setup``).
CATALOGUE_GROUP = "qualification.catalogue"
CATALOGUE_TABLES = [model._meta.db_table for model in (Curriculum, CurriculumModule, Module)]
FIGURES_GROUP = "qualification.figures"
FIGURES_TABLES = [
    model._meta.db_table for model in (Event, CourseRun, CourseSession, Attendance, Certificate, Registration)
]
PROGRESS_GROUP = "qualification.progress"
PROGRESS_TABLES = [
    model._meta.db_table
    for model in (CourseRun, CourseSession, Attendance, Registration, Curriculum, CurriculumModule, Module, Lotse)
]


def lotsen_curricula() -> list[Curriculum]:
    """The active curricula for Lotsen: those with a module for Lotsen (two queries)."""
    curricula = Curriculum.objects.filter(is_active=True).prefetch_related("modules").order_by("title", "pk")
    return [
        curriculum
        for curriculum in curricula
        if any(Audience.LOTSEN in (module.audiences or []) for module in curriculum.modules.all())
    ]


@dataclass(frozen=True)
class LotseRow:
    lotse: Lotse
    name: str
    progress: list[CurriculumProgress]
    certificates: list[Certificate]
    hours: Any  # HoursSummary or None


@dataclass(frozen=True)
class YearFigures:
    year: int
    runs: int
    units: Decimal
    participants: int
    certificates: int


@dataclass
class TragerDashboard:
    organisation: Organisation
    curricula: list[Curriculum]
    lotsen: list[LotseRow]
    former: list[Lotse]
    runs: list[CourseRun]
    figures: YearFigures
    hours_available: bool = False


def open_runs_of(organisation: Organisation) -> list[CourseRun]:
    """The runs ``organisation`` organises that are not closed (or cancelled), soonest first, with their
    number of participants and dates (one query)."""
    return list(
        CourseRun.objects.filter(event__organiser=organisation, closed_at__isnull=True)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event", "module")
        .annotate(
            participant_count=Count(
                "event__registrations",
                filter=Q(event__registrations__status=Registration.Status.CONFIRMED),
                distinct=True,
            ),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("event__starts_at", "pk")
    )


def year_figures(organisation: Organisation, year: int) -> YearFigures:
    """The year's figures of the runs ``organisation`` organised: runs, units taught (dates that have
    begun), people present at least once, and valid certificates issued (four queries)."""
    now = timezone.now()
    runs = CourseRun.objects.filter(event__organiser=organisation, event__starts_at__year=year).exclude(
        event__status=Event.Status.CANCELLED
    )
    sessions = CourseSession.objects.filter(
        run__event__organiser=organisation, starts_at__year=year, starts_at__lte=now
    ).exclude(run__event__status=Event.Status.CANCELLED)
    people = (
        Attendance.objects.filter(session__in=sessions.values("pk"), status=Attendance.Status.PRESENT, units__gt=0)
        .values("registration__user_id")
        .distinct()
    )
    certificates = Certificate.objects.filter(issued_at__year=year, revoked_at__isnull=True).filter(
        Q(issuer_organisation=organisation) | Q(run__event__organiser=organisation)
    )
    return YearFigures(
        year=year,
        runs=runs.count(),
        units=sessions.aggregate(total=Sum("units"))["total"] or ZERO,
        participants=people.count(),
        certificates=certificates.distinct().count(),
    )


def trager_dashboard(*, organisation: Organisation, year: int) -> TragerDashboard:
    """A Träger's Lotsen with their progress, certificates and hours, its open runs and the year's figures.
    The number of queries does not grow with the number of Lotsen."""
    roles = list(Lotse.objects.filter(organisation=organisation).select_related("user").order_by("user__name", "pk"))
    active = [role for role in roles if role.active]
    user_ids = [role.user_id for role in active]
    curricula = pagecache.cached(CATALOGUE_GROUP, "lotsen_curricula", lotsen_curricula)
    # Computed from attendance (two queries a curriculum), kept until attendance, the runs, the
    # catalogue or the Träger's Lotsen change.
    progress = {
        curriculum.pk: pagecache.cached(
            PROGRESS_GROUP,
            f"{organisation.pk}:{curriculum.pk}",
            partial(curriculum_progress_many, curriculum=curriculum, user_ids=user_ids),
        )
        for curriculum in curricula
    }
    certificates = certificates_by_person(user_ids) if user_ids else {}
    hours = hours_by_lotse([role.pk for role in active], year) if active else {}
    rows = [
        LotseRow(
            lotse=role,
            name=role.user.name or role.user.email,
            progress=[progress[curriculum.pk][role.user_id] for curriculum in curricula],
            certificates=certificates.get(role.user_id, []),
            hours=hours.get(role.pk),
        )
        for role in active
    ]
    return TragerDashboard(
        organisation=organisation,
        curricula=curricula,
        lotsen=rows,
        former=[role for role in roles if not role.active],
        runs=open_runs_of(organisation),
        # Summed over the Träger's runs, cached until their tables change; what changes by the clock alone
        # (a date that has begun counts its units) shows within five minutes.
        figures=pagecache.cached(
            FIGURES_GROUP, f"{organisation.pk}:{year}", lambda: year_figures(organisation, year), timeout=300
        ),
        hours_available=bool(hours),
    )


def lotse_roles_of(organisation: Organisation) -> list[Lotse]:
    """Every Lotse role at the Träger, active ones first, by name (one query)."""
    return list(
        Lotse.objects.filter(organisation=organisation).select_related("user").order_by("-active", "user__name", "pk")
    )


def lotse_candidates(organisation: Organisation) -> list[User]:
    """Members of the Träger who are not (or no longer) its active Lotsen, by name."""
    members = organisation_selectors.organisation_members(organisation=organisation)
    active = set(Lotse.objects.filter(organisation=organisation, active=True).values_list("user_id", flat=True))
    people = [membership.user for membership in members if membership.user_id not in active]
    return sorted(people, key=lambda person: ((person.name or person.email).casefold(), person.pk))


# --- my qualification -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyRun:
    registration: Registration
    run: CourseRun
    units: Decimal


@dataclass(frozen=True)
class MyRole:
    lotse: Lotse
    hours: Any  # HoursSummary of this year, or None


@dataclass
class MyQualification:
    upcoming: list[MyRun] = field(default_factory=list)
    past: list[MyRun] = field(default_factory=list)
    progress: list[CurriculumProgress] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    lotse_roles: list[MyRole] = field(default_factory=list)
    year: int = 0


def my_qualification(*, user: User, today: date | None = None) -> MyQualification:
    """``user``'s course runs (upcoming and past, with the units attended), their progress in every
    curriculum they have begun, their certificates and Lotse roles (a fixed number of queries)."""
    now = timezone.now()
    year = (today or timezone.localdate()).year
    registrations = list(
        Registration.objects.filter(user=user, event__course_run__isnull=False)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event", "event__course_run", "event__course_run__module")
        .order_by("event__starts_at", "pk")
    )
    units = dict(
        Attendance.objects.filter(registration__in=[r.pk for r in registrations], status=Attendance.Status.PRESENT)
        .values("registration_id")
        .annotate(total=Sum("units"))
        .order_by()
        .values_list("registration_id", "total")
    )
    result = MyQualification(year=year)
    for registration in registrations:
        item = MyRun(
            registration=registration,
            run=registration.event.course_run,
            units=units.get(registration.pk) or ZERO,
        )
        (result.upcoming if registration.event.ends_at >= now else result.past).append(item)
    result.past.reverse()  # the latest first
    begun = Attendance.objects.filter(registration__user=user, status=Attendance.Status.PRESENT, units__gt=0).values(
        "session__run__module_id"
    )
    curricula = Curriculum.objects.filter(is_active=True, entries__module_id__in=begun).distinct().order_by("title")
    result.progress = [
        curriculum_progress_many(curriculum=curriculum, user_ids=[user.pk])[user.pk] for curriculum in curricula
    ]
    result.certificates = certificates_by_person([user.pk]).get(user.pk, [])
    roles = list(Lotse.objects.filter(user=user, active=True).select_related("organisation"))
    hours = hours_by_lotse([role.pk for role in roles], year) if roles else {}
    result.lotse_roles = [MyRole(lotse=role, hours=hours.get(role.pk)) for role in roles]
    return result


# --- personal data ----------------------------------------------------------------------------------------


def personal_data_export(user: User) -> dict[str, Any]:
    """Lotse roles and attendance at course runs, for the person's data export."""
    roles = Lotse.objects.filter(user=user).select_related("organisation").order_by("since", "pk")
    entries = (
        Attendance.objects.filter(registration__user=user)
        .select_related("session__run__event", "session__run__module")
        .order_by("session__starts_at", "pk")
    )
    by_run: dict[int, list[Attendance]] = defaultdict(list)
    for entry in entries:
        by_run[entry.session.run_id].append(entry)
    return {
        "lotse_roles": [
            {"organisation": role.organisation.name, "since": role.since.isoformat(), "active": role.active}
            for role in roles
        ],
        "attendance": [
            {
                "course": items[0].session.run.event.title,
                "module": items[0].session.run.module.title,
                "sessions": [
                    {
                        "starts_at": timezone.localtime(entry.session.starts_at).isoformat(),
                        "status": entry.status,
                        "units": str(entry.units),
                    }
                    for entry in items
                ],
            }
            for items in by_run.values()
        ],
    }
