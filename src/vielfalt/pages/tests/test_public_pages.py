import pytest

from conftest import login
from vielfalt.core.testing.layout import in_layout

PUBLIC_PAGES = {
    "/de/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
    "/de/leichte-sprache/": "Leichte Sprache",
    "/de/impressum/": "Kompetenzzentrum Vielfalt Hessen",
    "/de/datenschutz/": "Wir verarbeiten Ihre Daten nur",
    "/de/kontakt/": "Nachricht senden",
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_for_anonymous_visitors(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert in_layout(response)
    assert PUBLIC_PAGES[path] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_for_every_persona(client, personas, persona, path):
    login(client, getattr(personas, persona))

    response = client.get(path)

    assert response.status_code == 200
    assert PUBLIC_PAGES[path] in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de/leichte-sprache/", "/de/impressum/", "/de/datenschutz/"])
def test_read_only_pages_refuse_post(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
def test_contact_form_is_prefilled_for_signed_in_people(client, personas):
    login(client, personas.member)

    content = client.get("/de/kontakt/").content.decode()

    assert 'value="Mina Mitglied"' in content
    assert 'value="member@example.org"' in content


@pytest.mark.django_db
def test_feedback_form_takes_the_page_from_the_link(client):
    content = client.get("/de/barrierefreiheit/?page=/de/kontakt/").content.decode()

    assert 'value="/de/kontakt/"' in content


@pytest.mark.django_db
def test_footer_links_to_every_public_page(client):
    content = client.get("/de/").content.decode()

    for path in PUBLIC_PAGES:
        assert f'href="{path}"' in content


@pytest.mark.django_db
def test_page_parameter_is_escaped(client):
    content = client.get('/de/barrierefreiheit/?page="><script>alert(1)</script>').content.decode()

    assert "<script>alert(1)</script>" not in content
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in content
