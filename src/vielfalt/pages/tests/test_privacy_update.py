"""A new privacy notice version asks signed-in people to accept it again."""

import pytest
from django.urls import reverse

from conftest import login
from vielfalt.pages import selectors, services
from vielfalt.pages.models import ConsentRecord

pytestmark = pytest.mark.django_db


def test_banner_until_current_version_is_accepted(client, personas):
    current = selectors.legal_document_current(kind="privacy")
    services.consent_record(user=personas.member, document=current)
    login(client, personas.member)
    assert "privacy-update-title" not in client.get("/de/").content.decode()

    services.legal_document_publish(
        kind="privacy", body="Neue Fassung", body_translations={}, published_by=personas.staff
    )
    assert "privacy-update-title" in client.get("/de/").content.decode()

    response = client.post(reverse("pages:privacy_accept"), {"next": "/de/kontakt/"})
    assert response.status_code == 302 and response["Location"] == "/de/kontakt/"
    assert ConsentRecord.objects.filter(user=personas.member).count() == 2
    assert "privacy-update-title" not in client.get("/de/").content.decode()


def test_accept_refuses_foreign_redirects_and_anonymous(client, personas):
    response = client.post(reverse("pages:privacy_accept"), {"next": "/de/"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    login(client, personas.outsider)
    response = client.post(reverse("pages:privacy_accept"), {"next": "https://evil.example/"})
    assert response["Location"] == "/de/"
    assert client.get(reverse("pages:privacy_accept")).status_code == 405


def test_account_without_any_acknowledgement_is_asked_to_take_note(client, personas):
    login(client, personas.outsider)
    content = client.get("/de/").content.decode()
    assert "Bitte nehmen Sie unsere Datenschutzerklärung zur Kenntnis" in content
    assert "geändert" not in content
