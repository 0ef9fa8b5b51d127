"""The event journey, with and without JavaScript: a member registers for the Vernetzungstreffen and
chooses a workshop, the event fills, the next person lands on the waiting list, someone cancels by
the link in their email, the waiting person moves up and is emailed, and staff check people in on a
phone and download the sign-in sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Event, Registration
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.organisations.models import Membership
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

TITLE = "Hessenweites Vernetzungstreffen der Migrantenorganisationen"
PHONE = {"width": 375, "height": 740}


def _link_in_mail(to: str, pattern: str) -> str:
    for message in mail.outbox:
        if to in message.to and (match := re.search(pattern, message.body)):
            return match.group(0)
    raise AssertionError(f"no mail to {to} with {pattern}: {[m.subject for m in mail.outbox]}")


def _event() -> Event:
    event = EventFactory(kind="networking", title=TITLE, capacity=2, slug="vernetzungstreffen-journey")
    slot = TimeSlotFactory(event=event, title="Workshop-Phase I")
    SessionFactory(slot=slot, title="Fördermittel erfolgreich beantragen", capacity=10)
    SessionFactory(slot=slot, title="Öffentlichkeitsarbeit mit kleinem Budget", capacity=10)
    return event


def _register_member(page: Page, member: User, event: Event) -> None:
    log_in_with_password(page, member)
    page.goto("/de/veranstaltungen/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Jetzt anmelden").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Fördermittel erfolgreich beantragen")).check()
    page.get_by_label("Essen und Trinken").fill("vegetarisch")
    submit(page, "form.vf-form")
    assert "/anmeldung/" in page.url, page.locator("main").inner_text()[:500]
    expect(page.locator("main")).to_contain_text("Platz bestätigt")
    assert_accessible(page)


def _join_waiting_list(page: Page, person: User, event: Event) -> None:
    log_in_with_password(page, person)
    page.goto(f"/de/veranstaltungen/{event.slug}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Auf die Warteliste setzen").click()
    assert_accessible(page)
    submit(page, "form.vf-form")
    expect(page.locator("main")).to_contain_text("Platz 1 der Warteliste")
    assert_accessible(page)


def _cancel_by_link(page: Page, person: User) -> None:
    page.goto(_link_in_mail(person.email, r"/de/veranstaltungen/abmelden/[^/\s]+/"))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, stornieren").click()
    expect(page.locator("main")).to_contain_text("Diese Anmeldung ist storniert.")
    assert_accessible(page)


def _check_in_on_a_phone(page: Page, staff: User, event: Event, name: str) -> None:
    log_in_with_password(page, staff, next_url=f"/de/veranstaltungen/{event.slug}/einlass/")
    page.fill("input[name=code]", fresh_totp_code(staff))
    submit(page)
    assert "/einlass/" in page.url, page.url
    assert_accessible(page)
    page.fill("#check-in-q", name.split()[0])
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_load_state()
    button = page.get_by_role("button", name=re.compile(rf"Ist da\s*: {name}"))
    expect(button).to_be_visible()
    button.click()
    expect(page.get_by_role("button", name=re.compile(rf"Rückgängig\s*: {name}"))).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unterschriftenliste (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_register_fill_wait_cancel_move_up_and_check_in(
    browser: Browser, live_server: Any, legal_documents: None, javascript: bool
) -> None:
    mail.outbox = []
    event = _event()
    early = UserFactory(name="Elif Früh")
    services.registration_create(event=event, user=early)  # one place is left
    member = UserFactory(name="Mina Mitglied")
    Membership.objects.create(organisation=OrganisationFactory(), user=member)
    late = UserFactory(name="Lars Spät")
    staff = UserFactory(role=Role.STAFF)
    give_totp(staff)

    with new_context(browser, live_server, java_script_enabled=javascript) as context:
        _register_member(context.new_page(), member, event)
    registration = Registration.objects.get(event=event, user=member)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.choices.get().session.title == "Fördermittel erfolgreich beantragen"

    with new_context(browser, live_server, java_script_enabled=javascript) as context:
        _join_waiting_list(context.new_page(), late, event)
    assert Registration.objects.get(event=event, user=late).status == Registration.Status.WAITING

    with new_context(browser, live_server, java_script_enabled=javascript) as context:
        _cancel_by_link(context.new_page(), early)
    assert Registration.objects.get(event=event, user=early).status == Registration.Status.CANCELLED
    assert Registration.objects.get(event=event, user=late).status == Registration.Status.CONFIRMED
    assert any(late.email in m.to and m.subject == f"Sie sind nachgerückt: \u2068{TITLE}\u2069" for m in mail.outbox)

    with new_context(browser, live_server, java_script_enabled=javascript, viewport=PHONE) as context:
        _check_in_on_a_phone(context.new_page(), staff, event, "Mina Mitglied")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def _fill_event_form(page: Page, organisation_name: str) -> None:
    page.get_by_role("radio", name=organisation_name).check()
    page.select_option("#id_kind", "regional")
    page.fill("#id_title", "Regionaltreffen Mittelhessen")
    page.fill("#id_description", "Vereine aus Gießen und Umgebung lernen sich kennen und planen gemeinsame Projekte.")
    page.fill("#id_starts_at", "2027-03-13T10:00")
    page.fill("#id_ends_at", "2027-03-13T16:00")
    page.fill("#id_venue_name", "Bürgerhaus Gießen")
    page.select_option("#id_municipality", label="Gießen")
    page.get_by_label("Stufenloser Zugang").check()
    page.fill("#id_capacity", "30")


def test_an_organisation_admin_prepares_an_event_without_javascript(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    """Create, programme, publish; then the organiser's pages and the documentation (the feedback results
    are a survey's: tests/browser/test_surveys.py), and the public pages in a right-to-left language —
    every page checked with axe."""
    admin = UserFactory(name="Ada Admin")
    organisation = OrganisationFactory(name="Eritreischer Kulturverein Gießen e.V.")
    Membership.objects.create(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    with new_context(browser, live_server, java_script_enabled=False) as context:
        page = context.new_page()
        log_in_with_password(page, admin, next_url="/de/veranstaltungen/neu/")
        assert "/veranstaltungen/neu/" in page.url, page.url
        assert_accessible(page)
        _fill_event_form(page, organisation.name)
        submit(page, "form.vf-form")
        assert page.locator("[data-error-summary]").count() == 0, page.locator("[data-error-summary]").inner_text()
        event = Event.objects.get(title="Regionaltreffen Mittelhessen")
        assert (event.organiser, event.status) == (organisation, Event.Status.DRAFT)
        page.goto(f"/de/veranstaltungen/{event.slug}/programm/")
        assert_accessible(page)
        page.fill("#id_slot-starts_at", "13:00")
        page.fill("#id_slot-ends_at", "14:30")
        page.fill("#id_slot-title", "Workshop-Phase")
        submit(page, "form.vf-form:has(input[value=slot])")
        assert_accessible(page)
        page.select_option("#id_session-slot", index=1)
        page.get_by_label("Workshop", exact=True).check()
        page.fill("#id_session-title", "Fördermittel finden")
        page.fill("#id_session-capacity", "12")
        submit(page, "form.vf-form:has(input[value=session])")
        assert page.locator("[data-error-summary]").count() == 0, page.locator("[data-error-summary]").inner_text()
        assert event.sessions.get().capacity == 12
        page.get_by_role("button", name="Veröffentlichen").click()
        page.wait_for_load_state()
        event.refresh_from_db()
        assert event.status == Event.Status.PUBLISHED
        for path in (
            "teilnehmende/",
            "einlass/",
            "bearbeiten/",
            "dokumentation/bearbeiten/",
        ):
            response = page.goto(f"/de/veranstaltungen/{event.slug}/{path}")
            assert response is not None and response.status == 200, path
            assert_accessible(page)
        for lang in ("ar", "fa"):
            for path in ("", "vergangene/", "vernetzungstreffen/", f"{event.slug}/", "?format=site&district=06531"):
                response = page.goto(f"/{lang}/veranstaltungen/{path}")
                assert response is not None and response.status == 200, (lang, path)
                assert page.locator("html").get_attribute("dir") == "rtl"
                assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_workshop_a_person_holds_reads_as_held_on_their_registration(
    browser: Browser, live_server: Any, legal_documents: None, language: str
) -> None:
    """Taking the last place of a workshop makes it full — but not for the person who holds it."""
    event = EventFactory(kind="networking", title=TITLE, capacity=20, slug=f"gehaltener-workshop-{language}")
    slot = TimeSlotFactory(event=event, title="Workshop-Phase I")
    SessionFactory(slot=slot, title="Fördermittel erfolgreich beantragen", capacity=1)
    SessionFactory(slot=slot, title="Öffentlichkeitsarbeit mit kleinem Budget", capacity=10)
    member = UserFactory(name="Mina Mitglied", preferred_language=language)
    with translation.override(language):
        held, full = gettext("Ihr Platz ist sicher"), gettext("voll – Sie kommen auf die Warteliste des Workshops")
    with new_context(browser, live_server, java_script_enabled=False) as context:
        page = context.new_page()
        log_in_with_password(page, member, lang=language)
        page.goto(f"/{language}/veranstaltungen/{event.slug}/anmelden/")
        assert_accessible(page)
        page.get_by_label(re.compile("Fördermittel erfolgreich beantragen")).check()
        submit(page, "form.vf-form")
        assert page.url.endswith(f"/{language}/veranstaltungen/{event.slug}/anmeldung/"), page.url
        chosen = page.locator("section[aria-labelledby=workshops-title] select option:checked")
        expect(chosen).to_contain_text("Fördermittel erfolgreich beantragen")
        expect(chosen).to_contain_text(held)
        assert full not in page.locator("main").inner_text()
        assert_accessible(page)


ARABIC_PHONE = {"width": 360, "height": 740}


def test_the_arabic_event_page_lines_up_on_a_phone(browser: Browser, live_server: Any, legal_documents: None) -> None:
    """German text (the accessibility note, room names) keeps to the right-hand edge of an Arabic
    page, and no breadcrumb separator is left alone on a line at 360 px."""
    event = EventFactory(
        kind="networking",
        title="Hessenweites Vernetzungstreffen der Migrantenorganisationen und Integrationsbeiräte",
        slug="vernetzungstreffen-rtl",
        title_translations={"ar": "لقاء التشبيك لمنظمات المهاجرين على مستوى ولاية هيسن 2027"},
        accessibility_notes="Der Eingang an der Rückseite hat eine Rampe. Eine Induktionsschleife gibt es im Großen Saal.",
    )
    slot = TimeSlotFactory(event=event, title="Workshop-Phase I")
    SessionFactory(slot=slot, title="Fördermittel erfolgreich beantragen", capacity=10, room="Großer Saal")
    with new_context(browser, live_server, viewport=ARABIC_PHONE) as context:
        page = context.new_page()
        page.goto(f"/ar/veranstaltungen/{event.slug}/")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        # The last line of each German text ends at the right edge of its box, as Arabic lines do.
        gaps = page.evaluate(
            """(texts) => texts.map((text) => {
                const box = [...document.querySelectorAll('main dd, main p')].find((el) => el.textContent.trim() === text);
                const range = document.createRange();
                range.selectNodeContents(box);
                const rects = [...range.getClientRects()];
                return Math.round(box.getBoundingClientRect().right - rects[rects.length - 1].right);
            })""",
            [event.accessibility_notes, "Großer Saal"],
        )
        assert all(gap <= 2 for gap in gaps), gaps
        # Every breadcrumb separator starts the same line as the entry it introduces.
        lone = page.evaluate(
            """() => [...document.querySelectorAll('.vf-breadcrumb__list li + li')].filter((li) => {
                const entry = li.querySelector('a, span');
                return entry.getClientRects()[0].top - li.getBoundingClientRect().top > 4;
            }).length"""
        )
        assert lone == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert_accessible(page)


def test_the_lists_for_the_day_fit_a_phone(browser: Browser, live_server: Any, legal_documents: None) -> None:
    """The team's events list and an event's participants list at 360 px: no sideways scrolling;
    below the breakpoint each row is a card whose values say what they are."""
    staff = UserFactory(role=Role.STAFF, name="Tamara Team")
    give_totp(staff)
    event = _event()
    for name in ("Mina Mitglied", "Elif Früh", "Lars Spät"):
        services.registration_create(
            event=event, user=UserFactory(name=name), needs=services.Needs(dietary_needs="vegetarisch, ohne Nüsse")
        )
    with new_context(browser, live_server, viewport={"width": 360, "height": 740}) as context:
        page = context.new_page()
        log_in_with_password(page, staff, next_url="/de/staff/veranstaltungen/")
        page.fill("input[name=code]", fresh_totp_code(staff))
        submit(page)
        for path in ("/de/staff/veranstaltungen/", f"/de/veranstaltungen/{event.slug}/teilnehmende/"):
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, (path, width)
            expect(page.locator("table .kern-table__cell[data-label]").first).to_be_visible()
            assert_accessible(page)
