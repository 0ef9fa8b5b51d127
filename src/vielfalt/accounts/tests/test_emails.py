"""allauth's emails in our own words: formal, in the recipient's language, naming the site, right to left in ar/fa.

Every email goes through allauth's real flow (sign-up, log-in before confirming, password reset) and the outbox.
"""

import re
from pathlib import Path

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from django.conf import settings

from vielfalt.accounts.tests.factories import PASSWORD, UserFactory

FSI, PDI = "\u2068", "\u2069"
SITE = "Vielfalt Hessen"
NEW_PASSWORD = "a-long-and-unusual-passphrase"


def html_part(message) -> str:
    return {mimetype: content for content, mimetype in message.alternatives}["text/html"]


def latin_words_left(text: str, *allowed: str) -> list[str]:
    """Latin-script words in an Arabic or Farsi text once links, the site name and ``allowed`` are taken out."""
    text = re.sub(r"https?://\S+", " ", text)
    for word in (SITE, *allowed):
        text = text.replace(word, " ")
    return re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", text)


GERMAN = re.compile(r"\b(Sie|Ihr\w*|Konto|Passwort|E-Mail-Adresse|bitte|Guten Tag|angelegt|angefordert)\b")


def sign_up(client, language: str, email: str = "leyla@example.org", name: str = "Leyla Rahimi"):
    return client.post(
        f"/{language}/accounts/signup/",
        {"name": name, "email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "accept_privacy": "on"},
    )


@pytest.mark.django_db
def test_sign_up_confirmation_in_german_says_sie_and_names_the_site(client, mailbox):
    sign_up(client, "de")

    (message,) = mailbox
    assert message.subject == f"Bitte bestätigen Sie Ihre E-Mail-Adresse für {FSI}{SITE}{PDI}"
    assert message.body.startswith(f"Guten Tag {FSI}Leyla Rahimi{PDI},")
    assert f"vielen Dank, dass Sie ein Konto bei {FSI}{SITE}{PDI} angelegt haben." in message.body
    assert "E-Mail-Adresse bestätigen: http://testserver/de/accounts/confirm-email/" in message.body
    assert "Ihr Team des Kompetenzzentrums Vielfalt Hessen" in message.body
    assert not re.search(r"\b(du|dich|dein\w*|bestätige)\b", message.body, re.IGNORECASE)
    html = html_part(message)
    assert '<html lang="de" dir="ltr">' in html
    assert f"Konto bei <bdi>{SITE}</bdi> angelegt" in html
    assert ">E-Mail-Adresse bestätigen</a>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fa"])
def test_sign_up_confirmation_right_to_left_has_no_german_left(client, mailbox, language):
    sign_up(client, language)

    (message,) = mailbox
    assert f"{FSI}{SITE}{PDI}" in message.subject
    assert f"{FSI}Leyla Rahimi{PDI}" in message.body
    assert f"{FSI}{SITE}{PDI}" in message.body
    assert f"/{language}/accounts/confirm-email/" in message.body
    assert latin_words_left(message.subject + message.body, "Leyla Rahimi") == []
    html = html_part(message)
    assert f'<html lang="{language}" dir="rtl">' in html
    assert '<div dir="rtl" style="text-align: right;">' in html  # for mail programs that drop <html dir>
    assert "<bdi>Leyla Rahimi</bdi>" in html
    assert 'align="left"' not in html
    assert latin_words_left(re.sub(r"<[^>]+>", " ", html), "Leyla Rahimi") == []


@pytest.mark.django_db
def test_sign_up_confirmation_in_english(client, mailbox):
    sign_up(client, "en")

    (message,) = mailbox
    assert message.subject == f"Please confirm your email address for {FSI}{SITE}{PDI}"
    assert f"Thank you for signing up to {FSI}{SITE}{PDI}." in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "greeting"), [("de", "Guten Tag"), ("ar", "مرحبًا"), ("ru", "Здравствуйте")])
