"""Check-in on the day: the list of confirmed people, the search, marking people present (with and
without JavaScript) and the attendance figures."""

import re

import pytest

from conftest import login
from vielfalt.core.models import AuditEntry
from vielfalt.core.testing.layout import in_layout
from vielfalt.events.models import Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.events.tests.manage_support import (
    ALL,
    as_persona,
    expected_status,
    manage_url,
    member_of,
    obeys_csp,
    register,
)
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def event(organisation):
    return EventFactory(organiser=organisation, capacity=3)


@pytest.fixture
def people(event, organisation):
    kassel = OrganisationFactory(
        name="Eritreische Gemeinde Kassel e.V.", municipality=Municipality.objects.get(ags="06611000")
    )
    return {
        "aylin": register(event, member_of(organisation, name="Aylin Kaya"), organisation=organisation),
        "bernd": register(event, member_of(kassel, name="Bernd Weber"), organisation=kassel),
        "chiara": register(event, member_of(kassel, name="Chiara Rossi"), organisation=kassel),
        "dawit": register(event, member_of(kassel, name="Dawit Tesfay"), organisation=kassel),  # waiting
    }


def figures(content):
    """People present, organisations, districts (from the figures at the top)."""
    numbers = re.findall(r"<dd>(\d+)", content[content.index('id="attendance"') :])
    return [int(n) for n in numbers[:3]]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_only_organisers_open_the_check_in(client, personas, event, people, persona):
    as_persona(client, personas, persona)

    response = client.get(manage_url(event, "check_in"))

    assert response.status_code == expected_status(persona)
    if response.status_code != 200:
        assert b"Aylin" not in response.content


@pytest.mark.django_db
def test_the_check_in_lists_the_confirmed_people_with_big_buttons(client, personas, event, people):
    login(client, personas.org_admin)

    response = client.get(manage_url(event, "check_in"))

    content = response.content.decode()
    assert in_layout(response) and obeys_csp(content)
    assert response["Cache-Control"].startswith("max-age=0")
    assert content.index("Aylin Kaya") < content.index("Bernd Weber") < content.index("Chiara Rossi")
    assert "Dawit Tesfay" not in content  # on the waiting list
    assert "3 Personen mit bestätigtem Platz" in content
    assert content.count('name="present" value="1"') == 3
    assert "von 3" in content and figures(content) == [0, 0, 0]
    assert 'name="viewport" content="width=device-width' in content
    assert 'type="search"' in content and 'hx-get="' in content


@pytest.mark.django_db
def test_the_search_works_without_javascript(client, personas, event, people):
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "check_in"), {"q": "weber"}).content.decode()

    assert "Bernd Weber" in content and "Aylin Kaya" not in content
    assert 'value="weber"' in content
    assert "1 Person zu „<bdi>weber</bdi>“" in content


@pytest.mark.django_db
def test_the_search_finds_an_organisation(client, personas, event, people):
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "check_in"), {"q": "Eritreische"}).content.decode()

    assert "Bernd Weber" in content and "Chiara Rossi" in content and "Aylin Kaya" not in content


@pytest.mark.django_db
def test_with_htmx_the_search_returns_the_list_only(client, personas, event, people):
    login(client, personas.org_admin)

    response = client.get(manage_url(event, "check_in"), {"q": "kaya"}, **HTMX)

    assert not in_layout(response)
    content = response.content.decode()
    assert "Aylin Kaya" in content and "Bernd Weber" not in content


@pytest.mark.django_db
def test_marking_someone_present_without_javascript_returns_to_the_search(client, personas, event, people):
    login(client, personas.org_admin)
    bernd = people["bernd"]

    response = client.post(manage_url(event, "check_in_toggle", pk=bernd.pk), {"present": "1", "q": "weber"})

    assert response.status_code == 302
    assert response["Location"] == manage_url(event, "check_in") + f"?q=weber#check-in-{bernd.pk}"
    bernd.refresh_from_db()
    assert bernd.checked_in_at is not None
    content = client.get(response["Location"]).content.decode()
    assert "Bernd Weber ist als anwesend eingetragen." in content
    assert figures(content) == [1, 1, 1]
    assert 'name="present" value="0"' in content  # now the button undoes it

    client.post(manage_url(event, "check_in_toggle", pk=bernd.pk), {"present": "0"})

    bernd.refresh_from_db()
    assert bernd.checked_in_at is None


