"""The funding radar on an organisation's profile: for its admins only; open calls that fit its kind,
district and fields of action, each with why in one line; the ways to trainings and counselling on
funding; a fixed number of queries however many calls there are."""

from __future__ import annotations

import re

import pytest

from conftest import Personas
from vielfalt.funding import radar
from vielfalt.funding.tests.conftest import ALL, Funding, as_persona, days
from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db

RADAR = 'id="funding-radar-title"'


def profile(organisation: Organisation) -> str:
    return f"/de/organisationen/{organisation.slug}/"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("persona", ALL)
def test_only_the_organisations_admins_see_the_radar(
    client, personas: Personas, funding: Funding, organisation, persona
):
    content = as_persona(client, personas, persona).get(profile(organisation)).content.decode()

    assert (RADAR in content) == (persona == "org_admin")
    assert ("WIR-Mikroprojekte" in content) == (persona == "org_admin")


def test_an_admin_of_another_organisation_does_not_see_it(client, personas: Personas, funding: Funding, organisation):
    from vielfalt.organisations.models import Membership
    from vielfalt.organisations.tests.factories import OrganisationFactory

    Membership.objects.create(
        organisation=OrganisationFactory.create(), user=personas.outsider, role=Membership.Role.ADMIN
    )

    assert RADAR not in as_persona(client, personas, "outsider").get(profile(organisation)).content.decode()


def test_the_radar_says_why_each_call_matches(client, personas: Personas, funding: Funding, organisation):
    content = as_persona(client, personas, "org_admin").get(profile(organisation)).content.decode()
    section = text(content.split(RADAR)[1].split("</section>")[0])

    assert "Für Migrantenorganisationen · Thema Bildung · Hessen-weit" in section
    assert "Sport im Quartier" not in section  # Kassel only, and Sport
    assert "WIR Entwurf" not in section


def test_matching_by_kind_district_and_fields_of_action(funding: Funding, organisation):
    giessen = organisation.district
    other = District.objects.exclude(pk=giessen.pk).first()

    def call(title: str, *, kinds=(), districts=(), topics=()):
        programme = ProgrammeFactory.create(organisation_kinds=list(kinds))
        programme.districts.set(districts)
        programme.topics.set(topics)
        return CallFactory.create(programme=programme, title=title, deadline=days(30))

    call("Für alle")
    call("Nur Gießen", districts=[giessen])
    call("Nur anderswo", districts=[other])
    call("Nur Lotsen-Träger", kinds=["lotsen"])
    call(
        "Migrantenorganisationen und Dachverbände",
        kinds=["migrant", "umbrella"],
        topics=[funding.bildung, funding.sport],
    )
    call("Nur Sport", topics=[funding.sport])
    past = call("Vorbei")
    past.opens_on, past.deadline = days(-60), days(-1)
    past.save()

    matches = {m.call.title: m.reason for m in radar.matches_for(organisation=organisation)}

    assert matches == {
        "WIR-Mikroprojekte": "Für Migrantenorganisationen · Thema Bildung · Hessen-weit",
        "Für alle": "Für alle Organisationen · alle Themen · Hessen-weit",
        "Nur Gießen": f"Für alle Organisationen · alle Themen · in {giessen}",
        "Migrantenorganisationen und Dachverbände": "Für Migrantenorganisationen · Thema Bildung · Hessen-weit",
    }


def test_several_shared_topics_are_named(funding: Funding, organisation):
    organisation.fields_of_action.add(funding.sport)
    funding.wir.topics.add(funding.sport)

    [match] = [m for m in radar.matches_for(organisation=organisation) if m.call == funding.micro]

    assert "Themen Bildung, Sport" in match.reason


def test_the_reasons_speak_the_readers_language(client, personas: Personas, funding: Funding, organisation):
    from django.utils import translation

    with translation.override("en"):
        [match] = [m for m in radar.matches_for(organisation=organisation) if m.call == funding.micro]

    assert "Education" in match.reason


def test_the_radar_links_to_trainings_and_counselling_on_funding(
    client, personas: Personas, funding: Funding, organisation
):
    content = as_persona(client, personas, "org_admin").get(profile(organisation)).content.decode()
    section = content.split(RADAR)[1].split("</section>")[0]

    assert 'href="/de/beratung/"' in section
    assert 'href="/de/qualifizierung/"' in section


def test_a_registered_link_shows_once_however_often_it_is_registered(funding: Funding, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(radar, "_providers", {})  # restored after the test
    for _time in range(2):
        radar.register_link("trainings", order=10, links=lambda: [radar.RadarLink("x", "/x/")])
    assert radar.help_links() == [radar.RadarLink("x", "/x/")]


def test_the_radar_needs_few_queries_however_many_calls(
    client, personas: Personas, funding: Funding, organisation, django_assert_max_num_queries
):
    for n in range(30):
        programme = ProgrammeFactory.create(organisation_kinds=["migrant"] if n % 2 else [])
        programme.topics.set([funding.bildung])
        programme.districts.set([organisation.district_id])
        CallFactory.create_batch(2, programme=programme, deadline=days(5 + n))

    with django_assert_max_num_queries(2):
        matches = radar.matches_for(organisation=organisation)

    assert len(matches) == 61
    as_persona(client, personas, "org_admin").get(profile(organisation))
    with django_assert_max_num_queries(20):
        assert client.get(profile(organisation)).status_code == 200
