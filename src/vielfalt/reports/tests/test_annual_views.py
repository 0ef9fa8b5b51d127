"""The annual reports page and downloads, tried by every persona; generating by POST; bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.reports.models import AnnualReport
from vielfalt.reports.tests.conftest import YEAR, ReportFigures

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "org_admin", "staff_no_mfa", "staff", "ministry"]
LOGIN = 302  # anonymous: to the login; staff without the second factor: to it
ALLOWED = {"staff": 200, "ministry": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}


@pytest.fixture
def everyone(personas: Personas, organisation: object, ministry: User) -> dict[str, User]:
    return {**personas.all(), "ministry": ministry}


def _as(client: Client, everyone: dict[str, User], persona: str) -> Client:
    client.logout()
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


@pytest.fixture
def done(personas: Personas, report_figures: ReportFigures, private_root: Path) -> AnnualReport:
    from vielfalt.reports.annual.services import annual_report_request

    report = annual_report_request(year=YEAR, by=personas.staff)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_access(client: Client, everyone: dict[str, User], persona: str) -> None:
    response = _as(client, everyone, persona).get(reverse("reports:annual"))
    assert response.status_code == ALLOWED.get(persona, 403)
    if persona == "staff_no_mfa":
        assert "/accounts/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_download_access(client: Client, everyone: dict[str, User], done: AnnualReport, persona: str) -> None:
    for name, start in (("reports:annual_xlsx", b"PK"), ("reports:annual_pdf", b"%PDF-")):
        response = _as(client, everyone, persona).get(reverse(name, kwargs={"year": YEAR}))
        assert response.status_code == ALLOWED.get(persona, 403)
        if response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(start)  # type: ignore[attr-defined]
            assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
            assert f"jahresbericht-{YEAR}." in response["Content-Disposition"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_generate_access(
    client: Client,
    everyone: dict[str, User],
    report_figures: ReportFigures,
    private_root: Path,
    persona: str,
) -> None:
    response = _as(client, everyone, persona).post(reverse("reports:annual"), {"year": YEAR})
    if persona in ("staff", "ministry"):
        assert response.status_code == 302 and response["Location"] == reverse("reports:annual")
        assert AnnualReport.objects.get(year=YEAR).status == AnnualReport.Status.DONE
    else:
        assert response.status_code == ALLOWED.get(persona, 403)
        assert not AnnualReport.objects.exists()


def test_page_lists_years_status_and_downloads(client: Client, everyone: dict[str, User], done: AnnualReport) -> None:
    response = _as(client, everyone, "ministry").get(reverse("reports:annual"))
    content = response.content.decode()
    assert f"{YEAR} neu erstellen" in content
    assert f"{timezone.localdate().year} erstellen" in content
    assert reverse("reports:annual_xlsx", kwargs={"year": YEAR}) in content
    assert reverse("reports:annual_pdf", kwargs={"year": YEAR}) in content
    assert "noch nicht erstellt" in content
    assert "hx-trigger" not in content  # nothing running: no polling
    # No name of whoever asked for it (the ministry sees no personal data).
    assert everyone["staff"].name not in content


def test_page_shows_progress_and_polls_while_running(client: Client, everyone: dict[str, User]) -> None:
    AnnualReport.objects.create(
        year=YEAR,
        status=AnnualReport.Status.RUNNING,
        step=AnnualReport.Step.PDF,
        progress=70,
        requested_at=timezone.now(),
        started_at=timezone.now(),
    )
    page = _as(client, everyone, "staff").get(reverse("reports:annual"))
    content = page.content.decode()
    assert 'hx-trigger="every 3s"' in content
    assert f'<progress id="annual-progress-{YEAR}" max="100" value="70">' in content
    assert "PDF wird erstellt" in content
    assert "Seite aktualisieren" in content  # without JavaScript
    assert f"{YEAR} neu erstellen" not in content  # no button while it runs
    fragment = client.get(reverse("reports:annual"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content and b'id="annual-reports"' in fragment.content
    assert "HX-Request" in fragment["Vary"]


def test_a_second_run_while_running_is_refused(client: Client, everyone: dict[str, User]) -> None:
    AnnualReport.objects.create(year=YEAR, status=AnnualReport.Status.QUEUED, requested_at=timezone.now(), progress=0)
    response = _as(client, everyone, "staff").post(reverse("reports:annual"), {"year": YEAR})
    assert response.status_code == 409
    assert "wird gerade erstellt" in response.content.decode()
    assert AnnualReport.objects.get(year=YEAR).status == AnnualReport.Status.QUEUED


@pytest.mark.parametrize("year", ["", "abc", "1999", str(YEAR + 5), "2025<script>"])
def test_bad_years_are_refused_with_a_message(client: Client, everyone: dict[str, User], year: str) -> None:
    response = _as(client, everyone, "staff").post(reverse("reports:annual"), {"year": year})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Der Jahresbericht wurde nicht gestartet:" in content
    assert "<script>" not in content.split('id="error-summary-title"')[1].split("</div>")[1]
    assert not AnnualReport.objects.exists()


def test_download_of_a_year_without_files_is_404(client: Client, everyone: dict[str, User]) -> None:
    AnnualReport.objects.create(year=YEAR, status=AnnualReport.Status.RUNNING, requested_at=timezone.now())
    client = _as(client, everyone, "staff")
    assert client.get(reverse("reports:annual_pdf", kwargs={"year": YEAR})).status_code == 404
    assert client.get(reverse("reports:annual_xlsx", kwargs={"year": YEAR - 1})).status_code == 404


def test_download_of_a_lost_file_is_404(
    client: Client, everyone: dict[str, User], done: AnnualReport, private_root: Path
) -> None:
    (private_root / done.pdf_name).unlink()
    response = _as(client, everyone, "ministry").get(reverse("reports:annual_pdf", kwargs={"year": YEAR}))
    assert response.status_code == 404


def test_page_in_another_language(client: Client, everyone: dict[str, User], done: AnnualReport) -> None:
    from django.utils import translation

    with translation.override("ar"):
        url = reverse("reports:annual")
    response = _as(client, everyone, "ministry").get(url)
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_page_queries_do_not_grow_with_reports(
    client: Client, everyone: dict[str, User], django_assert_max_num_queries: object
) -> None:
    client = _as(client, everyone, "staff")
    client.get(reverse("reports:annual"))
    for year in range(YEAR - 4, YEAR + 1):
        AnnualReport.objects.create(year=year, status=AnnualReport.Status.DONE, requested_at=timezone.now())
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("reports:annual")).status_code == 200
