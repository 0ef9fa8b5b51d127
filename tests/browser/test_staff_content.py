"""The team's pages for what it publishes (issue 14): the library, funding, news and the newsletter.

The public journeys of those parts have their own files; this one signs in as the team (with the second
factor) and visits every list, form and edit page, and a form sent empty (its error summary), with axe
on each: the team's forms must be as accessible as the public ones.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.knowledge.tests.factories import make_item
from vielfalt.news.tests.factories import PostFactory
from vielfalt.newsletter.tests.factories import IssueFactory
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current

pytestmark = pytest.mark.browser


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


def test_the_team_s_publishing_pages_are_accessible(browser: Browser, live_server: Any, legal_documents: None) -> None:
    staff = UserFactory.create(email="redaktion@example.org", name="Rita Redaktion", role=Role.STAFF)
    give_totp(staff)
    ConsentRecord.objects.create(user=staff, document=legal_document_current(kind="privacy"))
    item = make_item()
    call = CallFactory.create()
    post = PostFactory.create()
    issue = IssueFactory.create()

    with new_context(browser, live_server) as context:
        page = context.new_page()
        log_in_with_password(page, staff, next_url="/de/staff/")
        page.fill("input[name=code]", fresh_totp_code(staff))
        submit(page)
        assert_accessible(page)

        for path in (
            "/de/staff/wissen/",
            "/de/staff/wissen/neu/",
            f"/de/staff/wissen/{item.pk}/",
            f"/de/staff/wissen/{item.pk}/dateien/",
            f"/de/staff/wissen/{item.pk}/uebersetzungen/",
            "/de/staff/foerderung/",
            "/de/staff/foerderung/programme/neu/",
            f"/de/staff/foerderung/programme/{call.programme.pk}/",
            f"/de/staff/foerderung/programme/{call.programme.pk}/aufrufe/neu/",
            f"/de/staff/foerderung/aufrufe/{call.pk}/",
            "/de/staff/aktuelles/",
            "/de/staff/aktuelles/neu/",
            f"/de/staff/aktuelles/{post.pk}/",
            "/de/staff/newsletter/",
            "/de/staff/newsletter/neu/",
            f"/de/staff/newsletter/{issue.pk}/",
            f"/de/staff/newsletter/{issue.pk}/bearbeiten/",
            f"/de/staff/newsletter/{issue.pk}/vorschau/ar/",
        ):
            _goto(page, path)

        # A form sent empty: the error summary and the marked fields must pass axe too.
        for path in ("/de/staff/wissen/neu/", "/de/staff/aktuelles/neu/", "/de/staff/foerderung/programme/neu/"):
            _goto(page, path)
            submit(page)
            assert page.locator(".kern-alert, [role=alert]").count() >= 1, path
            assert_accessible(page)
