"""Steps the journeys share: logging in through the real forms."""

from __future__ import annotations

import time

from playwright.sync_api import Page

from conftest import totp_code
from tests.browser.axe import assert_accessible
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import PASSWORD


def submit(page: Page, form: str = "main form") -> None:
    """Click the form's (first) submit button and wait for the page that answers."""
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def log_in_with_password(page: Page, user: User, *, lang: str = "de", next_url: str | None = None) -> None:
    """Open the login form (or follow ``next_url`` to it) and send email and password."""
    page.goto(next_url or f"/{lang}/accounts/login/")
    assert "/accounts/login/" in page.url, page.url
    assert_accessible(page)
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    submit(page)


def fresh_totp_code(user: User) -> str:
    """The current code, but never one about to expire (the server accepts only the current window)."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(user)