@pytest.mark.django_db
def test_checking_in_and_undoing_it_are_in_the_audit_log_with_who_did_it(client, personas, event, people):
    login(client, personas.org_admin)
    bernd = people["bernd"]

    client.post(manage_url(event, "check_in_toggle", pk=bernd.pk), {"present": "1"})
    bernd.refresh_from_db()
    arrived = bernd.checked_in_at
    client.post(manage_url(event, "check_in_toggle", pk=bernd.pk), {"present": "1"})  # a second tap at the door
    bernd.refresh_from_db()
    assert bernd.checked_in_at == arrived  # the first time of arrival stays
    client.post(manage_url(event, "check_in_toggle", pk=bernd.pk), {"present": "0"})

    entries = AuditEntry.objects.filter(action__startswith="registration.check").order_by("pk")
    assert [(entry.action, entry.actor_id, entry.data) for entry in entries] == [
        ("registration.checked_in", personas.org_admin.pk, {"registration": bernd.pk}),
        ("registration.check_in_undone", personas.org_admin.pk, {"registration": bernd.pk}),
    ]
    assert {entry.target_id for entry in entries} == {str(event.pk)}
    assert [entry.action_label for entry in entries] == [
        "Als anwesend eingetragen",
        "Nicht mehr als anwesend eingetragen",
    ]


@pytest.mark.django_db
def test_with_htmx_the_row_and_the_figures_are_swapped(client, personas, event, people):
    login(client, personas.staff)
    client.post(manage_url(event, "check_in_toggle", pk=people["aylin"].pk), {"present": "1"})

    response = client.post(manage_url(event, "check_in_toggle", pk=people["bernd"].pk), {"present": "1"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert not in_layout(response)
    assert content.lstrip().startswith(
        f'<li class="vf-check-in__row vf-check-in__row--present" id="check-in-{people["bernd"].pk}"'
    )
    assert 'hx-swap-oob="true"' in content
    assert figures(content) == [2, 2, 2]  # two people from two organisations in two districts
    assert f'id="check-in-button-{people["bernd"].pk}"' in content  # htmx keeps the focus on the button


@pytest.mark.django_db
def test_only_confirmed_people_are_checked_in(client, personas, event, people):
    login(client, personas.org_admin)
    dawit = people["dawit"]
    assert dawit.status == Registration.Status.WAITING

    response = client.post(manage_url(event, "check_in_toggle", pk=dawit.pk), {"present": "1"})
    htmx = client.post(manage_url(event, "check_in_toggle", pk=dawit.pk), {"present": "1"}, **HTMX)

    assert response.status_code == 302
    assert "Nur bestätigte Anmeldungen können eingecheckt werden." in client.get(response["Location"]).content.decode()
    assert "Nur bestätigte Anmeldungen können eingecheckt werden." in htmx.content.decode()
    dawit.refresh_from_db()
    assert dawit.checked_in_at is None
    assert not AuditEntry.objects.filter(action__startswith="registration.check").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "staff_no_mfa"])
def test_nobody_else_checks_people_in(client, personas, event, people, persona):
    as_persona(client, personas, persona)

    response = client.post(manage_url(event, "check_in_toggle", pk=people["aylin"].pk), {"present": "1"})

    assert response.status_code in (302, 403)
    people["aylin"].refresh_from_db()
    assert people["aylin"].checked_in_at is None


@pytest.mark.django_db
def test_a_registration_of_another_event_is_not_found(client, personas, event, organisation):
    other = register(EventFactory(organiser=organisation))
    login(client, personas.org_admin)

    assert client.post(manage_url(event, "check_in_toggle", pk=other.pk), {"present": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.checked_in_at is None


@pytest.mark.django_db
def test_toggling_needs_a_post(client, personas, event, people):
    login(client, personas.org_admin)

    assert client.get(manage_url(event, "check_in_toggle", pk=people["aylin"].pk)).status_code == 405
