"""Never overbooked: many people registering for the last places at the same moment."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.db.models import Max

from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.events.models import Event, Registration, WorkshopChoice
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory, SessionFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel connections to one database need PostgreSQL in tests"
)


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Database access without the test's transaction, so that the threads' own connections see
    the rows. (``transaction=True`` would flush every table afterwards, the regions with them.)
    What the test created is deleted afterwards."""
    with django_db_blocker.unblock():
        marks = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model in (Event, User, AuditEntry)}
        try:
            yield
        finally:
            for model, mark in marks.items():
                model.objects.filter(pk__gt=mark).delete()


def _fire(callables: list) -> list[BaseException]:
    """Run every callable in its own thread (and connection), all released at once."""
    start = threading.Barrier(len(callables))
    errors: list[BaseException] = []

    def run(func) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            func()
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in callables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@postgresql_only
@pytest.mark.usefixtures("committed")
def test_fifty_parallel_registrations_for_ten_places() -> None:
    event = EventFactory(capacity=10)
    people = [UserFactory() for _ in range(50)]
    errors = _fire([lambda p=p: services.registration_create(event=event, user=p) for p in people])
    assert errors == []
    counts = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert counts == {Registration.Status.CONFIRMED: 10, Registration.Status.WAITING: 40}
    assert Registration.objects.filter(event=event).values("user").distinct().count() == 50


@postgresql_only
@pytest.mark.usefixtures("committed")
def test_parallel_registrations_never_overfill_a_workshop() -> None:
    workshop = SessionFactory(capacity=3)
    people = [UserFactory() for _ in range(12)]
    errors = _fire(
        [lambda p=p: services.registration_create(event=workshop.event, user=p, workshops=[workshop]) for p in people]
    )
    assert errors == []
    seated = WorkshopChoice.objects.filter(session=workshop, status=WorkshopChoice.Status.SEATED).count()
    assert seated == 3


@postgresql_only
@pytest.mark.usefixtures("committed")
def test_the_same_person_twice_at_once_is_registered_once() -> None:
    event = EventFactory(capacity=10)
    person = UserFactory()
    errors = _fire([lambda: services.registration_create(event=event, user=person) for _ in range(5)])
    assert len(errors) == 4 and all(isinstance(e, ApplicationError) for e in errors)
    assert Registration.objects.filter(event=event, user=person).count() == 1


@postgresql_only
@pytest.mark.usefixtures("committed")
def test_cancellations_and_registrations_at_once_keep_the_count() -> None:
    event = EventFactory(capacity=5)
    first = [services.registration_create(event=event, user=UserFactory())[0] for _ in range(10)]
    newcomers = [UserFactory() for _ in range(10)]
    jobs = [lambda r=r: services.registration_cancel(registration=r, by=None) for r in first[:5]]
    jobs += [lambda p=p: services.registration_create(event=event, user=p) for p in newcomers]
    assert _fire(jobs) == []
    counts = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert counts[Registration.Status.CONFIRMED] == 5
    assert counts[Registration.Status.WAITING] == 10
