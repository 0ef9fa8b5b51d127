"""The newsletter journey: a visitor subscribes on the Arabic pages (no account), confirms with the link
from the email, receives an issue in Arabic when the team sends one, reads it in the browser, and
unsubscribes with one click (the RFC 8058 POST a mail program sends, without cookie or CSRF token).
axe on every page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.journeys import submit
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.tests.factories import EventFactory
from vielfalt.newsletter import services
from vielfalt.newsletter.models import Issue, Subscription

pytestmark = pytest.mark.browser

ADDRESS = "leserin@example.org"


def _goto(page: Page, url: str) -> None:
    parts = urlsplit(url)
    response = page.goto(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert_accessible(page)


def _mail_to(address: str, pattern: str) -> tuple[mail.EmailMessage, str]:
    for message in reversed(mail.outbox):
        if address in message.to and (match := re.search(pattern, message.body)):
            return message, match.group(0)
    raise AssertionError(f"no mail to {address} with {pattern}: {[m.subject for m in mail.outbox]}")


def test_a_visitor_subscribes_confirms_receives_an_issue_in_arabic_and_unsubscribes(
    page: Page, live_server: Any
) -> None:
    mail.outbox = []

    # 1. Subscribe on the Arabic pages: the newsletter's language is the page's.
    _goto(page, "/ar/")
    with page.expect_navigation():
        page.locator("footer a[href='/ar/newsletter/']").click()
    assert_accessible(page)
    expect(page.locator("#id_language")).to_have_value("ar")
    page.fill("#id_email", ADDRESS)
    page.locator("#id_consent").check()
    submit(page, "form.vf-form")
    assert "/ar/newsletter/fast-geschafft/" in page.url
    assert_accessible(page)
    subscription = Subscription.objects.get(email=ADDRESS)
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.language == "ar"

    # 2. Confirm with the link from the email (the page asks; the button confirms).
    _message, link = _mail_to(ADDRESS, r"https?://\S+/ar/newsletter/bestaetigen/\S+/")
    _goto(page, link)
    submit(page, "main form")
    assert_accessible(page)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    # The same link a second time: a clear page, nothing changes.
    response = page.goto(urlsplit(link).path)
    assert response is not None and response.status == 400
    assert_accessible(page)

    # 3. The team sends an issue; the visitor receives it in Arabic.
    staff = UserFactory.create(email="team@example.org", name="Katrin Team", role=Role.STAFF)
    event = EventFactory(title="Regionaltreffen Mittelhessen", title_translations={"ar": "اللقاء الإقليمي في وسط هسن"})
    issue = Issue.objects.create(
        subject="Newsletter Dezember",
        subject_translations={"ar": "النشرة الإخبارية لشهر ديسمبر"},
        intro="Liebe Leserinnen und Leser,\n\nhier sind unsere Termine.",
        intro_translations={"ar": "القراء الأعزاء،\n\nإليكم مواعيدنا."},
        created_by=staff,
    )
    issue.events.set([event])
    assert services.issue_send(issue=issue, by=staff) == 1
    received, unsubscribe = _mail_to(ADDRESS, r"https?://\S+/ar/newsletter/abbestellen/\S+/")
    assert received.subject == "النشرة الإخبارية لشهر ديسمبر"
    assert "إليكم مواعيدنا" in received.body
    assert "اللقاء الإقليمي في وسط هسن" in received.body
    assert received.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert received.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # 4. Read it in the browser, in the archive.
    _goto(page, re.search(r"https?://\S+/ar/newsletter/archiv/\d+/", received.body).group(0))  # type: ignore[union-attr]
    expect(page.locator("h1")).to_have_text("النشرة الإخبارية لشهر ديسمبر")
    assert page.locator("html").get_attribute("dir") == "rtl"
    _goto(page, "/ar/newsletter/archiv/")

    # 5. The settings page of the link in the email.
    _goto(page, re.search(r"https?://\S+/ar/newsletter/einstellungen/\S+/", received.body).group(0))  # type: ignore[union-attr]
    expect(page.locator("main")).to_contain_text(ADDRESS)

    # 6. One click in the mail program: a POST without cookies or CSRF token.
    answer = page.context.request.post(
        live_server.url + urlsplit(unsubscribe).path, form={"List-Unsubscribe": "One-Click"}
    )
    assert answer.status == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    _goto(page, unsubscribe)  # the link now says it is done
    expect(page.locator(".kern-alert--success")).to_be_visible()

    # No further issue reaches the address.
    mail.outbox = []
    second = Issue.objects.create(subject="Newsletter Januar", intro="Frohes neues Jahr!", created_by=staff)
    with pytest.raises(services.ApplicationError):
        services.issue_send(issue=second, by=staff)  # nobody left to receive it
    assert not mail.outbox
