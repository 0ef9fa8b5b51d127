import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.pages.models import ConsentRecord, LegalDocument
from vielfalt.pages.services import legal_document_publish

NEW_PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def signup_data():
    return {
        "name": "Leyla Rahimi",
        "email": "leyla@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept_privacy": "on",
    }


def confirmation_link(message) -> str:
    """The path of the link in a verification email."""
    return re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+/)", message.body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "tr", "ar"])
def test_signup_creates_an_account_in_the_page_language(client, mailbox, signup_data, language):
    response = client.post(f"/{language}/accounts/signup/", signup_data)

    assert response.status_code == 302
    with translation.override(language):
        assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="leyla@example.org")
    assert user.name == "Leyla Rahimi"
    assert user.preferred_language == language
    assert user.role == Role.MEMBER
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is False
    # The confirmation link leads back to the language the person signed up in.
    assert f"/{language}/accounts/confirm-email/" in mailbox[0].body


@pytest.mark.django_db
def test_signup_records_consent_to_the_current_privacy_notice(client, personas, signup_data):
    current = legal_document_publish(
        kind="privacy", body="Neue Fassung", body_translations={}, published_by=personas.staff
    )

    client.post("/de/accounts/signup/", signup_data)

    consent = ConsentRecord.objects.get(user__email="leyla@example.org")
    assert consent.document == current
    assert consent.document.version == 2


@pytest.mark.django_db
def test_signup_sends_a_verification_email(client, mailbox, signup_data):
    client.post("/de/accounts/signup/", signup_data)

    assert len(mailbox) == 1
    assert mailbox[0].to == ["leyla@example.org"]
    assert mailbox[0].subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse für \u2068Vielfalt Hessen\u2069"
    assert "/de/accounts/confirm-email/" in mailbox[0].body


@pytest.mark.django_db
def test_verification_email_has_an_html_part_in_the_recipients_language(client, mailbox, signup_data):
    client.post("/ar/accounts/signup/", signup_data)

    (message,) = mailbox
    html = {mimetype: content for content, mimetype in message.alternatives}["text/html"]
    assert '<html lang="ar" dir="rtl">' in html
    link = confirmation_link(message)
    assert f'href="http://testserver{link}"' in html or link in html


@pytest.mark.django_db
def test_signup_without_privacy_consent_fails(client, mailbox, signup_data):
    del signup_data["accept_privacy"]

    response = client.post("/de/accounts/signup/", signup_data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content
    assert 'href="#id_accept_privacy"' in content
    assert not User.objects.filter(email="leyla@example.org").exists()
    assert not ConsentRecord.objects.exists()
    assert mailbox == []


@pytest.mark.django_db
def test_signup_without_a_privacy_notice_is_refused(client, mailbox, signup_data):
    LegalDocument.objects.filter(kind="privacy").delete()

    response = client.post("/de/accounts/signup/", signup_data)

    assert response.status_code == 200
    assert "Die Registrierung ist gerade nicht möglich" in response.content.decode()
    assert not User.objects.filter(email="leyla@example.org").exists()
    assert mailbox == []


@pytest.mark.django_db
def test_signup_with_a_taken_email_creates_no_second_account(client, signup_data):
    UserFactory(email="leyla@example.org")

    client.post("/de/accounts/signup/", signup_data)

    assert User.objects.filter(email="leyla@example.org").count() == 1
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
def test_verify_then_log_in_with_email_and_password(client, mailbox, signup_data):
    client.post("/de/accounts/signup/", signup_data)

    # Before verification the password alone does not let anyone in.
    response = client.post("/de/accounts/login/", {"login": "leyla@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    assert client.post(confirmation_link(mailbox[-1])).status_code == 302
    assert EmailAddress.objects.get(email="leyla@example.org").verified

    browser = Client()
    response = browser.post("/de/accounts/login/", {"login": "leyla@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/profile/"
    assert browser.get("/de/accounts/profile/").status_code == 200


INFORMAL_DE = re.compile(r"\b(du|dich|dir|dein\w*|Du|Dich|Dir|Dein\w*|bestätige|gib|kannst|musst|hast|bist)\b")
INFORMAL_FA = re.compile(r"(شدی\b|شده‌ای(?![دم])|کرده‌ای(?![دم])|می‌خواهی(?!د)|نمی‌توانی(?!د)|\sکن\.|داری؟|‌ات\b)")


@pytest.mark.django_db
def test_the_confirmation_email_names_the_site_and_says_sie(client, mailbox, signup_data):
    client.post("/de/accounts/signup/", signup_data)
    (message,) = mailbox
    assert "Vielfalt Hessen" in message.body
    assert " von !" not in message.body and " bei  " not in message.body
    assert not INFORMAL_DE.search(message.subject + message.body), message.subject + message.body
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message.subject


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["login/", "signup/", "password/reset/", "password/reset/done/", "confirm-email/", "logout/"]
)
def test_allauth_pages_say_sie_in_german_and_farsi(client, personas, path):
    if path == "logout/":
        client.force_login(personas.member)
    for language, informal in (("de", INFORMAL_DE), ("fa", INFORMAL_FA)):
        response = client.get(f"/{language}/accounts/{path}")
        assert response.status_code == 200, (language, path)
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        text = re.sub(r"<[^>]+>", " ", main)
        assert not informal.search(text), (language, path, informal.search(text))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("de", "Sie haben sich abgemeldet."), ("fa", "از حساب خود خارج شدید.")]
)
def test_allauth_messages_say_sie(client, personas, language, expected):
    client.force_login(personas.member)
    response = client.post(f"/{language}/accounts/logout/", follow=True)
    assert expected in [str(m) for m in response.context["messages"]]
