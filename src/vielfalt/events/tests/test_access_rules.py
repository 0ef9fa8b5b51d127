"""The rules the event page shows by, decided in ``events.access`` (and agreeing with the services)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events import access
from vielfalt.events.models import Event, Registration
from vielfalt.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _registration(*, starts_in: timedelta, status: str = "confirmed", event_status: str = "published") -> Registration:
    event = EventFactory(starts_at=NOW + starts_in, ends_at=NOW + starts_in + timedelta(hours=4), status=event_status)
    return Registration.objects.create(event=event, user=UserFactory(), status=status)


def test_registration_opens_later_only_before_the_opening_of_a_coming_event() -> None:
    event = EventFactory(registration_opens_at=NOW + timedelta(days=2))
    assert access.registration_opens_later(event, now=NOW)
    assert not access.registration_opens_later(event, now=NOW + timedelta(days=3))
    assert not access.registration_opens_later(EventFactory(), now=NOW)


def test_not_invited_is_for_signed_in_people_of_other_organisations(personas, organisation) -> None:
    from django.contrib.auth.models import AnonymousUser

    event = EventFactory(audience=Event.Audience.INVITED)
    event.invited_organisations.set([organisation])
    assert access.is_not_invited(personas.outsider, event, None)
    assert not access.is_not_invited(personas.member, event, None)  # a member of the invited organisation
    assert not access.is_not_invited(AnonymousUser(), event, None)  # asked to sign in instead
    assert not access.is_not_invited(personas.outsider, EventFactory(), None)  # a public event


# --- what a person may do with their registration ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "registered"), [("confirmed", True), ("waiting", True), ("offered", True), ("cancelled", False)]
)
def test_one_is_registered_with_a_place_or_waiting_for_one(status, registered) -> None:
    registration = _registration(starts_in=timedelta(days=3), status=status)

    assert access.is_registered(registration) is registered
    assert access.is_registered(None) is False


def test_the_active_registration_is_found_and_a_cancelled_one_is_a_404() -> None:
    from django.http import Http404

    registration = _registration(starts_in=timedelta(days=3))
    assert access.get_active_registration_for_user(registration.user, registration.event) == registration

    cancelled = _registration(starts_in=timedelta(days=3), status="cancelled")
    with pytest.raises(Http404):
        access.get_active_registration_for_user(cancelled.user, cancelled.event)
    with pytest.raises(Http404):
        access.get_active_registration_for_user(UserFactory(), registration.event)


@pytest.mark.parametrize(
    ("starts_in", "status", "event_status", "can_change"),
    [
        (timedelta(days=3), "confirmed", "published", True),
        (timedelta(days=3), "waiting", "published", True),
        (timedelta(days=3), "cancelled", "published", False),
        (timedelta(days=-7), "confirmed", "published", False),  # over
        (timedelta(days=3), "confirmed", "cancelled", False),
    ],
)
def test_workshops_can_be_changed_before_a_published_event_is_over(starts_in, status, event_status, can_change) -> None:
    registration = _registration(starts_in=starts_in, status=status, event_status=event_status)

    assert access.can_change_workshops(registration) is can_change
