"""factory_boy factories for qualification: modules, curricula, course runs, Lotsen, hours."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Event, Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.qualification.models import (
    Attendance,
    CourseRun,
    CourseSession,
    Curriculum,
    CurriculumModule,
    Lotse,
    Module,
    ServiceHours,
    ServiceKind,
)


class ModuleFactory(factory.django.DjangoModelFactory[Module]):
    class Meta:
        model = Module
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"modul-{n}")
    title = factory.Sequence(lambda n: f"Interkulturelle Kommunikation {n}")
    description = "Wie Verständigung über Sprach- und Kulturgrenzen gelingt."
    goals = "Missverständnisse erkennen und klären."
    units = Decimal("4")
    audiences = factory.LazyFunction(lambda: ["lotsen"])
    languages = factory.LazyFunction(lambda: ["de"])


class CurriculumFactory(factory.django.DjangoModelFactory[Curriculum]):
    class Meta:
        model = Curriculum
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"basisqualifizierung-{n}")
    title = factory.Sequence(lambda n: f"Basisqualifizierung {n}")
    min_units = Decimal("8")


def curriculum_with(modules: list[Module], *, required: int = 0, **kwargs: Any) -> Curriculum:
    """A curriculum of ``modules`` in this order; the first ``required`` of them are required."""
    curriculum = CurriculumFactory.create(**kwargs)
    for position, module in enumerate(modules):
        CurriculumModule.objects.create(
            curriculum=curriculum, module=module, position=position, required=position < required
        )
    return curriculum


class CourseRunFactory(factory.django.DjangoModelFactory[CourseRun]):
    """A course run of a new module: a published training event (10 places) without dates yet."""

    class Meta:
        model = CourseRun

    event = factory.SubFactory(EventFactory, kind=Event.Kind.TRAINING)
    module = factory.SubFactory(ModuleFactory)


class CourseSessionFactory(factory.django.DjangoModelFactory[CourseSession]):
    class Meta:
        model = CourseSession

    run = factory.SubFactory(CourseRunFactory)
    starts_at = factory.LazyAttribute(lambda o: o.run.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    units = Decimal("4")


def registration_for(run: CourseRun, user: User | None = None) -> Registration:
    """A confirmed registration of ``user`` (a new person if none) for ``run``."""
    return Registration.objects.create(
        event=run.event,
        user=user or UserFactory.create(),
        status=Registration.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )


def attend(session: CourseSession, registration: Registration, units: Decimal | None = None) -> Attendance:
    return Attendance.objects.create(
        session=session,
        registration=registration,
        status=Attendance.Status.PRESENT,
        units=session.units if units is None else units,
    )


class TragerFactory(OrganisationFactory):
    """A verified WIR-Lotsen-Träger."""

    kind = "lotsen"
    name = factory.Sequence(lambda n: f"Freiwilligenagentur Lotsen {n} e.V.")
    slug = factory.Sequence(lambda n: f"freiwilligenagentur-lotsen-{n}")


class LotseFactory(factory.django.DjangoModelFactory[Lotse]):
    class Meta:
        model = Lotse

    organisation = factory.SubFactory(TragerFactory)
    user = factory.SubFactory(UserFactory)
    since = factory.LazyFunction(lambda: date(2025, 3, 1))


class ServiceKindFactory(factory.django.DjangoModelFactory[ServiceKind]):
    class Meta:
        model = ServiceKind
        django_get_or_create = ("slug",)

    slug = "behoerde"
    name = "Behörde"


class ServiceHoursFactory(factory.django.DjangoModelFactory[ServiceHours]):
    class Meta:
        model = ServiceHours

    lotse = factory.SubFactory(LotseFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    hours = Decimal("2")
    kind = factory.SubFactory(ServiceKindFactory)
    language = "ar"


# --- runs ---


def run_with_sessions(
    *, days_ago: int = 7, sessions: int = 2, units: str = "4", organiser: object = None, **kwargs: object
) -> tuple[CourseRun, list[CourseSession]]:
    """A course run whose first date began ``days_ago`` days ago (negative: lies ahead), one date a day
    after it, each 10:00–13:00 with ``units``; the event spans them. ``kwargs`` go to the run
    (``module``, ``reference``)."""
    first = (timezone.localtime() - timedelta(days=days_ago)).replace(hour=10, minute=0, second=0, microsecond=0)
    starts = [first + timedelta(days=n) for n in range(sessions)]
    run = CourseRunFactory.create(
        event__starts_at=starts[0],
        event__ends_at=starts[-1] + timedelta(hours=3),
        event__organiser=organiser,
        **kwargs,
    )
    dates = [
        CourseSession.objects.create(run=run, starts_at=start, ends_at=start + timedelta(hours=3), units=Decimal(units))
        for start in starts
    ]
    return run, dates
