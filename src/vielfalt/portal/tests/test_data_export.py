import json

import pytest
from allauth.account.models import EmailAddress

from conftest import login
from vielfalt.pages.selectors import legal_document_current
from vielfalt.pages.services import consent_record
from vielfalt.pages.tests.factories import AccessibilityFeedbackFactory, ContactMessageFactory


@pytest.fixture
def member_with_history(personas):
    member = personas.member
    EmailAddress.objects.create(user=member, email="mina.privat@example.org", verified=False, primary=False)
    consent_record(user=member, document=legal_document_current(kind="privacy"))
    AccessibilityFeedbackFactory(user=member, message="Der Kontrast im Menü ist zu schwach.")
    ContactMessageFactory(user=member, subject="Frage zur Förderung", message="Wann ist die Frist?")
    # Someone else's messages never appear in the export.
    AccessibilityFeedbackFactory(user=personas.outsider, message="Nicht von Mina.")
    return member


@pytest.mark.django_db
def test_export_page_explains_the_download(client, personas):
    login(client, personas.member)

    response = client.get("/de/accounts/data/")

    assert response.status_code == 200
    assert "Meine Daten herunterladen" in response.content.decode()
    assert '<form method="post">' in response.content.decode()


@pytest.mark.django_db
def test_export_downloads_everything_about_the_person(client, member_with_history):
    login(client, member_with_history)

    response = client.post("/de/accounts/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="vielfalt-meine-daten-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "member@example.org"
    assert data["account"]["name"] == "Mina Mitglied"
    assert [a["email"] for a in data["email_addresses"]] == ["member@example.org", "mina.privat@example.org"]
    assert [c["version"] for c in data["pages"]["privacy_consents"]] == [1]
    assert [f["message"] for f in data["pages"]["accessibility_feedback"]] == ["Der Kontrast im Menü ist zu schwach."]
    assert [m["subject"] for m in data["pages"]["contact_messages"]] == ["Frage zur Förderung"]
    assert "Nicht von Mina." not in response.content.decode()


@pytest.mark.django_db
def test_export_of_staff_lists_their_second_factor(client, personas):
    login(client, personas.staff)

    data = json.loads(client.post("/de/accounts/data/").content)

    assert [a["type"] for a in data["two_factor_authentication"]] == ["totp"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_export_needs_login(client, method):
    response = getattr(client, method)("/de/accounts/data/")

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/login/?next=/de/accounts/data/"
