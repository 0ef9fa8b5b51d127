"""Generating: queued, made by the worker (at once in tests), stored privately, replaced, audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import Personas
from vielfalt.core import figures as registry
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.reports.annual import services
from vielfalt.reports.annual.tables import report_years
from vielfalt.reports.models import AnnualReport
from vielfalt.reports.tests.conftest import YEAR, ReportFigures

pytestmark = pytest.mark.django_db


def test_request_generates_both_files_in_the_private_storage(
    personas: Personas, report_figures: ReportFigures, private_root: Path
) -> None:
    report = services.annual_report_request(year=YEAR, by=personas.staff)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DONE
    assert report.progress == 100 and report.step == AnnualReport.Step.FINISHED
    assert report.figure_count == 4
    assert report.generated_at is not None and report.finished_at is not None
    assert report.requested_by == personas.staff
    for name, start in ((report.xlsx_name, b"PK"), (report.pdf_name, b"%PDF-")):
        assert name.startswith("reports/annual/") and len(Path(name).stem) == 32  # a random name
        assert (private_root / name).read_bytes().startswith(start)
    actions = list(
        AuditEntry.objects.filter(target_type="reports.annualreport").order_by("pk").values_list("action", "actor_id")
    )
    assert actions == [("annual_report.requested", personas.staff.pk), ("annual_report.generated", None)]


def test_generating_again_replaces_the_files(
    personas: Personas, report_figures: ReportFigures, private_root: Path
) -> None:
    first = services.annual_report_request(year=YEAR, by=personas.staff)
    first.refresh_from_db()
    old = [first.xlsx_name, first.pdf_name]
    with pytest.MonkeyPatch.context() as patch:
        # The old files go once the new ones are committed (in tests: at once).
        from django.db import transaction

        patch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
        second = services.annual_report_request(year=YEAR, by=personas.staff)
    second.refresh_from_db()
    assert second.pk == first.pk and AnnualReport.objects.count() == 1
    assert [second.xlsx_name, second.pdf_name] != old
    assert all(not (private_root / name).exists() for name in old)
    assert (private_root / second.pdf_name).exists()


def test_a_second_request_while_running_is_refused(personas: Personas, report_figures: ReportFigures) -> None:
    AnnualReport.objects.create(
        year=YEAR, status=AnnualReport.Status.RUNNING, requested_at=timezone.now(), started_at=timezone.now()
    )
    with pytest.raises(ApplicationError) as raised:
        services.annual_report_request(year=YEAR, by=personas.staff)
    assert raised.value.code == "running"
    assert "wird gerade erstellt" in str(raised.value)
    assert AnnualReport.objects.get(year=YEAR).status == AnnualReport.Status.RUNNING
    assert not AuditEntry.objects.filter(action="annual_report.requested").exists()


def test_a_run_whose_worker_died_can_be_started_again(
    personas: Personas, report_figures: ReportFigures, private_root: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - timedelta(seconds=settings.TASK_RUNNING_TIMEOUT + 60)
    AnnualReport.objects.create(
        year=YEAR, status=AnnualReport.Status.RUNNING, requested_at=long_ago, started_at=long_ago
    )
    report = services.annual_report_request(year=YEAR, by=personas.staff)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DONE


@pytest.mark.parametrize("year", [YEAR + 2, 1999, report_years()[-1] - 1])
def test_years_outside_the_offer_are_refused(personas: Personas, year: int) -> None:
    with pytest.raises(ApplicationError):
        services.annual_report_request(year=year, by=personas.staff)
    assert not AnnualReport.objects.exists()


def test_a_failing_figure_fails_the_run_and_keeps_the_old_files(
    personas: Personas, report_figures: ReportFigures, private_root: Path
) -> None:
    first = services.annual_report_request(year=YEAR, by=personas.staff)
    first.refresh_from_db()

    def broken(years):  # type: ignore[no-untyped-def]
        raise RuntimeError("database gone")

    registry.register(
        registry.Figure(key="test.broken", area="test_events", label="Kaputt", unit=registry.COUNT, compute=broken)
    )
    services.annual_report_request(year=YEAR, by=personas.staff)
    report = AnnualReport.objects.get(year=YEAR)
    assert report.status == AnnualReport.Status.FAILED
    assert report.error == "figure:test.broken"
    assert report.error_message == "Die Kennzahl „Kaputt“ konnte nicht berechnet werden."
    assert [report.xlsx_name, report.pdf_name] == [first.xlsx_name, first.pdf_name]
    assert (private_root / report.pdf_name).exists()
    assert AuditEntry.objects.filter(action="annual_report.failed").count() == 1


def test_an_unexpected_error_is_recorded_without_details(
    personas: Personas, report_figures: ReportFigures, private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(report):  # type: ignore[no-untyped-def]
        raise OSError("no fonts")

    monkeypatch.setattr("vielfalt.reports.annual.pdf.report_pdf", explode)
    services.annual_report_request(year=YEAR, by=personas.staff)
    report = AnnualReport.objects.get(year=YEAR)
    assert report.status == AnnualReport.Status.FAILED and report.error == services.UNEXPECTED
    assert "unerwarteten Fehlers" in report.error_message
    assert not report.has_files
    assert not list(private_root.rglob("*.pdf"))


def test_a_task_delivered_twice_runs_once(
    personas: Personas, report_figures: ReportFigures, private_root: Path
) -> None:
    report = services.annual_report_request(year=YEAR, by=personas.staff)
    report.refresh_from_db()
    calls = len(report_figures.calls)
    services.annual_report_run(report_id=report.pk)  # already done: not claimed again
    assert len(report_figures.calls) == calls


def test_progress_is_written_while_running(
    personas: Personas, report_figures: ReportFigures, private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int]] = []
    original = services._progress

    def spy(report_id: int, **fields) -> None:  # type: ignore[no-untyped-def]
        original(report_id, **fields)
        row = AnnualReport.objects.get(pk=report_id)
        seen.append((row.step, row.progress))

    monkeypatch.setattr(services, "_progress", spy)
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)  # every figure writes its progress
    services.annual_report_request(year=YEAR, by=personas.staff)
    steps = [step for step, _progress in seen]
    assert steps[:4] == ["figures"] * 4  # one write per figure (here: every time)
    assert "xlsx" in steps and "pdf" in steps and steps[-1] == "store"
    progress = [value for _step, value in seen]
    assert progress == sorted(progress) and progress[-1] == 95


def test_a_failure_while_storing_fails_the_run_and_leaves_no_file(
    personas: Personas, report_figures: ReportFigures, private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = AnnualReport.save

    def refuse_done(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.status == AnnualReport.Status.DONE:
            raise RuntimeError("database gone")  # the write that stores a finished run
        original(self, *args, **kwargs)

    monkeypatch.setattr(AnnualReport, "save", refuse_done)
    services.annual_report_request(year=YEAR, by=personas.staff)
    report = AnnualReport.objects.get(year=YEAR)
    assert report.status == AnnualReport.Status.FAILED and report.error == services.UNEXPECTED
    assert not report.has_files
    assert not [path for path in private_root.rglob("*") if path.is_file()]
