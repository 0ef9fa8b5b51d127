"""The needs journey (issue 13): the team pastes a workshop's flip chart on the event's documentation
page, tags and merges the needs in the table, answers one with a new training, and the public page shows
it (also in Arabic, right to left); a survey is answered on a 360 px phone and its choice answers become
needs; the ministry viewer opens the figures (small counts withheld) and downloads the annual report.
axe on every page."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from conftest import give_totp
from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import fresh_totp_code, log_in_with_password, submit
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Event, Session
from vielfalt.events.tests.factories import EventFactory, SessionFactory
from vielfalt.needs.models import Action, Need, Source
from vielfalt.organisations.models import FieldOfAction
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current
from vielfalt.qualification.tests.factories import ModuleFactory
from vielfalt.reports.tests.conftest import private_root  # noqa: F401 (a fixture, used by name)
from vielfalt.surveys.models import Question, Response
from vielfalt.surveys.tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
FLIP_CHART = """• Schulungen zu Fördermitteln auf Arabisch
• Räume für Treffen am Abend
✅ Fördermittel-Schulungen auf Arabisch
👉👉
• Austausch mit der Kommune"""


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


@pytest.mark.usefixtures("legal_documents", "private_root")
def test_needs_from_flip_chart_and_survey_are_answered_shown_and_counted(browser: Browser, live_server: Any) -> None:
    staff = UserFactory.create(email="team@example.org", name="Katrin Team", role=Role.STAFF)
    give_totp(staff)
    ministry = UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)
    privacy = legal_document_current(kind="privacy")
    for user in (staff, ministry):
        ConsentRecord.objects.create(user=user, document=privacy)
    started = timezone.now() - timedelta(days=20)
    event = EventFactory(
        title="Vernetzungstreffen",
        kind=Event.Kind.NETWORKING,
        status=Event.Status.PUBLISHED,
        starts_at=started,
        ends_at=started + timedelta(hours=7),
    )
    workshop = SessionFactory(event=event, kind=Session.Kind.WORKSHOP, title="Fördermittel erfolgreich beantragen")
    theme = FieldOfAction.objects.order_by("position")[0]

    with new_context(browser, live_server) as staff_context:
        page = staff_context.new_page()
        log_in_with_password(page, staff, next_url="/de/staff/bedarfe/")
        page.fill("input[name=code]", fresh_totp_code(staff))
        submit(page)
        assert_accessible(page)
        _goto(page, f"/de/veranstaltungen/{event.slug}/dokumentation/")

        # 1. The flip chart, pasted on the documentation page: one need per line, bullets and emoji gone.
        section = page.locator("section", has=page.get_by_role("heading", name="Bedarfe aus den Workshops"))
        section.get_by_label("Workshop").select_option(label=workshop.title)
        section.get_by_label("Bedarfe, einer pro Zeile").fill(FLIP_CHART)
        submit(page, "section:has(#needs-capture-title) form")
        assert_accessible(page)
        assert "4 Bedarfe erfasst" in page.locator(".kern-alert, [role=status]").first.inner_text() or (
            "4 Bedarfe erfasst" in page.content()
        )
        needs = {need.statement: need for need in Need.objects.all()}
        assert set(needs) == {
            "Schulungen zu Fördermitteln auf Arabisch",
            "Räume für Treffen am Abend",
            "Fördermittel-Schulungen auf Arabisch",
            "Austausch mit der Kommune",
        }
        assert Source.objects.filter(event=event, session=workshop).count() == 4

        # 2. Tag in the table with the keyboard's controls, then mark the two duplicates and merge them.
        first, duplicate = (
            needs["Schulungen zu Fördermitteln auf Arabisch"],
            needs["Fördermittel-Schulungen auf Arabisch"],
        )
        for need in needs.values():
            page.locator(f"#id_n{need.pk}-theme").select_option(value=f"h-{theme.slug}")
            page.locator(f"#id_n{need.pk}-is_public").check()
        page.locator(f"#id_n{first.pk}-weight").fill("6")
        page.locator(f"#id_n{first.pk}-selected").check()
        page.locator(f"#id_n{duplicate.pk}-selected").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Markierte zusammenführen …").click()
        assert_accessible(page)
        assert "Aus 2 Bedarfen wird einer mit dem Gewicht 7." in page.content()
        page.get_by_label("Schulungen zu Fördermitteln auf Arabisch").check()
        submit(page, "form.vf-form")
        assert_accessible(page)
        assert Need.objects.count() == 3
        first.refresh_from_db()
        assert (first.weight, first.field_of_action, first.is_public) == (7, theme, True)
        assert Source.objects.filter(need=first).count() == 2

        # 3. A new training answers it.
        module = ModuleFactory(title="Fördermittel beantragen – auf Arabisch", slug="foerdermittel-arabisch")
        _goto(page, f"/de/staff/bedarfe/{first.pk}/")
        page.get_by_label("Womit haben wir geantwortet?").select_option(value=f"module-{module.pk}")
        page.locator("#id_text").fill("Seit diesem Jahr gibt es das Modul auch auf Arabisch.")
        page.locator("#id_text_ar").locator("xpath=ancestor::details[1]/summary").click()
        page.locator("#id_text_ar").fill("منذ هذا العام تتوفر الوحدة التدريبية باللغة العربية أيضًا.")
        submit(page, "form[action$='/antworten/']")
        assert_accessible(page)
        assert Action.objects.filter(need=first, module=module).exists()

        # 4. The public page shows the need with its answer, in German and in Arabic.
        with new_context(browser, live_server, java_script_enabled=False) as public:
            visitor = public.new_page()
            _goto(visitor, "/de/bedarfe/")
            card = visitor.locator("li.vf-need", has_text="Schulungen zu Fördermitteln auf Arabisch")
            assert "7-mal genannt" in card.inner_text()
            assert card.get_by_role("link", name="Fördermittel beantragen – auf Arabisch").count() == 1
            _goto(visitor, f"/ar/bedarfe/?topic=h-{theme.slug}")
            assert visitor.locator("html").get_attribute("dir") == "rtl"
            assert "منذ هذا العام تتوفر الوحدة التدريبية" in visitor.content()

        # 5. A survey, answered on a phone; its choice answers become needs.
        survey = SurveyFactory(title="Bedarfsumfrage", slug="bedarfsumfrage")
        question = QuestionFactory(
            survey=survey, kind=Question.Kind.MULTIPLE, text="Welche Schulungen wünschen Sie sich?"
        )
        privacy_choice = ChoiceFactory(question=question, text="Datenschutz")
        ChoiceFactory(question=question, text="Social Media")
        with new_context(browser, live_server, viewport=PHONE, java_script_enabled=False) as phone:
            visitor = phone.new_page()
            _goto(visitor, f"/de/umfragen/{survey.slug}/")
            visitor.get_by_label("Datenschutz").check()
            submit(visitor, "form.vf-form")
            assert visitor.url.endswith("/danke/"), visitor.url
            assert_accessible(visitor)
        assert Response.objects.filter(survey=survey).count() == 1

        # 6. Still the team's session of step 1 (a second login within 30 s would reuse the code).
        _goto(page, f"/de/staff/umfragen/{survey.pk}/ergebnisse/")
        assert "Antworten als Bedarfe" in page.content(), page.url
        with page.expect_navigation():
            page.get_by_role("link", name="Antworten als Bedarfe übernehmen").click()
        assert_accessible(page)
        page.locator(f"#id_take_{privacy_choice.pk}").check()
        page.locator(f"#id_statement_{privacy_choice.pk}").fill("Schulungen zum Datenschutz im Verein")
        submit(page, "form.vf-form")
        assert_accessible(page)
        taken = Need.objects.get(statement="Schulungen zum Datenschutz im Verein")
        assert taken.weight == 1 and taken.sources.get().choice == privacy_choice

    # 7. The ministry viewer: the figures with the needs, small counts withheld, and the annual report.
    year = timezone.localdate().year
    with new_context(browser, live_server) as context:
        page = context.new_page()
        log_in_with_password(page, ministry)
        _goto(page, f"/de/zahlen/?year={year}")
        assert "Bedarfe" in page.content()
        assert "&lt; 5" in page.content() or "< 5" in page.inner_text("main")
        _goto(page, "/de/zahlen/jahresbericht/")
        with page.expect_navigation():
            page.get_by_role("button", name=f"{year} erstellen").click()
        assert_accessible(page)
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Excel-Datei {year}").click()
        book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
        assert "Bedarfe" in book.sheetnames
        with page.expect_download() as download:
            page.get_by_role("link", name=f"PDF {year}").click()
        content = open(download.value.path(), "rb").read()  # noqa: SIM115
        text = "\n".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(content)).pages)
        assert f"Jahresbericht {year}" in text and "Bedarfe" in text
