"""The counselling journey (issue 12): a member asks for advice on a funding application, the team takes
the case, proposes an appointment, the member accepts it (and gets the .ics), the team logs the contact
and a confidential note the member never sees, closes the case with an outcome, and the ministry viewer
counts it in the statistics without a name. axe on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.counselling.models import Appointment, Case, Contact, Note, Topic
from vielfalt.organisations.models import Membership
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current

pytestmark = pytest.mark.browser

NOTE = "Vorstand wirkt unsicher beim Finanzplan; beim nächsten Termin behutsam nachfragen."
ORGANISATION = "Afrikanischer Kulturverein Gießen e.V."


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)
    _assert_unique_ids(page)


def _assert_unique_ids(page: Page) -> None:
    """The case page holds the forms of several parts: every id (and so every label) stays unique."""
    ids = page.eval_on_selector_all("[id]", "nodes => nodes.map(node => node.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_a_request_becomes_a_counted_case_without_the_organisation_seeing_the_note(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    organisation = OrganisationFactory.create(name=ORGANISATION, slug="afrikanischer-kulturverein-giessen")
    member = UserFactory.create(email="vorstand@example.org", name="Amara Okafor")
    Membership.objects.create(organisation=organisation, user=member, role=Membership.Role.ADMIN)
    staff = UserFactory.create(email="team@example.org", name="Katrin Team", role=Role.STAFF)
    give_totp(staff)
    ministry = UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)
    privacy = legal_document_current(kind="privacy")
    ConsentRecord.objects.bulk_create(ConsentRecord(user=user, document=privacy) for user in (member, staff, ministry))
    # The data migration's topics are flushed by the live server's database: the one the journey uses again.
    Topic.objects.get_or_create(slug="foerderantraege", defaults={"name": "Förderanträge", "order": 10})

    # 1. The member asks for advice on a funding application.
    with new_context(browser, live_server) as member_context:
        member_page = member_context.new_page()
        log_in_with_password(member_page, member)
        _goto(member_page, "/de/beratung/")
        member_page.select_option("#id_organisation", label=ORGANISATION)
        member_page.select_option("#id_topic", label="Förderanträge")
        member_page.fill("#id_title", "Antrag für das Sommerfest")
        member_page.fill(
            "#id_description", "Wir möchten beim Land Mittel für ein Nachbarschaftsfest beantragen und brauchen Hilfe."
        )
        member_page.locator("input[name=ways][value=video]").check()
        submit(member_page, "form[action$='/beratung/']")
        assert_accessible(member_page)
        case = Case.objects.get(organisation=organisation)
        assert case.status == Case.Status.NEW and case.requester == member

        # 2. The team takes it: assigns it to herself, works on it, proposes a video appointment.
        with new_context(browser, live_server) as staff_context:
            staff_page = staff_context.new_page()
            log_in_with_password(staff_page, staff, next_url="/de/staff/beratung/")
            staff_page.fill("input[name=code]", fresh_totp_code(staff))
            submit(staff_page)
            assert_accessible(staff_page)
            assert case.reference in staff_page.content()
            case_path = f"/de/beratung/faelle/{case.reference}/"
            _goto(staff_page, case_path)
            with staff_page.expect_navigation():
                staff_page.get_by_role("button", name="Mir zuweisen").click()
            with staff_page.expect_navigation():
                staff_page.get_by_role("button", name="Status: in Bearbeitung").click()
            case.refresh_from_db()
            assert case.assignee == staff and case.status == Case.Status.IN_PROGRESS
            _goto(staff_page, case_path)
            day = date.today() + timedelta(days=3)
            form = staff_page.locator(f"form[action$='/faelle/{case.reference}/termine/neu/']")
            form.locator("input[type=date]").fill(day.isoformat())
            form.locator("input[name$=starts_at]").fill("10:00")
            form.locator("input[name$=ends_at]").fill("11:00")
            form.locator("input[type=radio][value=video]").check()
            form.locator("input[name$=video_url]").fill("https://video.example.org/sommerfest")
            with staff_page.expect_navigation():
                form.locator("button[type=submit]").click()
            appointment = Appointment.objects.get(case=case)
            assert appointment.status == Appointment.Status.PROPOSED

            # 3. The member accepts it on the case page and takes the invitation into her calendar.
            _goto(member_page, case_path)
            with member_page.expect_navigation():
                member_page.get_by_role("button", name="Termin zusagen").click()
            appointment.refresh_from_db()
            assert appointment.status == Appointment.Status.ACCEPTED
            ics_link = member_page.locator("a[href$='kalender.ics']").first.get_attribute("href")
            assert ics_link
            ics = member_context.request.get(ics_link)
            assert ics.status == 200 and ics.headers["content-type"].startswith("text/calendar")
            assert "BEGIN:VEVENT" in ics.text() and "video.example.org/sommerfest" in ics.text()

            # 4. After the appointment the team logs the contact and a confidential note.
            _goto(staff_page, case_path)
            contact_form = staff_page.locator(f"form[action$='/faelle/{case.reference}/kontakte/neu/']")
            contact_form.locator("input[type=date]").fill(date.today().isoformat())
            contact_form.locator("input[name$=minutes]").fill("60")
            contact_form.locator("select[name$=way], input[name$=way][value=video]").first.evaluate(
                "node => node.tagName === 'SELECT' ? (node.value = 'video') : (node.checked = true)"
            )
            with staff_page.expect_navigation():
                contact_form.locator("button[type=submit]").click()
            assert_accessible(staff_page)
            assert Contact.objects.filter(case=case, minutes=60).exists(), staff_page.locator("main").inner_text()[:800]
            note_form = staff_page.locator(f"form[action$='/faelle/{case.reference}/notizen/neu/']")
            note_form.locator("textarea").fill(NOTE)
            with staff_page.expect_navigation():
                note_form.locator("button[type=submit]").click()
            assert Note.objects.filter(case=case, body=NOTE).exists()
            assert NOTE in staff_page.content()

            # 5. The member never sees the note.
            _goto(member_page, case_path)
            assert "behutsam" not in member_page.content()

            # 6. The team closes the case with its outcome.
            _goto(staff_page, case_path)
            staff_page.locator("summary", has_text="Fall abschließen").click()
            close_form = staff_page.locator("form", has=staff_page.locator("select[name=outcome]"))
            close_form.locator("select[name=outcome]").select_option("application_submitted")
            close_form.locator("textarea[name=result]").fill("Der Antrag ist fristgerecht eingereicht.")
            with staff_page.expect_navigation():
                close_form.locator("button[type=submit]").click()
            case.refresh_from_db()
            assert case.status == Case.Status.CLOSED and case.outcome == Case.Outcome.APPLICATION_SUBMITTED

    # 7. The ministry viewer sees the count in the statistics, suppressed as a small number, without a name.
    with new_context(browser, live_server) as ministry_context:
        ministry_page = ministry_context.new_page()
        log_in_with_password(ministry_page, ministry)
        _goto(ministry_page, "/de/beratung/statistik/")
        text = ministry_page.locator("main").inner_text()
        assert "< 5" in text
        for private in ("Amara", "Okafor", ORGANISATION, case.reference, "Sommerfest", "behutsam"):
            assert private not in text
        assert re.search(r"Förderanträge", text)
