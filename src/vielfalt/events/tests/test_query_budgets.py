"""Query budgets of an event's programme (for its organisers) and of one's own registration: a fixed
number of queries, however many slots, sessions, registrations and colleagues a page lists (no N+1).

Each test reads the page once with few rows and once with many (every relation a row shows filled),
expects the same count, and holds the page to the count it needs today."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import Personas, login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import queries_of
from vielfalt.events.models import Event, Session
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.pages.tests.factories import agree_to_privacy

pytestmark = pytest.mark.django_db


def with_programme(event: Event, *, slots: int) -> list[list[Session]]:
    """``slots`` time slots of 90 minutes from 10:00, each with two parallel workshops and a talk
    (the first slot's talk is a break); returns each slot's workshops."""
    workshops = []
    for n in range(slots):
        starts = event.starts_at.replace(hour=10) + timedelta(minutes=90 * n)
        slot = TimeSlotFactory(
            event=event, starts_at=starts, ends_at=starts + timedelta(minutes=90), title=f"Phase {n}"
        )
        workshops.append(
            [SessionFactory(slot=slot, title=f"Workshop {n}.{w}", room=f"Raum {w}", capacity=3) for w in range(2)]
        )
        SessionFactory(
            slot=slot, kind="break" if n == 0 else "talk", title=f"Plenum {n}", room="Saal", speakers="Ada Admin"
        )
    return workshops


def register_people(event: Event, workshops: list[list[Session]], count: int) -> None:
    """``count`` people, each in one workshop of every slot: the workshops fill and have people waiting."""
    for n in range(count):
        services.registration_create(
            event=event, user=UserFactory(), workshops=[pair[n % 2] for pair in workshops] if n % 3 else []
        )


# --- the programme, for its organisers --------------------------------------------------------------------


def test_the_programme_reads_as_many_queries_for_many_slots_sessions_and_registrations(
    client, personas: Personas, organisation: Organisation, django_assert_max_num_queries
):
    admin = personas.org_admin
    agree_to_privacy(admin)
    login(client, admin)

    few_event = EventFactory(organiser=organisation, capacity=40)
    register_people(few_event, with_programme(few_event, slots=1), 2)
    client.get(f"/de/veranstaltungen/{few_event.slug}/programm/")
    few = queries_of(client, f"/de/veranstaltungen/{few_event.slug}/programm/")

    event = EventFactory(organiser=organisation, capacity=40)
    register_people(event, with_programme(event, slots=4), 12)
    many = queries_of(client, f"/de/veranstaltungen/{event.slug}/programm/")

    assert few == many
    # Session, person, the privacy notice, the layout's two unread counts; the event with its
    # organiser and place, the organisations the person administers (twice: may they see it, may
    # they run it); the slots, the sessions with their taken and waiting places.
    with django_assert_max_num_queries(10):
        response = client.get(f"/de/veranstaltungen/{event.slug}/programm/")
    content = response.content.decode()
    assert "Workshop 3.1" in content and "Plenum 3" in content


# --- one's own registration -------------------------------------------------------------------------------


def test_my_registration_reads_as_many_queries_for_many_workshops_and_colleagues(
    client, personas: Personas, organisation: Organisation, django_assert_max_num_queries
):
    """A member registered themselves and colleagues of their organisation, with a workshop in every
    slot; some workshops were full (waiting), some colleagues are on the event's waiting list."""
    member = personas.member
    agree_to_privacy(member)
    login(client, member)

    def registered(*, slots: int, colleagues: int) -> str:
        event = EventFactory(organiser=organisation, capacity=4 + colleagues // 2)
        workshops = with_programme(event, slots=slots)
        register_people(event, workshops, 3)
        people = [UserFactory(name=f"Kollegin {n}") for n in range(colleagues)]
        for person in people:
            Membership.objects.create(organisation=organisation, user=person)
        services.registration_create(
            event=event,
            user=member,
            organisation=organisation,
            colleagues=people,
            workshops=[pair[1] for pair in workshops],
        )
        return f"/de/veranstaltungen/{event.slug}/anmeldung/"

    few_url = registered(slots=1, colleagues=1)
    client.get(few_url)
    few = queries_of(client, few_url)

    many_url = registered(slots=4, colleagues=6)
    many = queries_of(client, many_url)

    assert few == many
    # Session, person, the privacy notice, the layout's two unread counts; the event with its place,
    # the organisations the person administers (may they see it), the registration, the programme
    # (slots; sessions with their places), the workshop choices with their sessions, the colleagues
    # registered with it and their people, whether the person may see the online link (the
    # organisations they administer again, whether their place is confirmed).
    with django_assert_max_num_queries(14):
        response = client.get(many_url)
    content = response.content.decode()
    assert content.count("Workshop-Wahl ändern") == 4
    assert "Anmeldung von <bdi>Kollegin 5</bdi> stornieren" in content
