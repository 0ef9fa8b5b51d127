"""The ministry viewer makes the annual report with one click and downloads both files; the page is
axe clean with and without JavaScript, and in Arabic (right to left)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import log_in_with_password
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current

# The reports app's test figures, and a private storage of the test's own (fixtures, used by name).
from vielfalt.reports.tests.conftest import YEAR, private_root, report_figures  # noqa: F401

pytestmark = pytest.mark.browser


def _goto(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    assert_accessible(page)


@pytest.mark.usefixtures("legal_documents", "report_figures", "private_root")
def test_ministry_generates_and_downloads_the_annual_report(browser: Browser, live_server: Any) -> None:
    ministry = UserFactory.create(email="ministerium@example.org", name="Mira Ministerium", role=Role.MINISTRY)
    privacy = legal_document_current(kind="privacy")
    ConsentRecord.objects.create(user=ministry, document=privacy)
    with new_context(browser, live_server) as context:
        page = context.new_page()
        log_in_with_password(page, ministry)
        _goto(page, "/de/zahlen/jahresbericht/")
        with page.expect_navigation():
            page.get_by_role("button", name=f"{YEAR} erstellen").click()
        assert_accessible(page)
        assert page.get_by_text(f"Der Jahresbericht {YEAR} wird im Hintergrund erstellt").is_visible()
        row = page.locator("tr", has=page.get_by_role("rowheader", name=str(YEAR)))
        assert "fertig" in row.inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name=f"PDF {YEAR}").click()
        content = open(download.value.path(), "rb").read()  # noqa: SIM115
        text = "\n".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(content)).pages)
        assert f"Jahresbericht {YEAR}" in text and "< 5" in text
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Excel-Datei {YEAR}").click()
        assert download.value.suggested_filename == f"jahresbericht-{YEAR}.xlsx"
        book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
        assert book.sheetnames == ["Übersicht", "Verzeichnis (Test)", "Veranstaltungen (Test)"]
        _goto(page, "/ar/zahlen/jahresbericht/")
        assert page.locator("html").get_attribute("dir") == "rtl"
    with new_context(browser, live_server, java_script_enabled=False) as context:
        page = context.new_page()
        log_in_with_password(page, ministry)
        _goto(page, "/de/zahlen/jahresbericht/")
        with page.expect_navigation():
            page.get_by_role("button", name=f"{YEAR} neu erstellen").click()
        assert "fertig" in page.locator("tr", has=page.get_by_role("rowheader", name=str(YEAR))).inner_text()