def test_logging_in_before_confirming_sends_a_confirmation_in_the_persons_language(client, mailbox, language, greeting):
    user = UserFactory(email="nadia@example.org", name="Nadia Karimi", preferred_language=language)
    EmailAddress.objects.filter(user=user).update(verified=False)

    client.post(f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD})

    (message,) = mailbox
    first_line = message.body.splitlines()[0]
    assert greeting in first_line and f"{FSI}Nadia Karimi{PDI}" in first_line
    assert f"{FSI}nadia@example.org{PDI}" in message.body
    assert f"{FSI}{SITE}{PDI}" in message.body
    if language == "de":
        assert "bitte bestätigen Sie, dass die E-Mail-Adresse" in message.body
    else:
        assert latin_words_left(message.subject + message.body, "Nadia Karimi", "nadia@example.org") == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_password_reset_email_in_the_persons_language(client, mailbox, language):
    user = UserFactory(email="omar@example.org", name="Omar Haddad", preferred_language=language)

    client.post("/de/accounts/password/reset/", {"email": user.email})

    (message,) = mailbox
    assert message.to == ["omar@example.org"]
    assert f"{FSI}{SITE}{PDI}" in message.subject
    assert f"{FSI}Omar Haddad{PDI}" in message.body
    assert "/accounts/password/reset/key/" in message.body
    html = html_part(message)
    if language == "de":
        assert message.subject == f"Neues Passwort für Ihr Konto bei {FSI}{SITE}{PDI}"
        assert f"hat für Ihr Konto bei {FSI}{SITE}{PDI} ein neues Passwort angefordert." in message.body
        assert "Ihr bisheriges Passwort bleibt gültig." in message.body
    elif language == "ar":
        assert '<html lang="ar" dir="rtl">' in html
        assert latin_words_left(message.subject + message.body, "Omar Haddad") == []
    else:
        assert "Vielfalt Hessen" in message.body
        assert not GERMAN.search(message.subject + message.body)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "fa"])
def test_password_reset_for_an_unknown_address_says_there_is_no_account(client, mailbox, language):
    client.post(f"/{language}/accounts/password/reset/", {"email": "niemand@example.org"})

    (message,) = mailbox
    assert f"{FSI}niemand@example.org{PDI}" in message.body
    assert f"/{language}/accounts/signup/" in message.body
    if language == "de":
        assert message.subject == f"Kein Konto bei {FSI}{SITE}{PDI} mit dieser E-Mail-Adresse"
        assert "Zu dieser Adresse gibt es bei uns aber kein Konto." in message.body
    else:
        assert '<html lang="fa" dir="rtl">' in html_part(message)
        assert latin_words_left(message.subject + message.body, "niemand@example.org") == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar", "tr"])
def test_signing_up_again_with_a_known_address_says_the_account_exists(client, mailbox, language):
    UserFactory(email="leyla@example.org", name="Leyla Rahimi", preferred_language=language)

    sign_up(client, language)

    (message,) = mailbox
    assert f"{FSI}leyla@example.org{PDI}" in message.body
    assert "/accounts/password/reset/" in message.body
    if language == "de":
        assert message.subject == f"Sie haben schon ein Konto bei {FSI}{SITE}{PDI}"
        assert "Zu dieser Adresse gibt es aber schon ein Konto." in message.body
    elif language == "ar":
        assert latin_words_left(message.subject + message.body, "leyla@example.org") == []
    else:
        assert "Vielfalt Hessen" in message.subject
        assert not GERMAN.search(message.subject + message.body)


# allauth's emails and the setting that lets the platform send them. With the settings as they are, each one
# that can be sent has our own subject, text and HTML template; switching a setting on needs templates first.
ALLAUTH_EMAILS = {
    "account/email/email_confirmation_signup": True,
    "account/email/email_confirmation": True,
    "account/email/account_already_exists": account_settings.PREVENT_ENUMERATION,
    "account/email/password_reset_key": True,
    "account/email/unknown_account": account_settings.EMAIL_UNKNOWN_ACCOUNTS,
    "account/email/password_reset_code": account_settings.PASSWORD_RESET_BY_CODE_ENABLED,
    "account/email/login_code": account_settings.LOGIN_BY_CODE_ENABLED,
    "account/email/password_changed": account_settings.EMAIL_NOTIFICATIONS,
    "account/email/password_set": account_settings.EMAIL_NOTIFICATIONS,
    "account/email/password_reset": account_settings.EMAIL_NOTIFICATIONS,
    "account/email/email_changed": account_settings.EMAIL_NOTIFICATIONS,
    "account/email/email_confirm": account_settings.EMAIL_NOTIFICATIONS,
    "account/email/email_deleted": account_settings.EMAIL_NOTIFICATIONS,
    "mfa/email/totp_activated": account_settings.EMAIL_NOTIFICATIONS,
    "mfa/email/totp_deactivated": account_settings.EMAIL_NOTIFICATIONS,
    "mfa/email/recovery_codes_generated": account_settings.EMAIL_NOTIFICATIONS,
}


def test_every_allauth_email_the_settings_can_send_is_ours():
    ours = Path(settings.SRC_DIR) / "templates"
    missing = [
        f"{prefix}{suffix}"
        for prefix, sendable in ALLAUTH_EMAILS.items()
        if sendable
        for suffix in ("_subject.txt", "_message.txt", "_message.html")
        if not (ours / f"{prefix}{suffix}").exists()
    ]
    assert missing == []
    assert not account_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED  # our confirmation emails send a link
