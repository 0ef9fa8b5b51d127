"""Who sees the figures dashboard: the team (with the second factor) and the ministry viewer."""

from __future__ import annotations

import pytest

from conftest import login

URL = "/de/zahlen/"
EXPECTED = {
    "outsider": 403,
    "member": 403,
    "org_admin": 403,
    "staff": 200,
    "staff_no_mfa": 302,  # to entering the second factor
    "ministry": 200,
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_only_the_team_and_the_ministry_see_the_dashboard(client, everyone, persona):
    login(client, everyone[persona])
    response = client.get(URL)
    assert response.status_code == EXPECTED[persona]
    if persona == "staff_no_mfa":
        assert "/2fa/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/?next=/de/zahlen/")


@pytest.mark.django_db
def test_the_dashboard_only_reads(client, ministry):
    login(client, ministry)
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_the_staff_overview_links_to_the_figures(client, personas):
    login(client, personas.staff)
    page = client.get("/de/staff/").content.decode()
    assert 'href="/de/zahlen/"' in page and "Vielfalt in Zahlen" in page


@pytest.mark.django_db
def test_the_ministry_viewer_is_sent_from_the_team_pages_to_the_dashboard(client, ministry):
    login(client, ministry)
    response = client.get("/de/staff/")
    assert (response.status_code, response["Location"]) == (302, URL)
