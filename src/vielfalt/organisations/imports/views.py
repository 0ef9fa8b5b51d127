"""The team's pages for importing organisations: upload, preview, confirm, and the status while the
import runs; the template to fill in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import is_htmx
from vielfalt.organisations.imports import parsing
from vielfalt.organisations.imports import selectors as import_selectors
from vielfalt.organisations.imports import services as importing
from vielfalt.organisations.imports.forms import ImportConfirmForm, ImportUploadForm
from vielfalt.organisations.models import ImportJob

PREVIEW_LIMIT = 500  # rows with problems shown in the preview; the counts cover all


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, also when it is empty (a form posted without any field is still bound)."""
    return request.POST if request.method == "POST" else None


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisations_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportUploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importing.import_job_create(by=request.user, file_name=upload.name, content=upload.read())
        except ApplicationError as error:
            form.add_error("file", str(error))
        else:
            return redirect("staff:organisations_import_preview", pk=job.pk)
    return render(
        request,
        "organisations/staff/import.html",
        {
            "form": form,
            "jobs": import_selectors.import_jobs_recent(),
            "columns": [(column, parsing.COLUMN_HELP[column]) for column in parsing.COLUMNS],
        },
    )


@staff_required
@require_safe
def organisations_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(parsing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vorlage-organisationen.csv"'
    return response


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisations_import_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    if job.status != ImportJob.Status.PREVIEW:
        return redirect("staff:organisations_import_status", pk=job.pk)
    form = ImportConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            importing.import_job_start(
                job=job,
                by=request.user,
                skip_failing=form.cleaned_data["skip_failing"],
                skip_duplicates=form.cleaned_data["skip_duplicates"],
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            return redirect("staff:organisations_import_status", pk=job.pk)
    failing = [row for row in job.rows if row["errors"]]
    duplicates = [row for row in job.rows if row["duplicates"]]
    return render(
        request,
        "organisations/staff/import_preview.html",
        {
            "job": job,
            "form": form,
            "failing": failing[:PREVIEW_LIMIT],
            "failing_count": len(failing),
            "duplicates": duplicates[:PREVIEW_LIMIT],
            "duplicates_count": len(duplicates),
            "valid_count": len(job.rows) - len(failing),
            "sample": [row for row in job.rows if not row["errors"]][:20],
            "limit": PREVIEW_LIMIT,
        },
    )


@staff_required
@require_safe
def organisations_import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.defer("rows"), pk=pk)
    if job.status == ImportJob.Status.PREVIEW:
        return redirect("staff:organisations_import_preview", pk=job.pk)
    template = (
        "organisations/staff/_import_progress.html" if is_htmx(request) else "organisations/staff/import_status.html"
    )
    response = render(request, template, {"job": job})
    patch_vary_headers(response, ["HX-Request"])  # the fragment and the page must not share a cache entry
    return response
