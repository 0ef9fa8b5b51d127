"""The directory journey: register → verified by staff → listed → found with a typo → contacted."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.organisations.models import Organisation

pytestmark = pytest.mark.browser

NAME = "Tamilischer Kulturverein Fulda e.V."


def register_organisation(page: Page) -> Organisation:
    page.goto("/de/organisationen/registrieren/")
    assert_accessible(page)
    page.fill("#id_name", NAME)
    page.select_option("#id_kind", "migrant")
    page.select_option("#id_legal_form", "ev")
    page.fill("#id_description", "Sprachkurse, Tanz und Beratung zu Fördermitteln für kleine Vereine in Osthessen.")
    page.select_option("#id_municipality", label="Fulda")
    page.get_by_label("Bildung", exact=True).check()
    page.fill("#id_contact_email", "vorstand@tamil-fulda.example.org")
    submit(page, "form[enctype='multipart/form-data']")
    assert page.locator("[data-error-summary]").count() == 0, page.locator("[data-error-summary]").inner_text()
    assert "/registrieren/" not in page.url, (page.url, page.locator("main").inner_text()[:500])
    assert_accessible(page)
    organisation = Organisation.objects.get(name=NAME)
    assert organisation.status == Organisation.Status.PENDING
    return organisation


def verify_as_staff(staff_page: Page, organisation: Organisation) -> None:
    """A staff member signs in with TOTP and approves the profile from the verification queue."""
    staff = UserFactory(role=Role.STAFF)
    give_totp(staff)
    log_in_with_password(staff_page, staff, next_url="/de/staff/organisationen/pruefen/")
    staff_page.fill("input[name=code]", fresh_totp_code(staff))
    submit(staff_page)
    assert "/staff/organisationen/pruefen/" in staff_page.url, staff_page.url
    assert_accessible(staff_page)
    with staff_page.expect_navigation():
        staff_page.get_by_role("button", name=f"„{NAME}“ freigeben").click()
    assert_accessible(staff_page)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED


def test_register_and_verify_without_javascript(browser: Browser, live_server: Any, legal_documents: None) -> None:
    founder = UserFactory(name="Priya Raman")
    with (
        new_context(browser, live_server, java_script_enabled=False) as founder_context,
        new_context(browser, live_server, java_script_enabled=False) as staff_context,
    ):
        page = founder_context.new_page()
        log_in_with_password(page, founder)
        organisation = register_organisation(page)
        verify_as_staff(staff_context.new_page(), organisation)
        response = page.goto(f"/de/organisationen/{organisation.slug}/")
        assert response is not None and response.status == 200
        assert_accessible(page)


def test_register_verify_find_with_typo_and_contact(
    page: Page, browser: Browser, live_server: Any, legal_documents: None
) -> None:
    mail.outbox = []
    founder = UserFactory(name="Priya Raman")
    log_in_with_password(page, founder)
    organisation = register_organisation(page)

    with new_context(browser, live_server) as visitor, new_context(browser, live_server) as staff_context:
        _verify_and_contact(page, visitor.new_page(), staff_context.new_page(), founder, organisation)


def _verify_and_contact(page: Page, public: Page, staff_page: Page, founder: Any, organisation: Organisation) -> None:
    # Pending profiles are invisible to the public.
    response = public.goto(f"/de/organisationen/{organisation.slug}/")
    assert response is not None and response.status == 404

    verify_as_staff(staff_page, organisation)
    assert any(founder.email in message.to for message in mail.outbox)

    # Found in the directory with a typo ("Fördermitel"), with JavaScript: results update as one types.
    from vielfalt.organisations.services import organisation_refresh_search_text
    from vielfalt.organisations.tests.factories import OrganisationFactory

    other = OrganisationFactory(name="Sportfreunde Kassel e.V.", description="Fußball und Basketball für Jugendliche.")
    organisation_refresh_search_text(organisation=other)
    public.goto("/de/verzeichnis/")
    assert_accessible(public)
    results = public.locator("#directory-results")
    results.get_by_role("link", name=other.name).wait_for()
    public.locator("#directory-q").press_sequentially("Fördermitel", delay=20)
    results.get_by_role("link", name=other.name).wait_for(state="detached")
    results.get_by_role("link", name=NAME).wait_for()
    public.wait_for_url("**/verzeichnis/?*q=*")  # the address holds the search (shareable, back button)
    assert_accessible(public)

    results.get_by_role("link", name=NAME).click()
    public.wait_for_url(f"**/organisationen/{organisation.slug}/")
    assert_accessible(public)
    public.fill("#id_name", "Jonas Weber")
    public.fill("#id_email", "jonas@example.org")
    public.fill("#id_message", "Wir suchen Partner für ein Sprachcafé.")
    mail.outbox = []
    public.locator("#contact-form button[type=submit], form[action$='/kontakt/'] button[type=submit]").first.click()
    public.get_by_role("status").filter(has_text="Nachricht").first.wait_for()
    assert_accessible(public)
    assert [message.to for message in mail.outbox] == [[founder.email]]
    assert mail.outbox[0].reply_to == ["jonas@example.org"]

    # The admin records WIR funding on the edit page; the public profile shows it.
    page.goto(f"/de/organisationen/{organisation.slug}/bearbeiten/")
    assert_accessible(page)
    page.fill("#id_funding-programme", "WIR-Mikroprojekt")
    page.fill("#id_funding-year", "2025")
    page.check("#id_funding-public")
    submit(page, "form[action$='/foerderung/']")
    assert_accessible(page)
    public.goto(f"/de/organisationen/{organisation.slug}/")
    assert public.get_by_text("WIR-Mikroprojekt (2025)").count() == 1


def test_directory_without_javascript_finds_with_typo(browser: Browser, live_server: Any) -> None:
    from vielfalt.organisations.services import organisation_refresh_search_text
    from vielfalt.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name=NAME, description="Beratung zu Fördermitteln")
    organisation_refresh_search_text(organisation=organisation)
    with new_context(browser, live_server, java_script_enabled=False) as context:
        _search_without_javascript(context.new_page())


def _search_without_javascript(page: Page) -> None:
    page.goto("/de/verzeichnis/")
    assert_accessible(page)
    page.fill("#directory-q", "Fördermitel")
    submit(page, "#directory-form")
    assert page.get_by_role("link", name=NAME).count() >= 1
    assert_accessible(page)
    # Contact the organisation without JavaScript: a plain POST and a redirect with a message.
    mail.outbox = []
    with page.expect_navigation():
        page.get_by_role("link", name=NAME).first.click()
    assert_accessible(page)
    page.fill("#id_name", "Jonas Weber")
    page.fill("#id_email", "jonas@example.org")
    page.fill("#id_message", "Wir suchen Partner für ein Sprachcafé.")
    submit(page, "form[action$='/kontakt/']")
    assert page.get_by_role("status").count() >= 1
    assert_accessible(page)
    assert len(mail.outbox) == 1
    page.goto("/ar/verzeichnis/")
    assert page.locator("html[dir=rtl]").count() == 1
    assert_accessible(page)
