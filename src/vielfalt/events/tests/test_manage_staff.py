"""The team's overview of all events (drafts included) and the way there from the staff dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.events.tests.factories import EventFactory
from vielfalt.events.tests.manage_support import ALL, as_persona, obeys_csp, register, staff_without_totp

OVERVIEW = "/de/staff/veranstaltungen/"


@pytest.fixture
def events(organisation):
    past = timezone.now() - timedelta(days=30)
    return {
        "published": EventFactory(organiser=organisation, title="Regionaltreffen Südhessen"),
        "draft": EventFactory(status="draft", title="Vernetzungstreffen 2026 (Entwurf)"),
        "cancelled": EventFactory(status="cancelled", title="Abgesagtes Online-Treffen"),
        "past": EventFactory(title="Workshop vom letzten Monat", starts_at=past, ends_at=past + timedelta(hours=3)),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_overview_is_for_the_team(client, personas, events, persona):
    as_persona(client, personas, persona)

    response = client.get(OVERVIEW)

    assert response.status_code == {"anonymous": 302, "staff": 200, "staff_no_mfa": 302}.get(persona, 403)
    if response.status_code != 200:
        assert b"Entwurf" not in response.content


@pytest.mark.django_db
def test_staff_without_two_factor_authentication_set_it_up_first(client, events):
    login(client, staff_without_totp())

    response = client.get(OVERVIEW)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_the_overview_shows_coming_events_with_drafts_and_places(client, personas, events):
    register(events["published"])
    login(client, personas.staff)

    content = client.get(OVERVIEW).content.decode()

    assert obeys_csp(content)
    assert "Regionaltreffen Südhessen" in content
    assert "Vernetzungstreffen 2026 (Entwurf)" in content
    assert "Abgesagtes Online-Treffen" in content
    assert "Workshop vom letzten Monat" not in content
    assert "1 von 10" in content
    assert reverse("events:create") in content
    assert reverse("events:participants", kwargs={"slug": events["draft"].slug}) in content


@pytest.mark.django_db
def test_filters(client, personas, events):
    login(client, personas.staff)

    past = client.get(OVERVIEW, {"when": "vergangene"}).content.decode()
    drafts = client.get(OVERVIEW, {"status": "draft"}).content.decode()

    assert "Workshop vom letzten Monat" in past and "Regionaltreffen Südhessen" not in past
    assert "Vernetzungstreffen 2026 (Entwurf)" in drafts and "Regionaltreffen Südhessen" not in drafts


@pytest.mark.django_db
def test_the_overview_reads_a_fixed_number_of_queries(client, personas, organisation, django_assert_max_num_queries):
    for _n in range(30):
        register(EventFactory(organiser=organisation))
    login(client, personas.staff)

    with django_assert_max_num_queries(10):
        assert client.get(OVERVIEW).status_code == 200


@pytest.mark.django_db
def test_the_dashboard_leads_to_the_events(client, personas):
    login(client, personas.staff)

    content = client.get(reverse("staff:dashboard")).content.decode()

    assert f'href="{OVERVIEW}"' in content
    assert f'href="{reverse("events:create")}"' in content
