"""The survey journey (issue 13): the team builds a survey and opens it, a visitor answers it on a
360 px phone without an account, the team reads the results with their chart. axe on every page."""

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
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current
from vielfalt.surveys.models import Answer, Question, Response, Survey

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


def _fits(page: Page) -> None:
    """Nothing sticks out sideways on the phone (no horizontal scrolling)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        "document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.outerHTML.slice(0, 200) + ' @' + Math.round(e.getBoundingClientRect().left) + '-' + Math.round(e.getBoundingClientRect().right) + ' in ' + e.parentElement.outerHTML.slice(0, 150))"
    )
    assert overflow <= 0, f"{page.url}: {overflow}px wider than the screen: {wide}"


def _add_question(
    page: Page, survey: Survey, kind: str, text: str, *, choices: str = "", required: bool = False
) -> None:
    _goto(page, f"/de/staff/umfragen/{survey.pk}/fragen/neu/")
    page.locator(f"input[name=kind][value={kind}]").check()
    page.fill("#id_text", text)
    if required:
        page.locator("#id_required").check()
    if choices:
        page.fill("#id_choices", choices)
    submit(page, "form.vf-form")
    assert page.locator("[data-error-summary]").count() == 0, page.locator("[data-error-summary]").inner_text()
    assert_accessible(page)


def test_the_team_publishes_a_survey_a_visitor_answers_it_on_a_phone_the_team_reads_the_results(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    staff = UserFactory.create(email="team@example.org", name="Katrin Team", role=Role.STAFF)
    give_totp(staff)
    ConsentRecord.objects.create(user=staff, document=legal_document_current(kind="privacy"))

    with new_context(browser, live_server) as staff_context:
        # 1. The team builds the survey and opens it.
        staff_page = staff_context.new_page()
        log_in_with_password(staff_page, staff, next_url="/de/staff/umfragen/")
        staff_page.fill("input[name=code]", fresh_totp_code(staff))
        submit(staff_page)
        assert_accessible(staff_page)
        _goto(staff_page, "/de/staff/umfragen/neu/")
        staff_page.fill("#id_title", "Bedarfsumfrage 2027")
        staff_page.fill("#id_intro", "Fünf Minuten, anonym: Was braucht Ihre Organisation?")
        staff_page.locator("input[name=audience][value=public]").check()
        submit(staff_page, "form.vf-form")
        survey = Survey.objects.get(title="Bedarfsumfrage 2027")
        assert survey.anonymous and survey.status == Survey.Status.DRAFT
        assert_accessible(staff_page)
        _add_question(
            staff_page,
            survey,
            "single",
            "Wie ist Ihre Organisation aufgestellt?",
            choices="Nur Ehrenamtliche\nEhrenamtliche und Hauptamtliche\nÜberwiegend Hauptamtliche",
            required=True,
        )
        _add_question(
            staff_page,
            survey,
            "multiple",
            "Welche Schulungen wünschen Sie sich?",
            choices="Fördermittel\nSocial Media\nDatenschutz",
        )
        _add_question(
            staff_page, survey, "scale", "Wie gut fühlen Sie sich über Förderprogramme informiert?", required=True
        )
        _add_question(staff_page, survey, "long_text", "Was sollten wir unbedingt anbieten?")
        assert survey.questions.count() == 4
        _goto(staff_page, f"/de/staff/umfragen/{survey.pk}/")
        with staff_page.expect_navigation():
            staff_page.get_by_role("button", name="Umfrage öffnen").click()
        survey.refresh_from_db()
        assert survey.status == Survey.Status.OPEN
        assert_accessible(staff_page)

        # 2. A visitor answers on a phone, without an account and without JavaScript.
        with new_context(browser, live_server, viewport=PHONE, java_script_enabled=False) as phone:
            visitor = phone.new_page()
            _goto(visitor, "/de/umfragen/")
            _fits(visitor)
            with visitor.expect_navigation():
                visitor.get_by_role("link", name="Bedarfsumfrage 2027").click()
            assert_accessible(visitor)
            _fits(visitor)
            # First without the required rating: the error summary names it, nothing is stored.
            visitor.get_by_label("Nur Ehrenamtliche").check()
            submit(visitor, "form.vf-form")
            summary = visitor.locator("[data-error-summary]")
            assert summary.count() == 1 and "Bitte beantworten Sie diese Frage." in summary.inner_text()
            assert not Response.objects.exists()
            assert_accessible(visitor)
            _fits(visitor)
            scale = Question.objects.get(survey=survey, kind="scale")
            visitor.locator(f"input[name=q{scale.pk}][value='4']").check()
            visitor.get_by_label("Fördermittel").check()
            visitor.get_by_label("Datenschutz").check()
            visitor.get_by_label("Was sollten wir unbedingt anbieten?").fill("Eine Sprechstunde zu Anträgen am Abend.")
            submit(visitor, "form.vf-form")
            assert visitor.url.endswith(f"/de/umfragen/{survey.slug}/danke/"), visitor.url
            assert "Vielen Dank!" in visitor.locator("h1").inner_text()
            assert_accessible(visitor)
            _fits(visitor)
        response = Response.objects.get(survey=survey)
        assert response.user is None
        assert Answer.objects.filter(response=response).count() == 5

        # 3. The team reads the results: counts, a chart with its text alternative, the written answer.
        _goto(staff_page, f"/de/staff/umfragen/{survey.pk}/ergebnisse/")
        content = staff_page.content()
        assert staff_page.locator("svg.vf-chart").count() == 3
        assert "Nur Ehrenamtliche: 1 (100 %)" in content
        assert "Eine Sprechstunde zu Anträgen am Abend." in content
        download = staff_context.request.get(f"{live_server.url}/de/staff/umfragen/{survey.pk}/export.csv")
        assert download.status == 200 and "Eine Sprechstunde" in download.text()

        # The same results in Arabic, right to left.
        _goto(staff_page, f"/ar/staff/umfragen/{survey.pk}/ergebnisse/")
        assert staff_page.evaluate("document.documentElement.dir") == "rtl"
