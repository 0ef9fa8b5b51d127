"""What the events count for the figures dashboard: events held and their participants, per year."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core import figures
from vielfalt.events.figures import events_held, participants_checked_in, participants_registered
from vielfalt.events.models import Event, Registration
from vielfalt.events.tests.factories import EventFactory

GIESSEN = "06531"


def _event(year: int, **kwargs: object) -> Event:
    starts = datetime(year, 5, 4, 10, tzinfo=timezone.get_current_timezone())
    return EventFactory.create(starts_at=starts, ends_at=starts + timedelta(hours=6), **kwargs)


def _registrations(event: Event, *, confirmed: int, checked_in: int = 0, cancelled: int = 0) -> None:
    for index in range(confirmed + cancelled):
        Registration.objects.create(
            event=event,
            user=UserFactory.create(),
            status=Registration.Status.CONFIRMED if index < confirmed else Registration.Status.CANCELLED,
            checked_in_at=event.starts_at if index < checked_in else None,
        )


@pytest.mark.django_db
def test_events_held_are_published_events_that_began(django_assert_num_queries):
    _event(2023)
    _event(2024, kind=Event.Kind.WORKSHOP)
    _event(2024, is_online=True, municipality=None, district=None, kind=Event.Kind.ONLINE)
    _event(2024, status=Event.Status.CANCELLED)
    _event(2024, status=Event.Status.DRAFT)
    EventFactory.create()  # in three weeks: not held yet
    this_year = timezone.localdate().year
    with django_assert_num_queries(1):
        cells = events_held([2023, 2024, this_year])
    assert cells == {
        (2023, GIESSEN, "regional"): 1,
        (2024, GIESSEN, "workshop"): 1,
        (2024, "", "online"): 1,
    }


@pytest.mark.django_db
def test_participants_are_confirmed_registrations_and_check_ins(django_assert_num_queries):
    first, second = _event(2023), _event(2024)
    _registrations(first, confirmed=7, checked_in=5, cancelled=2)
    _registrations(second, confirmed=3)
    _registrations(_event(2024, status=Event.Status.CANCELLED), confirmed=4)
    with django_assert_num_queries(1):
        registered = participants_registered([2023, 2024])
    with django_assert_num_queries(1):
        checked_in = participants_checked_in([2023, 2024])
    assert registered == {(2023, GIESSEN, "regional"): 7, (2024, GIESSEN, "regional"): 3}
    assert checked_in == {(2023, GIESSEN, "regional"): 5}


@pytest.mark.django_db
def test_the_events_register_their_area_and_figures():
    assert [figure.key for figure in figures.figures("events")] == [
        "events.held",
        "events.participants",
        "events.checked_in",
    ]
    assert not figures.figure("events.held").suppressed  # events describe no person
    assert figures.figure("events.participants").suppressed
