"""Import organisations from CSV or XLSX: upload → preview (per-row errors, likely duplicates) → confirm.

Reading a file changes nothing: ``import_job_create`` stores the parsed rows with their validation as
an ``ImportJob`` in preview. Confirming (``import_job_start``) queues the background task that writes
the rows (``import_job_run``).

Transactions, and why: every row is written by ``organisations.services.organisation_create_by_staff`` in its own
transaction. One transaction for a whole file would hold the database's write lock for as long as the
import runs (on SQLite every other writer of the site would wait) and would hide the progress from the
status page until the very end. "Nothing is written if any row fails" is kept by checking every row
again, with the rules the preview used, right before the first write: if any row fails then and staff
did not choose to skip failing rows, the job stops before writing anything. Only a row that fails
*while* it is written (the database refusing it) can stop an import half-way; the status page then
names that row, and the rows written before it stay (each is a complete, valid profile).
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Any, cast

from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.organisations.imports.parsing import parse_upload
from vielfalt.organisations.imports.rows import Lookups, RowResult, validate_rows
from vielfalt.organisations.models import ImportJob, Organisation

logger = logging.getLogger(__name__)
MAX_MESSAGES = 1_000


# --- the job --------------------------------------------------------------------------------------


@transaction.atomic
def import_job_create(*, by: User, file_name: str, content: bytes) -> ImportJob:
    """Read and check an uploaded file; the result is a job in preview (nothing else is written)."""
    parsed = parse_upload(content=content)
    results = validate_rows(parsed.rows, Lookups.load())
    return ImportJob.objects.create(
        created_by=by,
        file_name=PurePath(file_name).name[:200],
        rows=[result.as_json() for result in results],
        unknown_columns=parsed.unknown_columns,
        total=len(results),
    )


@transaction.atomic
def import_job_start(*, job: ImportJob, by: User, skip_failing: bool, skip_duplicates: bool) -> ImportJob:
    """Staff confirm the preview: queue the write (it runs in the background)."""
    from vielfalt.organisations.tasks import import_organisations

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEW:
        raise ApplicationError(_("Dieser Import wurde schon gestartet."))
    failing = sum(1 for row in job.rows if row["errors"])
    if failing and not skip_failing:
        raise ApplicationError(
            ngettext(
                "%(count)d Zeile ist fehlerhaft. Korrigieren Sie die Datei oder wählen Sie, fehlerhafte Zeilen zu überspringen.",
                "%(count)d Zeilen sind fehlerhaft. Korrigieren Sie die Datei oder wählen Sie, fehlerhafte Zeilen zu überspringen.",
                failing,
            )
            % {"count": failing},
            field="skip_failing",
        )
    if failing == len(job.rows):
        raise ApplicationError(_("Keine Zeile der Datei kann importiert werden."))
    job.status = ImportJob.Status.QUEUED
    job.skip_failing = skip_failing
    job.skip_duplicates = skip_duplicates
    job.total = len(job.rows)
    job.save(update_fields=["status", "skip_failing", "skip_duplicates", "total"])
    audit_record(actor=by, action="organisation.import_started", target=job, data={"rows": job.total})
    # Enqueued inside the transaction: the database backend stores the task together with the job.
    import_organisations.enqueue(job_id=job.pk)
    return job


def _progress(job: ImportJob, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def import_job_run(*, job_id: int) -> None:
    """Write the rows of a queued job, one transaction per row, reporting progress on the job."""
    # Claim the job atomically: a task delivered twice must not import twice.
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    ):
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    language = job.created_by.preferred_language if job.created_by else "de"
    with translation.override(language):
        try:
            _run(job)
        except Exception:
            logger.exception("import job %s failed", job_id)
            _progress(
                job,
                status=ImportJob.Status.FAILED,
                finished_at=timezone.now(),
                rows=[],
                messages=[{"line": None, "message": _("Der Import ist wegen eines unerwarteten Fehlers abgebrochen.")}],
            )
            raise


def _run(job: ImportJob) -> None:
    results = validate_rows(job.rows, Lookups.load())
    messages: list[dict[str, Any]] = [
        {"line": result.line, "message": "; ".join(_error_text(error) for error in result.errors)}
        for result in results
        if result.errors
    ]
    if messages and not job.skip_failing:
        # The data changed since the preview (e.g. a term was deleted): write nothing.
        _progress(
            job,
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            failed=len(messages),
            rows=[],
            messages=[
                {
                    "line": None,
                    "message": _("Seit der Vorschau sind Zeilen fehlerhaft geworden. Es wurde nichts angelegt."),
                },
                *messages[:MAX_MESSAGES],
            ],
        )
        return
    counts = {"processed": 0, "created": 0, "failed": 0, "skipped": 0}
    status = ImportJob.Status.DONE
    for result in results:
        if result.errors:
            counts["failed"] += 1
        elif result.duplicates and job.skip_duplicates:
            counts["skipped"] += 1
        else:
            try:
                _create(job, result)
            except (ApplicationError, DatabaseError) as error:
                logger.warning("import job %s: row %s not written: %s", job.pk, result.line, error)
                counts["failed"] += 1
                messages.append({"line": result.line, "message": str(error)})
                if not job.skip_failing:
                    status = ImportJob.Status.FAILED
                    counts["processed"] += 1
                    break
            else:
                counts["created"] += 1
        counts["processed"] += 1
        _progress(job, **counts)
    _progress(job, **counts, status=status, finished_at=timezone.now(), rows=[], messages=messages[:MAX_MESSAGES])


def _create(job: ImportJob, result: RowResult) -> Organisation:
    from vielfalt.organisations.services import organisation_create_by_staff

    return organisation_create_by_staff(by=cast(User, job.created_by), data=result.profile_input())


def _error_text(error: dict[str, str]) -> str:
    return f"{error['column']}: {error['message']}" if error.get("column") else error["message"]
