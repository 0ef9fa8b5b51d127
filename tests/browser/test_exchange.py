"""The exchange journey, with and without JavaScript: two members of different organisations meet
through a suggestion and exchange messages, one opens a request on the board and the other answers,
a reply in the regional group mentions someone who then sees the notification, and staff handle a
report — axe on every page visited."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.exchange.models import BoardPost, Group, GroupMembership, Message, Post, Report
from vielfalt.exchange.tests.factories import ThreadFactory
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation
from vielfalt.organisations.services import organisation_refresh_search_text
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

AMIRA, JONAS = "Amira Haddad", "Jonas Becker"
ORG_A, ORG_B = "Elterncafé Brücke Gießen e.V.", "Kurdischer Familienverein Gießen e.V."


def _organisation(name: str, admin: User, field: FieldOfAction) -> Organisation:
    organisation = OrganisationFactory(name=name)
    organisation.fields_of_action.add(field)
    organisation_refresh_search_text(organisation=organisation)
    Membership.objects.create(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    return organisation


def _visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    assert_accessible(page)


def _meet_through_a_suggestion(page: Page, amira: User) -> None:
    log_in_with_password(page, amira)
    _visit(page, "/de/austausch/")
    expect(page.locator("main")).to_contain_text(ORG_B)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(rf"Nachricht schreiben\s*: {re.escape(ORG_B)}")).click()
    assert_accessible(page)
    page.get_by_label("Ihre Nachricht").fill("Hallo! Wir machen auch Elternarbeit in Gießen – wollen wir uns treffen?")
    submit(page, "form.vf-form")
    expect(page.locator("main")).to_contain_text("wollen wir uns treffen?")
    assert_accessible(page)


def _answer_as_the_organisation(page: Page, jonas: User) -> None:
    log_in_with_password(page, jonas)
    _visit(page, "/de/austausch/nachrichten/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=re.compile(AMIRA)).first.click()
    assert_accessible(page)
    page.get_by_label("Ihre Nachricht").fill("Sehr gern! Kommen Sie doch zu unserem Familienfrühstück.")
    submit(page, "form.vf-form")
    expect(page.locator("main")).to_contain_text("Familienfrühstück")
    assert_accessible(page)


def _open_a_request(page: Page, district_id: int) -> None:
    _visit(page, "/de/austausch/brett/neu/")
    page.get_by_label("Wir suchen").check()
    page.get_by_label("Raum", exact=True).check()
    page.get_by_label("Titel", exact=True).fill("Raum für Elterncafé in Gießen gesucht")
    page.get_by_label("Beschreibung").fill("Jeden zweiten Samstag, 10–13 Uhr, für etwa 20 Eltern mit Kindern.")
    page.get_by_label("Kreis oder kreisfreie Stadt").select_option(str(district_id))
    page.get_by_label("Sichtbar bis einschließlich").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    submit(page, "form.vf-form")
    assert page.locator("[data-error-summary]").count() == 0, page.locator("[data-error-summary]").inner_text()
    assert_accessible(page)


def _answer_the_request(page: Page) -> None:
    _visit(page, "/de/austausch/brett/")
    with page.expect_navigation():
        page.get_by_role("link", name="Raum für Elterncafé in Gießen gesucht").click()
    assert_accessible(page)
    page.get_by_label("Ihre Nachricht").fill("Unser Vereinsraum ist samstags frei. Rufen Sie uns an!")
    submit(page, "form.vf-form")
    expect(page.locator("main")).to_contain_text("Vereinsraum ist samstags frei")
    assert_accessible(page)


def _reply_with_a_mention(page: Page, group: Group, thread_pk: int) -> None:
    _visit(page, f"/de/austausch/gruppen/{group.slug}/")
    _visit(page, f"/de/austausch/gruppen/{group.slug}/{thread_pk}/")
    page.get_by_label("Ihr Beitrag").fill(f"@{AMIRA} hat einen Raum gesucht – wir haben einen. Wer kommt noch?")
    submit(page, "form.vf-form[enctype='multipart/form-data']")
    expect(page.locator("main")).to_contain_text("wir haben einen")
    assert_accessible(page)


def _see_the_mention(page: Page) -> None:
    _visit(page, "/de/benachrichtigungen/")
    expect(page.locator("main")).to_contain_text(f"{JONAS} hat Sie in „Räume für Vereine in Gießen“ erwähnt.")


def _report_a_post(page: Page, post: Post) -> None:
    _visit(page, f"/de/austausch/melden/post/{post.pk}/")
    page.get_by_label("Was ist das Problem?").fill("Werbung für einen kommerziellen Anbieter.")
    submit(page, "form.vf-form")
    assert_accessible(page)


def _handle_the_report_as_staff(page: Page, staff: User) -> None:
    log_in_with_password(page, staff, next_url="/de/staff/moderation/")
    page.fill("input[name=code]", fresh_totp_code(staff))
    submit(page)
    assert "/staff/moderation/" in page.url, page.url
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main h2 a").first.click()
    assert_accessible(page)
    page.get_by_label("Begründung").first.fill("Werbung ist in den Gruppen nicht erlaubt.")
    with page.expect_navigation():
        page.get_by_role("button", name="Inhalt ausblenden").click()
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_meet_message_board_mention_and_moderation(
    browser: Browser, live_server: Any, legal_documents: None, javascript: bool
) -> None:
    field = FieldOfAction.objects.order_by("pk").first()
    assert field is not None
    amira, jonas = UserFactory(name=AMIRA), UserFactory(name=JONAS)
    _organisation(ORG_A, amira, field)
    _organisation(ORG_B, jonas, field)
    group = Group.objects.get(kind=Group.Kind.REGIONAL, district__name="Gießen")
    for person in (amira, jonas):
        GroupMembership.objects.create(group=group, user=person)
    spammer = UserFactory(name="Werbe Konto")
    GroupMembership.objects.create(group=group, user=spammer)
    thread = ThreadFactory(group=group, author=amira, title="Räume für Vereine in Gießen")
    advert = Post.objects.create(thread=thread, author=spammer, body="<p>Billige Kredite hier!</p>")
    staff = UserFactory(role=Role.STAFF)
    give_totp(staff)

    def fresh_page(**kwargs: Any) -> Any:
        return new_context(browser, live_server, java_script_enabled=javascript, **kwargs)

    with fresh_page() as amira_context, fresh_page() as jonas_context:
        amira_page, jonas_page = amira_context.new_page(), jonas_context.new_page()
        _meet_through_a_suggestion(amira_page, amira)
        _answer_as_the_organisation(jonas_page, jonas)
        assert Message.objects.filter(as_organisation=True, sender=jonas).exists()
        _open_a_request(amira_page, group.district_id)
        assert BoardPost.objects.filter(author=amira, title="Raum für Elterncafé in Gießen gesucht").exists()
        _answer_the_request(jonas_page)
        _reply_with_a_mention(jonas_page, group, thread.pk)
        _see_the_mention(amira_page)
        _report_a_post(amira_page, advert)
    assert Report.objects.filter(target_type="post", target_id=advert.pk, status="open").exists()
    with fresh_page() as staff_context:
        _handle_the_report_as_staff(staff_context.new_page(), staff)
    advert.refresh_from_db()
    assert advert.is_hidden
    assert Report.objects.get(target_id=advert.pk).status == Report.Status.ACTIONED
