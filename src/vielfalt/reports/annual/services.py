"""Generating the annual report: staff or the ministry viewer ask for it, the worker makes it.

``annual_report_request`` (one transaction) marks the year's report as queued, records who asked and
queues the task; a second request for a year whose report is queued or running is refused, unless that
run is older than ``TASK_RUNNING_TIMEOUT`` (its worker died). ``annual_report_run`` is the task's
body: it claims the report, computes every registered figure, writes the XLSX and the PDF, and only
then replaces the stored files, so the files of the last successful run stay available until new ones
are complete (and after a failed run). Progress is written as it goes (outside any transaction, so
the page sees it at once).
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.uploads import private_storage
from vielfalt.reports.annual.tables import FigureFailed, Report, build_report, report_years
from vielfalt.reports.models import AnnualReport

logger = logging.getLogger(__name__)

FOLDER = "reports/annual"
UNEXPECTED = "unexpected"
FIGURE_PREFIX = "figure:"
PROGRESS_INTERVAL = 1.0  # seconds between two progress writes while the figures are computed

# Where the progress bar stands when a step begins (the figures fill 5–60 %).
PROGRESS = {
    AnnualReport.Step.FIGURES: 5,
    AnnualReport.Step.XLSX: 60,
    AnnualReport.Step.PDF: 70,
    AnnualReport.Step.STORE: 95,
}


def is_stale(report: AnnualReport, *, now: Any = None) -> bool:
    """Queued or running for longer than a task may run: its worker stopped; it may be asked for again."""
    since = report.started_at or report.requested_at
    limit = timedelta(seconds=settings.TASK_RUNNING_TIMEOUT)
    return report.is_active and since < (now or timezone.now()) - limit


@transaction.atomic
def annual_report_request(*, year: int, by: User) -> AnnualReport:
    """Queue the generation of ``year``'s report (again). Refused while it is being generated."""
    from vielfalt.reports.annual.tasks import generate_annual_report

    if year not in report_years():
        raise ApplicationError(_("Für dieses Jahr kann kein Jahresbericht erstellt werden."), field="year")
    now = timezone.now()
    report, created = AnnualReport.objects.select_for_update().get_or_create(
        year=year, defaults={"requested_by": by, "requested_at": now}
    )
    if not created:
        if report.is_active and not is_stale(report, now=now):
            raise ApplicationError(
                _("Der Jahresbericht %(year)s wird gerade erstellt. Bitte warten Sie, bis er fertig ist.")
                % {"year": year},
                code="running",
            )
        report.status = AnnualReport.Status.QUEUED
        report.progress = 0
        report.step = AnnualReport.Step.WAITING
        report.error = ""
        report.requested_by = by
        report.requested_at = now
        report.started_at = None
        report.finished_at = None
        report.save(
            update_fields=[
                "status", "progress", "step", "error", "requested_by", "requested_at", "started_at", "finished_at"
            ]
        )  # fmt: skip
    audit_record(actor=by, action="annual_report.requested", target=report, data={"year": year})
    # Enqueued inside the transaction: the database backend stores the task together with the request.
    generate_annual_report.enqueue(report_id=report.pk)
    return report


def _progress(report_id: int, **fields: Any) -> None:
    AnnualReport.objects.filter(pk=report_id).update(**fields)


def _step(report_id: int, step: AnnualReport.Step) -> None:
    _progress(report_id, step=step, progress=PROGRESS[step])


def annual_report_run(*, report_id: int) -> None:
    """The worker's part: make the report of a queued request and store its files."""
    # Claim it atomically: a task delivered twice must not run twice.
    if not AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
        status=AnnualReport.Status.RUNNING,
        started_at=timezone.now(),
        step=AnnualReport.Step.FIGURES,
        progress=PROGRESS[AnnualReport.Step.FIGURES],
    ):
        return
    year = AnnualReport.objects.values_list("year", flat=True).get(pk=report_id)
    # The report is German whoever asked for it (as the ministry reads it).
    with translation.override("de"):
        try:
            _store(report_id=report_id, files=annual_report_files(year=year, report_id=report_id))
        except Exception as error:
            logger.exception("annual report %s failed", year)
            code = f"{FIGURE_PREFIX}{error.figure_key}" if isinstance(error, FigureFailed) else UNEXPECTED
            _finish_failed(report_id=report_id, error=code)


def annual_report_files(*, year: int, report_id: int | None = None) -> tuple[Report, bytes, bytes]:
    """The report of ``year`` with its XLSX and PDF (progress on the stored report ``report_id``, if any)."""
    from vielfalt.reports.annual.pdf import report_pdf
    from vielfalt.reports.annual.xlsx import report_xlsx

    last_written = time.monotonic()

    def figure_done(done: int, total: int) -> None:
        # At most one write a second: each is a commit (and wakes the page cache's write watcher).
        nonlocal last_written
        if report_id is not None and time.monotonic() - last_written >= PROGRESS_INTERVAL:
            start, end = PROGRESS[AnnualReport.Step.FIGURES], PROGRESS[AnnualReport.Step.XLSX]
            _progress(report_id, progress=start + (end - start) * done // max(total, 1))
            last_written = time.monotonic()

    content = build_report(year=year, on_figure=figure_done)
    if report_id is not None:
        _step(report_id, AnnualReport.Step.XLSX)
    xlsx = report_xlsx(content)
    if report_id is not None:
        _step(report_id, AnnualReport.Step.PDF)
    pdf = report_pdf(content)
    if report_id is not None:
        _step(report_id, AnnualReport.Step.STORE)
    return content, xlsx, pdf


def _store(*, report_id: int, files: tuple[Report, bytes, bytes]) -> None:
    content, xlsx, pdf = files
    storage = private_storage()
    # Random names: a stored file's address cannot be guessed (and is never served directly anyway).
    stored = [
        storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{extension}", ContentFile(data))
        for extension, data in (("xlsx", xlsx), ("pdf", pdf))
    ]
    try:
        with transaction.atomic():
            report = AnnualReport.objects.select_for_update().get(pk=report_id)
            old = [name for name in (report.xlsx_name, report.pdf_name) if name]
            now = timezone.now()
            report.status = AnnualReport.Status.DONE
            report.step = AnnualReport.Step.FINISHED
            report.progress = 100
            report.finished_at = now
            report.generated_at = content.generated_at
            report.xlsx_name, report.pdf_name = stored
            report.figure_count = content.figure_count
            report.error = ""
            report.save()
            audit_record(
                actor=None,
                action="annual_report.generated",
                target=report,
                data={"year": report.year, "figures": content.figure_count},
            )
            transaction.on_commit(lambda: _delete(old))
    except Exception:
        _delete(stored)
        raise


def _delete(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        if storage.exists(name):
            storage.delete(name)


@transaction.atomic
def _finish_failed(*, report_id: int, error: str) -> None:
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    report.status = AnnualReport.Status.FAILED
    report.finished_at = timezone.now()
    report.error = error[:500]
    report.save(update_fields=["status", "finished_at", "error"])
    audit_record(actor=None, action="annual_report.failed", target=report, data={"year": report.year, "error": error})
