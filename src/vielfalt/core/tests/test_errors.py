import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from conftest import login
from vielfalt.core import views
from vielfalt.core.testing.layout import in_layout

LANGUAGES = ["de", "en", "tr", "ar", "fa", "ru", "uk"]


@pytest.mark.django_db
def test_404_in_german_in_the_site_layout(client):
    response = client.get("/de/does-not-exist/")

    assert response.status_code == 404
    assert in_layout(response)
    assert "Seite nicht gefunden" in response.content.decode()
    assert 'lang="de"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_404_is_translated_into_the_page_language(client, language):
    response = client.get(f"/{language}/does-not-exist/")

    assert response.status_code == 404
    assert in_layout(response)
    content = response.content.decode()
    assert f'lang="{language}"' in content
    # Whatever the catalogue holds right now (translations may still be in progress): the page says it.
    with translation.override(language):
        assert translation.gettext("Seite nicht gefunden") in content


@pytest.mark.django_db
def test_404_in_english(client):
    with translation.override("en"):
        if translation.gettext("Seite nicht gefunden") == "Seite nicht gefunden":
            pytest.skip("the English catalogue is not compiled (make setup / vielfalt compile_translations)")

    response = client.get("/en/does-not-exist/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Seite nicht gefunden" not in response.content.decode()


@pytest.mark.django_db
def test_unprefixed_path_redirects_to_a_language(client):
    response = client.get("/kontakt/")

    assert response.status_code == 302
    assert response["Location"] == "/de/kontakt/"


@pytest.mark.django_db
def test_403_for_a_member_on_a_staff_page(client, personas):
    login(client, personas.member)

    response = client.get("/de/staff/")

    assert response.status_code == 403
    assert in_layout(response)
    assert "Kein Zugriff" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_in_the_site_layout():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/de/kontakt/", {"name": "A", "email": "a@example.org", "subject": "S", "message": "M"})

    assert response.status_code == 403
    assert in_layout(response)
    assert "Formular abgelaufen" in response.content.decode()


@pytest.mark.django_db
def test_500_handler_renders_the_error_page():
    request = RequestFactory().get("/de/kaputt/")

    with translation.override("de"):
        response = views.server_error(request)

    assert response.status_code == 500
    assert in_layout(response)
    assert "Technischer Fehler" in response.content.decode()


@pytest.mark.django_db
def test_500_handler_falls_back_to_plain_text_when_the_layout_fails(monkeypatch):
    def broken_render(*args, **kwargs):
        raise RuntimeError("template engine is broken")

    monkeypatch.setattr(views, "render", broken_render)

    response = views.server_error(RequestFactory().get("/de/"))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/plain")
    assert b"500" in response.content


@pytest.mark.django_db
def test_400_handler_renders_the_error_page():
    with translation.override("de"):
        response = views.bad_request(RequestFactory().get("/de/"))

    assert response.status_code == 400
    assert in_layout(response)
    assert "Ungültige Anfrage" in response.content.decode()
