"""The team's directory pages: verify, archive, add, claims, vocabulary, import and export."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.http import is_htmx, query_without_page
from vielfalt.organisations import exporting, importing, services, staff_selectors, vocabulary_services
from vielfalt.organisations.models import ClaimRequest, ImportJob, Organisation
from vielfalt.organisations.staff_forms import (
    VOCABULARIES,
    ArchiveForm,
    ImportConfirmForm,
    ImportUploadForm,
    OrganisationCreateForm,
    OrganisationFilterForm,
    RejectForm,
    VocabularyTermForm,
)

PREVIEW_LIMIT = 500  # rows with problems shown in the preview; the counts cover all


def _staff(request: HttpRequest) -> User:
    return cast(User, request.user)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, also when it is empty (a form posted without any field is still bound)."""
    return request.POST if request.method == "POST" else None


def _organisation(pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.defer("search_text"), pk=pk)


# --- organisations ---------------------------------------------------------------------------------


@staff_required
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    status = query = ""
    if form.is_valid():
        status, query = form.cleaned_data["status"], form.cleaned_data["q"]
    organisations = staff_selectors.organisation_list_for_staff(status=status, query=query)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/staff/list.html",
        {"form": form, "page": page, "query_string": query_without_page(request)},
    )


@staff_required
@require_GET
def organisations_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(staff_selectors.organisation_verification_queue(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/staff/queue.html",
        {"page": page, "open_claims": staff_selectors.claim_requests_open().count(), "query_string": ""},
    )


@staff_required
@require_GET
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = staff_selectors.organisation_for_staff(pk=pk)
    if organisation is None:
        raise Http404
    history = Paginator(staff_selectors.organisation_history(organisation=organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organisations/staff/detail.html",
        {
            "organisation": organisation,
            "history": history,
            "reject_form": RejectForm(),
            "archive_form": ArchiveForm(),
        },
    )


@staff_required
@require_POST
def organisation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    try:
        services.organisation_verify(organisation=organisation, by=_staff(request))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("„%(name)s“ ist geprüft und öffentlich sichtbar.") % {"name": organisation.name})
    return redirect("staff:organisations_queue")


@staff_required
@require_http_methods(["GET", "POST"])
def organisation_reject(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    form = RejectForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_reject(
                organisation=organisation, by=_staff(request), reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("„%(name)s“ ist abgelehnt.") % {"name": organisation.name})
            return redirect("staff:organisations_queue")
    return render(request, "organisations/staff/reject.html", {"organisation": organisation, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    form = ArchiveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_archive(
                organisation=organisation, by=_staff(request), reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("„%(name)s“ ist archiviert.") % {"name": organisation.name})
            return redirect("staff:organisation", pk=organisation.pk)
    return render(request, "organisations/staff/archive.html", {"organisation": organisation, "form": form})


@staff_required
@require_POST
def organisation_restore(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    try:
        services.organisation_restore(organisation=organisation, by=_staff(request))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("„%(name)s“ ist wiederhergestellt.") % {"name": organisation.name})
    return redirect("staff:organisation", pk=organisation.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create_by_staff(by=_staff(request), data=form.profile_data())
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("„%(name)s“ ist angelegt.") % {"name": organisation.name})
            return redirect("staff:organisation", pk=organisation.pk)
    return render(request, "organisations/staff/create.html", {"form": form})


@staff_required
@require_GET
def organisations_export(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    file_format = request.GET.get("format", "csv")
    if not form.is_valid() or file_format not in exporting.FORMATS:
        return HttpResponse(_("Ungültige Filter für den Export."), status=400, content_type="text/plain; charset=utf-8")
    organisations = staff_selectors.organisation_list_for_staff(
        status=form.cleaned_data["status"], query=form.cleaned_data["q"]
    )
    response = exporting.export_response(
        organisations=exporting.organisations_for_staff_export(organisations),
        columns=exporting.STAFF_COLUMNS,
        file_format=file_format,
        filename_stem="organisationen-team",
    )
    # ``staff_required`` is typed for HttpResponse; a streamed CSV passes through it unchanged.
    return cast(HttpResponse, response)


# --- claims ----------------------------------------------------------------------------------------


@staff_required
@require_GET
def organisation_claims(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/staff/claims.html",
        {"open": staff_selectors.claim_requests_open(), "decided": staff_selectors.claim_requests_decided()},
    )


@staff_required
@require_POST
def organisation_claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(ClaimRequest.objects.select_related("organisation", "user"), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Bitte wählen Sie „Annehmen“ oder „Ablehnen“."))
        return redirect("staff:organisation_claims")
    try:
        services.claim_request_decide(claim=claim, approve=decision == "approve", by=_staff(request))
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        if decision == "approve":
            messages.success(request, _("Die Anfrage ist angenommen. Die Person verwaltet jetzt das Profil."))
        else:
            messages.success(request, _("Die Anfrage ist abgelehnt."))
    return redirect("staff:organisation_claims")


# --- vocabulary ------------------------------------------------------------------------------------


def _vocabulary(kind: str) -> tuple[Any, Any, Any]:
    if kind not in VOCABULARIES:
        raise Http404
    return VOCABULARIES[kind]


@staff_required
@require_GET
def vocabulary(request: HttpRequest) -> HttpResponse:
    vocabularies = [
        {
            "kind": kind,
            "title": title,
            "singular": singular,
            "terms": staff_selectors.vocabulary_terms_with_usage(model=model),
        }
        for kind, (model, title, singular) in VOCABULARIES.items()
    ]
    return render(request, "organisations/staff/vocabulary.html", {"vocabularies": vocabularies})


@staff_required
@require_http_methods(["GET", "POST"])
def vocabulary_create(request: HttpRequest, kind: str) -> HttpResponse:
    model, title, singular = _vocabulary(kind)
    form = VocabularyTermForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            term = vocabulary_services.vocabulary_term_create(
                model=model,
                **form.term_data(),
                by=_staff(request),
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("„%(name)s“ ist angelegt.") % {"name": term.name})
            return redirect("staff:vocabulary")
    return render(
        request,
        "organisations/staff/vocabulary_form.html",
        {"form": form, "kind": kind, "title": title, "singular": singular, "term": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def vocabulary_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, title, singular = _vocabulary(kind)
    term = get_object_or_404(model, pk=pk)
    form = VocabularyTermForm(_posted(request), initial=VocabularyTermForm.initial_from(term))
    if request.method == "POST" and form.is_valid():
        try:
            vocabulary_services.vocabulary_term_update(
                term=term,
                **form.term_data(),
                by=_staff(request),
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Der Begriff ist gespeichert."))
            return redirect("staff:vocabulary")
    return render(
        request,
        "organisations/staff/vocabulary_form.html",
        {
            "form": form,
            "kind": kind,
            "title": title,
            "singular": singular,
            "term": term,
            "usage": vocabulary_services.vocabulary_term_usage(term=term),
        },
    )


@staff_required
@require_POST
def vocabulary_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _title, _singular = _vocabulary(kind)
    term = get_object_or_404(model, pk=pk)
    try:
        vocabulary_services.vocabulary_term_delete(term=term, by=_staff(request))
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("staff:vocabulary_edit", kind=kind, pk=term.pk)
    messages.success(request, _("„%(name)s“ ist gelöscht.") % {"name": term.name})
    return redirect("staff:vocabulary")


# --- import ----------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def organisations_import(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importing.import_job_create(by=_staff(request), file_name=upload.name, content=upload.read())
        except ApplicationError as error:
            form.add_error("file", str(error))
        else:
            return redirect("staff:organisations_import_preview", pk=job.pk)
    return render(
        request,
        "organisations/staff/import.html",
        {
            "form": form,
            "jobs": staff_selectors.import_jobs_recent(),
            "columns": [(column, importing.COLUMN_HELP[column]) for column in importing.COLUMNS],
        },
    )


@staff_required
@require_GET
def organisations_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vorlage-organisationen.csv"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def organisations_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    if job.status != ImportJob.Status.PREVIEW:
        return redirect("staff:organisations_import_status", pk=job.pk)
    form = ImportConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            importing.import_job_start(
                job=job,
                by=_staff(request),
                skip_failing=form.cleaned_data["skip_failing"],
                skip_duplicates=form.cleaned_data["skip_duplicates"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
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
@require_GET
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
