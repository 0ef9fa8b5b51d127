"""Signing in (with and without two-factor authentication), the staff area, the account pages, signing up."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

STAFF_PAGES = [
    "/de/staff/organisationen/",
    "/de/staff/organisationen/pruefen/",
    "/de/staff/organisationen/neu/",
    "/de/staff/organisationen/import/",
    "/de/staff/organisationen/uebernahmen/",
    "/de/staff/begriffe/",
    "/de/staff/personen/",
    "/de/staff/protokoll/",
    "/de/staff/rechtstexte/privacy/",
    "/de/staff/posteingang/barrierefreiheit/",
    "/de/staff/posteingang/kontakt/",
]
ACCOUNT_PAGES = [
    "/de/organisationen/meine/",
    "/de/organisationen/registrieren/",
    "/de/accounts/profile/",
    "/de/accounts/notifications/",
    "/de/accounts/data/",
    "/de/accounts/delete/",
    "/de/accounts/email/",
    "/de/accounts/password/change/",
    "/de/accounts/2fa/",
]


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    assert page.url.endswith(url), f"{url} redirected to {page.url}"
    assert_accessible(page)


def test_staff_signs_in_with_totp_and_visits_staff_and_account_pages(
    page: Page, live_server: Any, legal_documents: None
) -> None:
    staff = UserFactory(role=Role.STAFF)
    give_totp(staff)

    # The dashboard sends the anonymous visitor to the login form, and back after signing in.
    log_in_with_password(page, staff, next_url="/de/staff/")
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    assert_accessible(page)
    page.fill("input[name=code]", fresh_totp_code(staff))
    submit(page)
    assert page.url == f"{live_server.url}/de/staff/", page.url
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    for url in STAFF_PAGES + ACCOUNT_PAGES:
        visit(page, url)

    visit(page, f"/de/staff/personen/{staff.pk}/")
    for lang in ("ar", "fa"):
        for url in ("/staff/", "/staff/personen/", "/staff/rechtstexte/imprint/"):
            visit(page, f"/{lang}{url}")
            assert page.locator(f"html[dir=rtl][lang={lang}]").count() == 1


@pytest.mark.parametrize("lang", ["de", "en", "tr", "ar", "fa", "ru", "uk"])
def test_member_account_pages_and_forbidden_page_in_every_language(
    page: Page, live_server: Any, legal_documents: None, lang: str
) -> None:
    member = UserFactory(preferred_language=lang)
    log_in_with_password(page, member, lang=lang)
    assert "/accounts/login/" not in page.url, "login failed"
    for url in ACCOUNT_PAGES:
        visit(page, url.replace("/de/", f"/{lang}/", 1))
    # A member who tries the staff area gets the 403 page in the site layout.
    response = page.goto(f"/{lang}/staff/")
    assert response is not None and response.status == 403
    assert page.evaluate("document.documentElement.lang") == lang
    assert_accessible(page)


def test_staff_without_totp_is_sent_to_set_it_up(page: Page, live_server: Any) -> None:
    staff = UserFactory(role=Role.STAFF)

    log_in_with_password(page, staff)
    assert "/accounts/login/" not in page.url, "login failed"
    assert_accessible(page)
    page.goto("/de/staff/")
    # allauth asks for the password once more before it lets anyone set up an authenticator
    # (MFA_REAUTHENTICATION_REQUIRED), then continues to the activation page.
    assert "/de/accounts/reauthenticate/" in page.url, page.url
    assert_accessible(page)
    page.fill("#id_password", PASSWORD)
    submit(page)
    assert page.url == f"{live_server.url}/de/accounts/2fa/totp/activate/", page.url
    assert page.locator("input[name=code]").count() == 1
    assert_accessible(page)


def test_sign_up_in_turkish(page: Page, live_server: Any, legal_documents: None) -> None:
    mail.outbox = []
    page.goto("/tr/accounts/signup/")
    assert_accessible(page)
    page.fill("#id_name", "Ayşe Yılmaz")
    page.fill("#id_email", "ayse@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_accept_privacy")
    submit(page)
    assert page.url == f"{live_server.url}/tr/accounts/confirm-email/", page.url
    assert page.evaluate("document.documentElement.lang") == "tr"
    assert_accessible(page)
    user = User.objects.get(email="ayse@example.org")
    assert user.name == "Ayşe Yılmaz"
    assert user.consents.count() == 1
    assert [message.to for message in mail.outbox] == [["ayse@example.org"]]
