"""The funding journey (issue 14): a member finds the WIR micro-project call through the filters, follows
it and receives the reminder when the worker's task runs (in their language, with a one-click
unsubscribe); an organisation admin sees the call on the funding radar of the organisation's profile,
with why it matches. axe on every page, in German and in Arabic (right to left)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import log_in_with_password, submit
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.funding.models import Follow, Reminder
from vielfalt.funding.reminders import reminders_send
from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory
from vielfalt.organisations.models import FieldOfAction, Membership
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current

pytestmark = pytest.mark.browser

CALL = "WIR-Mikroprojekte 2027"


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


def test_a_member_follows_the_wir_call_is_reminded_and_an_admin_sees_it_on_the_radar(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    today = timezone.localdate()
    bildung = FieldOfAction.objects.get(slug="bildung")
    organisation = OrganisationFactory.create(
        name="Deutsch-Türkischer Elternverein Gießen e.V.", slug="elternverein-giessen"
    )
    organisation.fields_of_action.set([bildung])
    member = UserFactory.create(email="mitglied@example.org", name="Selin Kaya", preferred_language="tr")
    admin = UserFactory.create(email="vorstand@example.org", name="Murat Demir")
    Membership.objects.create(organisation=organisation, user=member, role=Membership.Role.MEMBER)
    Membership.objects.create(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    privacy = legal_document_current(kind="privacy")
    ConsentRecord.objects.bulk_create(ConsentRecord(user=user, document=privacy) for user in (member, admin))
    wir = ProgrammeFactory.create(
        slug="wir-vielfalt", name="WIR – Vielfalt und Teilhabe", organisation_kinds=["migrant"],
        eligibility="Gemeinnützige Migrantenorganisationen mit Sitz in Hessen.", amounts="bis zu 5.000 € im Jahr",
        max_amount=5000,
    )  # fmt: skip
    wir.topics.set([bildung])
    CallFactory.create(
        programme=wir, slug="wir-mikroprojekte-2027", title=CALL, title_translations={"tr": "WIR mikro projeleri 2027"},
        deadline=today + timedelta(days=20), url="https://soziales.hessen.de/",
    )  # fmt: skip
    sport = ProgrammeFactory.create(slug="sportfonds", name="Sportfonds Nordhessen")
    sport.topics.set([FieldOfAction.objects.get(slug="sport")])
    CallFactory.create(
        programme=sport, slug="sport-2027", title="Bewegung im Quartier", deadline=today + timedelta(days=40)
    )

    # 1. The member finds the call with the topic filter (a plain GET form) and follows it.
    with new_context(browser, live_server) as member_context:
        page = member_context.new_page()
        log_in_with_password(page, member, next_url="/de/accounts/login/?next=/de/foerderung/")
        assert page.url.endswith("/de/foerderung/"), page.url
        assert_accessible(page)
        page.select_option("#filter-topic", "bildung")
        submit(page, "#funding-filters")
        assert_accessible(page)
        assert CALL in page.content() and "Bewegung im Quartier" not in page.content().split('id="programmes-title"')[0]
        with page.expect_navigation():
            page.get_by_role("link", name=CALL).click()
        assert_accessible(page)
        assert "Gemeinnützige Migrantenorganisationen mit Sitz in Hessen." in page.content()
        with page.expect_navigation():
            page.get_by_role("button", name="Aufruf folgen").click()
        assert_accessible(page)
        assert Follow.objects.filter(user=member, call__title=CALL).exists()
        assert "Sie folgen diesem Aufruf" in page.content()
        _goto(page, "/de/foerderung/meine/")
        assert CALL in page.content()
        _goto(page, "/de/foerderung/fristen/")
        _goto(page, "/de/foerderung/programme/wir-vielfalt/")
        ics = member_context.request.get("/de/foerderung/fristen.ics")
        assert ics.status == 200 and "BEGIN:VEVENT" in ics.text() and "DTSTART;VALUE=DATE:" in ics.text()

        # 2. The worker's periodic task runs (twice): one reminder, in Turkish, with a one-click unsubscribe.
        mail.outbox = []
        assert reminders_send() == 1
        assert reminders_send() == 0
        [message] = [m for m in mail.outbox if m.to == [member.email]]
        assert "WIR mikro projeleri 2027" in message.subject
        assert "20 gün" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert Reminder.objects.filter(user=member, days_before=28).count() == 1
        link = re.search(r"https?://\S+/tr/foerderung/aufrufe/wir-mikroprojekte-2027/", message.body)
        assert link is not None
        _goto(page, link.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
        assert "WIR mikro projeleri 2027" in page.content()

    # 3. The organisation's admin sees the call on the funding radar, with why it matches; RTL too.
    with new_context(browser, live_server) as admin_context:
        page = admin_context.new_page()
        log_in_with_password(page, admin)
        _goto(page, f"/de/organisationen/{organisation.slug}/")
        radar = page.locator("section[aria-labelledby=funding-radar-title]")
        assert radar.count() == 1
        text = radar.inner_text()
        assert CALL in text
        assert "Für Migrantenorganisationen · Thema Bildung · Hessen-weit" in text
        assert "Bewegung im Quartier" not in text
        assert radar.locator("a[href='/de/beratung/']").count() == 1
        _goto(page, f"/ar/organisationen/{organisation.slug}/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("section[aria-labelledby=funding-radar-title]").count() == 1
        _goto(page, "/ar/foerderung/")
        _goto(page, "/ar/foerderung/aufrufe/wir-mikroprojekte-2027/")

    # 4. The member does not see the radar.
    with new_context(browser, live_server) as member_context:
        page = member_context.new_page()
        log_in_with_password(page, member)
        _goto(page, f"/de/organisationen/{organisation.slug}/")
        assert page.locator("section[aria-labelledby=funding-radar-title]").count() == 0


def test_the_team_adds_a_call_and_a_deadline_before_the_opening_is_refused(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    from conftest import give_totp
    from tests.browser.journeys import fresh_totp_code
    from vielfalt.accounts.models import Role
    from vielfalt.funding.models import Call

    staff = UserFactory.create(email="team@example.org", name="Katrin Team", role=Role.STAFF)
    give_totp(staff)
    ConsentRecord.objects.create(user=staff, document=legal_document_current(kind="privacy"))
    wir = ProgrammeFactory.create(slug="wir-vielfalt", name="WIR – Vielfalt und Teilhabe")
    today = timezone.localdate()

    with new_context(browser, live_server) as context:
        page = context.new_page()
        log_in_with_password(page, staff, next_url="/de/staff/foerderung/")
        page.fill("input[name=code]", fresh_totp_code(staff))
        submit(page)
        assert page.url.endswith("/de/staff/foerderung/"), page.url
        assert_accessible(page)
        _goto(page, "/de/staff/foerderung/programme/neu/")
        _goto(page, f"/de/staff/foerderung/programme/{wir.pk}/")
        _goto(page, f"/de/staff/foerderung/programme/{wir.pk}/aufrufe/neu/")
        page.fill("#id_title", "Qualifizierungsmaßnahmen im Herbst")
        page.fill("#id_purpose", "Schulungen für Ehrenamtliche.")
        page.fill("#id_opens_on", (today + timedelta(days=10)).isoformat())
        page.fill("#id_deadline", (today + timedelta(days=5)).isoformat())
        submit(page, "main form.vf-form")
        assert_accessible(page)
        assert "liegt vor dem Beginn der Antragstellung" in page.content()
        assert not Call.objects.exists()
        page.fill("#id_deadline", (today + timedelta(days=40)).isoformat())
        submit(page, "main form.vf-form")
        assert_accessible(page)
        assert Call.objects.get().title == "Qualifizierungsmaßnahmen im Herbst"
