"""Query budgets of the events' pages: registering and one's own registration, the links in our emails,
the calendar files, and the pages of those who run an event (its details, programme, participants,
sign-in sheet and documentation). Each is read by someone allowed to see it (a link from an email
anonymously, with a valid token) and keeps to the number of queries it needs today.

A page that lists rows (slots and sessions, organisations, colleagues, events in a feed, participants,
photos and files) is read once with few rows and once with many (every relation a row shows filled),
must cost the same both times (no N+1), and is held to that count. A page of one thing (a question
before cancelling or deleting, one slot or session, one event's file) is held to its count."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from conftest import Personas, login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import page_within, queries_of, same_queries_for_few_and_many
from vielfalt.events.models import Documentation, DocumentationFile, DocumentationImage, Event, Session
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import Municipality

pytestmark = pytest.mark.django_db


def with_programme(event: Event, *, slots: int, first: int = 0) -> list[list[Session]]:
    """``slots`` time slots of 90 minutes from 10:00 (from the ``first``-th on), each with two parallel
    workshops and a talk (the first slot's talk is a break); returns each slot's workshops."""
    workshops = []
    for n in range(first, first + slots):
        starts = event.starts_at.replace(hour=10) + timedelta(minutes=90 * n)
        slot = TimeSlotFactory.create(
            event=event, starts_at=starts, ends_at=starts + timedelta(minutes=90), title=f"Phase {n}"
        )
        workshops.append(
            [
                SessionFactory.create(slot=slot, title=f"Workshop {n}.{w}", room=f"Raum {w}", capacity=3)
                for w in range(2)
            ]
        )
        SessionFactory.create(
            slot=slot, kind="break" if n == 0 else "talk", title=f"Plenum {n}", room="Saal", speakers="Ada Admin"
        )
    return workshops


def register_people(event: Event, workshops: list[list[Session]], count: int) -> None:
    """``count`` people, each in one workshop of every slot: the workshops fill and have people waiting."""
    for n in range(count):
        services.registration_create(
            event=event, user=UserFactory.create(), workshops=[pair[n % 2] for pair in workshops] if n % 3 else []
        )


# --- the programme, for its organisers --------------------------------------------------------------------


def test_the_programme_reads_as_many_queries_for_many_slots_sessions_and_registrations(
    client: Client,
    personas: Personas,
    organisation: Organisation,
) -> None:
    admin = personas.org_admin
    agree_to_privacy(admin)
    login(client, admin)

    few_event = EventFactory.create(organiser=organisation, capacity=40)
    register_people(few_event, with_programme(few_event, slots=1), 2)
    client.get(f"/de/veranstaltungen/{few_event.slug}/programm/")
    few = queries_of(client, f"/de/veranstaltungen/{few_event.slug}/programm/")

    event = EventFactory.create(organiser=organisation, capacity=40)
    register_people(event, with_programme(event, slots=4), 12)
    many = queries_of(client, f"/de/veranstaltungen/{event.slug}/programm/")

    assert few == many
    # Session, person, the privacy notice, the layout's two unread counts; the event with its
    # organiser and place, the organisations the person administers (twice: may they see it, may
    # they run it); the slots, the sessions with their taken and waiting places.
    content = page_within(client, f"/de/veranstaltungen/{event.slug}/programm/", limit=10, first_visit=False)
    assert "Workshop 3.1" in content and "Plenum 3" in content


# --- one's own registration -------------------------------------------------------------------------------


def test_my_registration_reads_as_many_queries_for_many_workshops_and_colleagues(
    client: Client,
    personas: Personas,
    organisation: Organisation,
) -> None:
    """A member registered themselves and colleagues of their organisation, with a workshop in every
    slot; some workshops were full (waiting), some colleagues are on the event's waiting list."""
    member = personas.member
    agree_to_privacy(member)
    login(client, member)

    def registered(*, slots: int, colleagues: int) -> str:
        event = EventFactory.create(organiser=organisation, capacity=4 + colleagues // 2)
        workshops = with_programme(event, slots=slots)
        register_people(event, workshops, 3)
        people = [UserFactory.create(name=f"Kollegin {n}") for n in range(colleagues)]
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
    content = page_within(client, many_url, limit=14, first_visit=False)
    assert content.count("Workshop-Wahl ändern") == 4
    assert "Anmeldung von <bdi>Kollegin 5</bdi> stornieren" in content


# --- registering ------------------------------------------------------------------------------------------


def test_registering_reads_as_many_queries_for_many_workshops_organisations_and_colleagues(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """An admin registers: the form lists the organisations they act for, the colleagues they may bring
    along (with their organisation once there are several), and per slot the workshops with their places."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    event = EventFactory.create(capacity=40)
    register_people(event, with_programme(event, slots=1), 2)
    login(client, admin)

    def more_workshops_organisations_and_colleagues() -> None:
        register_people(event, with_programme(event, slots=3, first=1), 6)
        for n in range(3):
            other = OrganisationFactory.create(name=f"Verein {n}")
            Membership.objects.create(organisation=other, user=admin, role=Membership.Role.ADMIN)
            Membership.objects.create(organisation=other, user=UserFactory.create(name=f"Kollege {n}"))
        for n in range(4):
            Membership.objects.create(organisation=organisation, user=UserFactory.create(name=f"Kollegin {n}"))

    content = same_queries_for_few_and_many(
        client,
        f"/de/veranstaltungen/{event.slug}/anmelden/",
        add=more_workshops_organisations_and_colleagues,
        # Session, person, the privacy notice, the layout's two unread counts; the event with its place,
        # the person's latest registration (are they registered?), the programme (slots; sessions with places),
        # the person's organisations, the colleagues with their people and organisations, the places
        # taken and waiting.
        limit=12,
    )
    assert content.count('name="colleagues"') == 8
    assert "für Verein 2" in content and "Kollege 2 (Verein 2)" in content
    assert "Workshop 3.1" in content


# --- cancelling and answering an offer: on the site and by the links in our emails ------------------------


def test_cancelling_on_the_site_asks_first_for_a_fixed_number_of_queries(
    client: Client,
    personas: Personas,
    organisation: Organisation,
) -> None:
    """One's own registration, and that of a colleague one registered along."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    event = EventFactory.create()
    _mine, colleague = services.registration_create(
        event=event, user=admin, organisation=organisation, colleagues=[personas.member]
    )
    url = f"/de/veranstaltungen/{event.slug}/anmeldung/stornieren/"
    login(client, admin)
    # Session, person, the privacy notice, the layout's two unread counts; the event with its place, the
    # registration (one's own, or the colleague's with their person).
    assert "Möchten Sie Ihre Anmeldung stornieren?" in page_within(client, url, limit=7)
    page = page_within(client, f"{url}?registration={colleague.pk}", limit=7, first_visit=False)
    assert "Möchten Sie die Anmeldung von <bdi>Mina Mitglied</bdi> stornieren?" in page


def test_the_links_in_our_emails_ask_first_for_a_fixed_number_of_queries(client: Client) -> None:
    """Read anonymously, with the signed token the email carries: cancelling, and a place offered."""
    event = EventFactory.create(capacity=1, promotion=Event.Promotion.OFFER)
    first = services.registration_create(event=event, user=UserFactory.create())[0]
    second = services.registration_create(event=event, user=UserFactory.create())[0]
    services.registration_cancel(registration=first, by=None, notify=False)  # the place goes to ``second``

    url = f"/de/veranstaltungen/abmelden/{services.registration_token(second)}/"
    # No session, nobody signed in, no layout counts: the registration with its event (and its place)
    # and person.
    assert "Ja, stornieren" in page_within(client, url, limit=1, first_visit=False)
    token = services.registration_token(second, salt=services.OFFER_SALT)
    page = page_within(client, f"/de/veranstaltungen/angebot/{token}/", limit=1, first_visit=False)
    assert "Platz annehmen" in page


# --- calendar files: a district's and an organisation's feed, one event ------------------------------------


FEEDS = {"district": "kreis/06531.ics", "organisation": "organisation/{slug}.ics"}


@pytest.mark.parametrize("feed", FEEDS)
def test_the_district_and_organisation_feeds_read_as_many_queries_for_many_events(
    client: Client, organisation: Organisation, feed: str
) -> None:
    """Anonymously, as a calendar app subscribes: every event with its organiser and place. Gießen's feed
    holds the organisation's events there and those of others; the organisation's, its events anywhere."""
    frankfurt = Municipality.objects.get(ags="06412000")
    EventFactory.create(organiser=organisation, title="Erstes Treffen")

    def more_events() -> None:
        for n in range(6):
            EventFactory.create(
                organiser=organisation if n % 2 else OrganisationFactory.create(),
                title=f"Treffen {n}",
                status="cancelled" if n % 3 == 0 else "published",
                is_online=n % 2 == 0,
                online_url="https://meet.example.org/raum-42" if n % 2 == 0 else "",
            )
            EventFactory.create(
                organiser=organisation, title=f"In Frankfurt {n}", municipality=frankfurt, district=frankfurt.district
            )

    content = same_queries_for_few_and_many(
        client,
        "/de/veranstaltungen/kalender/" + FEEDS[feed].format(slug=organisation.slug),
        add=more_events,
        # The district (or the organisation), the events with their organisers and municipalities.
        limit=2,
        first_visit=False,
    )
    assert content.count("BEGIN:VEVENT") == {"district": 7, "organisation": 10}[feed]
    assert "STATUS:CANCELLED" in content and "meet.example.org" not in content


def test_the_file_of_one_event_costs_a_fixed_number_of_queries(
    client: Client,
    personas: Personas,
    organisation: Organisation,
) -> None:
    """A participant with a confirmed place adds an online event to their calendar, with its link."""
    member = personas.member
    agree_to_privacy(member)
    event = EventFactory.create(organiser=organisation, is_online=True, online_url="https://meet.example.org/raum-42")
    services.registration_create(event=event, user=member)
    url = f"/de/veranstaltungen/{event.slug}/kalender.ics"
    login(client, member)
    # Session, person (no layout); the event with its organiser and place, the organisations the person
    # administers (twice: may they see it, may they see the link), whether their place is confirmed.
    assert "meet.example.org/raum-42" in page_within(client, url, limit=6)


# --- creating and editing an event ----------------------------------------------------------------------


def more_verified_organisations(count: int) -> list[Organisation]:
    """Organisations one may invite to an event (the form lists every verified one)."""
    return [OrganisationFactory.create(name=f"Eingeladener Verein {n}") for n in range(count)]


def test_creating_an_event_reads_as_many_queries_for_many_organisations(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """An admin of several organisations: the form offers them as organisers, and every verified
    organisation to invite."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    login(client, admin)

    def more_organisations() -> None:
        for n in range(3):
            other = OrganisationFactory.create(name=f"Verein {n}")
            Membership.objects.create(organisation=other, user=admin, role=Membership.Role.ADMIN)
        more_verified_organisations(6)

    content = same_queries_for_few_and_many(
        client,
        "/de/veranstaltungen/neu/",
        add=more_organisations,
        # Session, person, the privacy notice, the layout's two unread counts; the organisations the
        # person may organise for, the municipalities, whether they moderate a group (the exchange's
        # link), the organisations to invite.
        limit=9,
    )
    assert content.count('name="organiser"') == 4
    assert content.count('name="invited_organisations"') == Organisation.objects.filter(status="verified").count()


def test_editing_an_event_reads_as_many_queries_for_many_organisations_invited(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """An event for invited organisations: the form lists every verified organisation, the invited ticked."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    event = EventFactory.create(organiser=organisation, audience=Event.Audience.INVITED)
    event.invited_organisations.set([organisation])
    login(client, admin)

    def more_organisations_invited() -> None:
        event.invited_organisations.add(*more_verified_organisations(6)[::2])

    content = same_queries_for_few_and_many(
        client,
        f"/de/veranstaltungen/{event.slug}/bearbeiten/",
        add=more_organisations_invited,
        # Session, person, the privacy notice, the layout's two unread counts; the event with its
        # organiser and place, the organisations the person administers (twice: may they see it, may
        # they run it); the group the event links to and whether the person may choose one (the
        # exchange's link), the organisations invited, the municipalities, the organisations to invite.
        limit=13,
    )
    invited = re.findall(r'<input [^>]*name="invited_organisations"[^>]*>', content)
    assert len(invited) == 7
    assert sum(" checked" in tag for tag in invited) == 4


# --- cancelling an event, someone's place ---------------------------------------------------------------


def test_cancelling_an_event_and_a_place_ask_first_for_a_fixed_number_of_queries(
    client: Client,
    personas: Personas,
    organisation: Organisation,
) -> None:
    """The organiser is asked before the event is called off (how many hear of it) and before a
    participant loses their place."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    event = EventFactory.create(organiser=organisation, capacity=2)
    register_people(event, [], 3)  # two places taken, one waiting
    registration = services.registration_create(event=event, user=personas.member)[0]
    login(client, admin)
    url = f"/de/veranstaltungen/{event.slug}/absagen/"
    # Session, person, the privacy notice, the layout's two unread counts; the event with its organiser
    # and place, the organisations the person administers (twice: may they see it, may they run it), the
    # places taken and waiting.
    assert "4 Personen stehen auf der Liste" in page_within(client, url, limit=9)
    url = f"/de/veranstaltungen/{event.slug}/teilnehmende/{registration.pk}/stornieren/"
    # The same, but the organisations the person administers once more (may they manage its participants)
    # and the registration with its person and organisation instead of the places.
    page = page_within(client, url, limit=10, first_visit=False)
    assert "Wollen Sie die Anmeldung von Mina Mitglied stornieren?" in page


# --- changing and deleting a slot or a session of the programme -----------------------------------------


@pytest.mark.parametrize(
    "page", ["zeitfenster/{slot}/", "zeitfenster/{slot}/loeschen/", "punkt/{session}/", "punkt/{session}/loeschen/"]
)
def test_the_forms_of_one_slot_or_session_keep_to_their_queries(
    client: Client,
    personas: Personas,
    organisation: Organisation,
    page: str,
) -> None:
    """Changing a slot or a session, and the question before deleting it."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    event = EventFactory.create(organiser=organisation)
    workshop = with_programme(event, slots=2)[1][0]
    url = f"/de/veranstaltungen/{event.slug}/programm/" + page.format(slot=workshop.slot_id, session=workshop.pk)
    login(client, admin)
    # Session, person, the privacy notice, the layout's two unread counts; the event with its organiser
    # and place, the organisations the person administers (twice: may they see it, may they run it);
    # the slot (or the session with its slot).
    assert ("Phase 1" if "zeitfenster" in page else "Workshop 1.0") in page_within(client, url, limit=9)


# --- the sign-in sheet ------------------------------------------------------------------------------------


def queries_and_file(client: Client, url: str) -> tuple[int, bytes]:
    """The number of queries one GET of a download costs (it must answer 200), and the file."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), response.content


def test_the_sign_in_sheet_reads_as_many_queries_for_many_participants(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """A PDF of everyone with a confirmed place, with their organisation and its district."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    event = EventFactory.create(organiser=organisation, capacity=40)
    services.registration_create(event=event, user=personas.member, organisation=organisation)
    url = f"/de/veranstaltungen/{event.slug}/unterschriftenliste.pdf"
    login(client, admin)
    client.get(url)
    few, _pdf = queries_and_file(client, url)

    places = ["06411000", "06611000", "06414000"]  # Darmstadt, Kassel, Wiesbaden
    for n in range(8):
        other = OrganisationFactory.create(name=f"Verein {n}", municipality=municipality_by_ags(places[n % 3]))
        person = UserFactory.create(name=f"Teilnehmerin {n}")
        Membership.objects.create(organisation=other, user=person)
        services.registration_create(event=event, user=person, organisation=other if n % 4 else None)
    many, pdf = queries_and_file(client, url)

    assert few == many
    # Session, person (no layout); the event with its organiser and place, the organisations the person
    # administers (twice: may they see it, may they run it); the confirmed registrations with their
    # people, organisations and districts.
    assert many <= 6
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Teilnehmerin 7" in text and "Verein 7" in text and "Kassel" in text


# --- editing the documentation ----------------------------------------------------------------------------


def test_editing_the_documentation_reads_as_many_queries_for_many_photos_and_files(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """An event last week: its text, and every photo and file with the button that removes it."""
    admin = personas.org_admin
    agree_to_privacy(admin)
    last_week = (timezone.localtime() - timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    event = EventFactory.create(organiser=organisation, starts_at=last_week, ends_at=last_week.replace(hour=16))
    documentation = Documentation.objects.create(event=event, summary="Ein guter Tag.", body="<p>Viel gelernt.</p>")
    login(client, admin)

    def more_photos_and_files() -> None:
        for n in range(6):
            DocumentationImage.objects.create(
                documentation=documentation,
                image=f"events/images/{n}.png",
                alt_text=f"Bild {n}",
                caption=f"Unterschrift {n}" if n % 2 else "",
                consent_confirmed=True,
            )
            DocumentationFile.objects.create(
                documentation=documentation, file=f"events/files/{n}.pdf", title=f"Datei {n}", size=1000 * n
            )

    content = same_queries_for_few_and_many(
        client,
        f"/de/veranstaltungen/{event.slug}/dokumentation/bearbeiten/",
        add=more_photos_and_files,
        # Session, person, the privacy notice, the layout's two unread counts; the event with its organiser
        # and place, the organisations the person administers (twice: may they see it, may they run it);
        # the documentation, its photos and its files.
        limit=11,
    )
    assert content.count('class="vf-doc-thumb"') == 6
    assert "Datei 5" in content
