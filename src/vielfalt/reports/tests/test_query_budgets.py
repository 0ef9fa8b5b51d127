"""Query budgets of the reports' pages that have none elsewhere: the annual report's downloads.

A download is one stored file of one year, whatever the figures in it: it is held to the number of
queries it needs today, for each of the people who may fetch it (the team and the ministry viewer). The
annual reports page and the dashboard hold their budgets in ``test_annual_views.py`` and
``test_dashboard.py``."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.core.testing.queries import body_within
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.reports.annual.services import annual_report_request
from vielfalt.reports.tests.conftest import YEAR, ReportFigures

pytestmark = pytest.mark.django_db


# --- the annual report's files ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "ministry"])
def test_the_annual_reports_files_cost_a_fixed_number_of_queries(
    client: Client,
    personas: Personas,
    ministry: User,
    report_figures: ReportFigures,
    private_root: Path,
    persona: str,
) -> None:
    """Both files of last year's report, fetched by the team or the ministry viewer."""
    annual_report_request(year=YEAR, by=personas.staff)
    person = ministry if persona == "ministry" else personas.staff
    agree_to_privacy(person)
    login(client, person)
    # Session, person; the year's report (the file is read from storage, not the database).
    excel = body_within(client, f"/de/zahlen/jahresbericht/{YEAR}/excel/", limit=3)
    workbook = openpyxl.load_workbook(io.BytesIO(excel))
    assert workbook.sheetnames == ["Übersicht", "Verzeichnis (Test)", "Veranstaltungen (Test)"]
    pdf = body_within(client, f"/de/zahlen/jahresbericht/{YEAR}/pdf/", limit=3, first_visit=False)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Jahresbericht {YEAR}" in text and "Hessen insgesamt" in text
