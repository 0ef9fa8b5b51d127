"""The qualification journey (issue 11): a Träger's coordinator creates a Basisqualifizierung course with a
date, a Lotsin registers, attendance is taken, the rule is met and the certificate issued; the Lotsin
downloads it (PDF text and QR code checked) and anyone verifies it; she logs service hours, the
coordinator approves the month and the statement XLSX has the right sum. axe on every page."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import log_in_with_password, submit
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Event, Registration
from vielfalt.organisations.models import Membership
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current
from vielfalt.qualification.models import (
    AllowanceRate,
    Certificate,
    CourseRun,
    CourseSession,
    MonthApproval,
    ServiceHours,
    ServiceKind,
)
from vielfalt.qualification.tests.factories import LotseFactory, ModuleFactory, TragerFactory, curriculum_with

pytestmark = pytest.mark.browser

MODULE = "Rolle und Selbstverständnis"


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


def test_a_trager_runs_a_course_to_a_verified_certificate_and_an_allowance(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    trager = TragerFactory.create(name="Freiwilligenzentrum Lahn-Dill e.V.", slug="freiwilligenzentrum-lahn-dill")
    coordinator = UserFactory.create(email="koordination@example.org", name="Kora Koordination")
    lotsin = UserFactory.create(email="lotsin@example.org", name="Leyla Haddad")
    Membership.objects.create(organisation=trager, user=coordinator, role=Membership.Role.ADMIN)
    Membership.objects.create(organisation=trager, user=lotsin, role=Membership.Role.MEMBER)
    LotseFactory.create(organisation=trager, user=lotsin, since=date(2024, 1, 1))
    privacy = legal_document_current(kind="privacy")
    ConsentRecord.objects.bulk_create(ConsentRecord(user=user, document=privacy) for user in (coordinator, lotsin))
    module = ModuleFactory.create(title=MODULE, slug="rolle", units=Decimal("4"))
    curriculum_with([module], required=1, title="Basisqualifizierung", min_units=Decimal("4"))
    # Data migrations' rows are flushed by the live server's database: the kind and the rate again.
    ServiceKind.objects.get_or_create(slug="behoerde", defaults={"name": "Behörde"})
    AllowanceRate.objects.get_or_create(
        valid_from=date(2020, 1, 1), defaults={"per_hour": Decimal("5"), "monthly_cap": Decimal("60")}
    )

    # 1. The coordinator creates the course with its first date and publishes it.
    with new_context(browser, live_server) as context:
        page = context.new_page()
        log_in_with_password(page, coordinator)
        _goto(page, "/de/qualifizierung/kurse/neu/")
        page.check("#id_organiser_0")  # the Träger (its only organisation)
        page.select_option("#id_module", label=MODULE)
        page.fill("#id_reference", "BQ-2027-1")
        page.fill("#id_day", (date.today() + timedelta(days=14)).isoformat())
        page.fill("#id_session_starts_at", "17:00")
        page.fill("#id_session_ends_at", "20:15")
        page.fill("#id_units", "4")
        page.fill("#id_venue_name", "Bürgerhaus Wetzlar")
        page.select_option("#id_municipality", label="Wetzlar")
        page.fill("#id_capacity", "20")
        submit(page)
        assert_accessible(page)
        assert CourseRun.objects.filter(reference="BQ-2027-1").exists(), page.locator("main").inner_text()[:1500]
        run = CourseRun.objects.select_related("event").get(reference="BQ-2027-1")
        assert run.event.kind == Event.Kind.TRAINING and run.module == module
        _goto(page, f"/de/veranstaltungen/{run.event.slug}/bearbeiten/")
        with page.expect_navigation():
            page.get_by_role("button", name="Veröffentlichen").click()
        run.event.refresh_from_db()
        assert run.event.status == Event.Status.PUBLISHED
        coordinator_page = page

        # 2. The Lotsin registers.
        with new_context(browser, live_server) as lotsin_context:
            lotsin_page = lotsin_context.new_page()
            log_in_with_password(lotsin_page, lotsin)
            _goto(lotsin_page, f"/de/veranstaltungen/{run.event.slug}/")
            with lotsin_page.expect_navigation():
                lotsin_page.get_by_role("link", name="Jetzt anmelden").first.click()
            assert_accessible(lotsin_page)
            submit(lotsin_page)
            registration = Registration.objects.get(event=run.event, user=lotsin)
            assert registration.status == Registration.Status.CONFIRMED

            # 3. The course takes place (two weeks pass); the coordinator takes attendance.
            session = CourseSession.objects.get(run=run)
            moved = timedelta(days=15)
            CourseSession.objects.filter(pk=session.pk).update(
                starts_at=session.starts_at - moved, ends_at=session.ends_at - moved
            )
            Event.objects.filter(pk=run.event.pk).update(
                starts_at=run.event.starts_at - moved, ends_at=run.event.ends_at - moved
            )
            _goto(coordinator_page, f"/de/qualifizierung/kurse/{run.event.slug}/")
            with coordinator_page.expect_navigation():
                coordinator_page.get_by_role("link", name="Anwesenheit erfassen").first.click()
            assert_accessible(coordinator_page)
            coordinator_page.check(f"#id_status_{registration.pk}_0")
            coordinator_page.fill(f"#id_units_{registration.pk}", "4")
            submit(coordinator_page)
            assert_accessible(coordinator_page)

            # 4. The rule is met: the certificate is there, in her account, as a PDF with her name and a QR code.
            certificate = Certificate.objects.get(user=lotsin, revoked_at__isnull=True)
            _goto(lotsin_page, "/de/qualifizierung/meine/")
            assert "Basisqualifizierung" in lotsin_page.content()
            pdf_link = lotsin_page.locator("a[href*='/pdf/']").first.get_attribute("href")
            assert pdf_link
            response = lotsin_context.request.get(pdf_link)
            assert response.status == 200 and response.headers["content-type"] == "application/pdf"
            reader = PdfReader(io.BytesIO(response.body()))
            text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
            assert "Leyla Haddad" in text and "Basisqualifizierung" in text
            images = [image for pdf_page in reader.pages for image in pdf_page.images]
            decoded = [
                result.text for image in images for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
            ]
            verify_path = f"/zertifikat/{certificate.code}/"
            assert any(url.endswith(verify_path) for url in decoded), decoded

            # 5. Anyone verifies it.
            with new_context(browser, live_server) as visitor:
                public = visitor.new_page()
                _goto(public, f"/de/qualifizierung{verify_path}")
                assert "Leyla Haddad" in public.content()
                assert "Gültig: Dieses Zertifikat wurde über Vielfalt Hessen ausgestellt." in public.content()

            # 6. The Lotsin logs hours of last month; the coordinator approves the month.
            last_month = date.today().replace(day=1) - timedelta(days=1)
            _goto(lotsin_page, "/de/qualifizierung/stunden/")
            lotsin_page.fill("#id_date", last_month.replace(day=10).isoformat())
            lotsin_page.fill("#id_hours", "2,5")
            lotsin_page.select_option("#id_kind", label="Behörde")
            lotsin_page.select_option("#id_language", value="ar")
            submit(lotsin_page)
            assert_accessible(lotsin_page)
            assert ServiceHours.objects.filter(lotse__user=lotsin, hours=Decimal("2.5")).exists()

        month = f"{last_month:%Y-%m}"
        _goto(coordinator_page, f"/de/qualifizierung/traeger/{trager.slug}/stunden/{month}/")
        with coordinator_page.expect_navigation():
            coordinator_page.get_by_role("button", name="Alle freigeben").click()
        assert_accessible(coordinator_page)
        approval = MonthApproval.objects.get(lotse__user=lotsin)
        assert approval.amount == Decimal("12.50")

        # 7. The statement for the Träger's accounting opens and sums up.
        statement = context.request.get(f"/de/qualifizierung/traeger/{trager.slug}/stunden/{month}/abrechnung.xlsx")
        assert statement.status == 200
        sheet = openpyxl.load_workbook(io.BytesIO(statement.body())).active
        numbers = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, int | float)]
        assert 12.5 in numbers


def test_a_trager_imports_its_plan_of_courses_from_a_csv_file(
    browser: Browser, live_server: Any, legal_documents: None, tmp_path: Any
) -> None:
    """The coordinator uploads the year's plan, checks the preview and creates the courses (axe on each page);
    the same file again is refused."""
    trager = TragerFactory.create(name="Caritasverband Fulda e.V.", slug="caritas-fulda")
    coordinator = UserFactory.create(email="koordination-fulda@example.org", name="Fenja Fulda")
    Membership.objects.create(organisation=trager, user=coordinator, role=Membership.Role.ADMIN)
    ConsentRecord.objects.create(user=coordinator, document=legal_document_current(kind="privacy"))
    ModuleFactory.create(title=MODULE, slug="rolle", units=Decimal("4"))
    first, second = date.today() + timedelta(days=30), date.today() + timedelta(days=37)
    plan = tmp_path / "kursplan.csv"
    plan.write_text(
        "Modul;Kursnummer;Titel;Datum;Beginn;Ende;UE;Ort;Veranstaltungsort;Zugangslink;Plätze;Sprachen\n"
        f"rolle;FD-2027-1;;{first:%d.%m.%Y};17:00;20:15;4;Fulda;Bürgerhaus;;20;de\n"
        f"rolle;FD-2027-1;;{second:%d.%m.%Y};17:00;20:15;4;;;;;\n",
        encoding="utf-8",
    )
    with new_context(browser, live_server) as context:
        page = context.new_page()
        log_in_with_password(page, coordinator)
        _goto(page, f"/de/qualifizierung/traeger/{trager.slug}/kurse/import/")
        page.set_input_files("input[type=file]", str(plan))
        submit(page)
        assert_accessible(page)
        assert "FD-2027-1" in page.content() and not CourseRun.objects.exists()
        submit(page, "form[action$='/bestaetigen/']")
        assert_accessible(page)
        run = CourseRun.objects.get(reference="FD-2027-1")
        assert run.event.organiser == trager and CourseSession.objects.filter(run=run).count() == 2

        _goto(page, f"/de/qualifizierung/traeger/{trager.slug}/kurse/import/")
        page.set_input_files("input[type=file]", str(plan))
        submit(page)
        assert_accessible(page)
        assert CourseRun.objects.count() == 1
        assert page.locator("form[action$='/bestaetigen/'] button[type=submit]").count() == 0
