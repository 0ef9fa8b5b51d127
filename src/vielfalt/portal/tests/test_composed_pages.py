"""Pages composed from what the apps register (core.composition): each part appears where it belongs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import Personas, login
from vielfalt.events.registration import services as registrations
from vielfalt.events.tests.factories import EventFactory
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.news.tests.factories import PostFactory
from vielfalt.pages.selectors import legal_document_current
from vielfalt.pages.services import consent_record
from vielfalt.qualification.tests.factories import CourseRunFactory

pytestmark = pytest.mark.django_db


def test_the_start_page_lists_the_next_events_only_when_there_are_some(client: Client) -> None:
    assert "Nächste Veranstaltungen" not in client.get("/de/").content.decode()
    EventFactory(title="Regionaltreffen Nordhessen")

    page = client.get("/de/").content.decode()

    assert "Nächste Veranstaltungen" in page and "Regionaltreffen Nordhessen" in page


def test_the_start_page_marks_a_full_event_as_the_events_list_does(client: Client, personas: Personas) -> None:
    event = EventFactory(title="Regionaltreffen Nordhessen", capacity=1)
    assert "ausgebucht – Warteliste" not in client.get("/de/").content.decode()
    registrations.registration_create(event=event, user=personas.member)

    page = client.get("/de/").content.decode()

    assert "ausgebucht – Warteliste" in page


def test_the_staff_overview_shows_every_area_in_order(client: Client, personas: Personas) -> None:
    page = login(client, personas.staff).get("/de/staff/").content.decode()

    areas = [
        "0 offene Rückmeldungen",
        "0 offene Anfragen",
        "Profile prüfen, Organisationen anlegen",
        "Alle Veranstaltungen mit Entwürfen",
        "Meldungen bearbeiten",
        "Personen verwalten",
        "Protokoll ansehen",
        "Neue Version veröffentlichen",
    ]
    positions = [page.index(area) for area in areas]
    assert positions == sorted(positions)


def test_the_profile_names_the_accepted_privacy_notice(client: Client, personas: Personas) -> None:
    login(client, personas.member)
    assert "zugestimmt am" not in client.get("/de/accounts/profile/").content.decode()
    document = legal_document_current(kind="privacy")
    assert document is not None
    consent_record(user=personas.member, document=document)

    page = client.get("/de/accounts/profile/").content.decode()

    assert f"Version {document.version} zugestimmt am" in page


def test_the_staff_overview_is_for_the_team_only(client: Client, personas: Personas) -> None:
    assert client.get("/de/staff/").status_code == 302  # anonymous: to the login
    for persona in (personas.outsider, personas.member, personas.org_admin):
        assert login(client, persona).get("/de/staff/").status_code == 403


@pytest.mark.parametrize("persona", ["anonymous", "member", "staff"])
def test_the_whole_start_page_keeps_to_ten_queries(
    client: Client, personas: Personas, persona: str, django_assert_max_num_queries: Any
) -> None:
    """News, next deadlines, next events, next trainings, Leichte Sprache and DGS: one budget."""
    for n in range(4):
        EventFactory(title=f"Regionaltreffen {n}")
        PostFactory(title=f"Nachricht {n}")
        CallFactory(title=f"Aufruf {n}")
        CourseRunFactory()
    if persona != "anonymous":
        user = getattr(personas, persona)
        consent_record(user=user, document=legal_document_current(kind="privacy"))
        login(client, user)
    client.get("/de/")

    with django_assert_max_num_queries(10):
        page = client.get("/de/").content.decode()

    headings = ["Aktuelles", "Nächste Veranstaltungen", "Nächste Qualifizierungen", "Nächste Förderfristen"]
    assert all(f">{heading}</h2>" in page for heading in headings)
    assert 'href="/de/leichte-sprache/"' in page and "Gebärdensprache" in page
