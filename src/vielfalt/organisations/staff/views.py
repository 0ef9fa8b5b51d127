"""The team's directory pages: verify, reject, archive and restore, add, claims, and the export of the
list. The vocabulary's pages are in ``organisations.vocabulary.views``, the import's in
``organisations.imports.views``."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import query_without_page
from vielfalt.organisations import services
from vielfalt.organisations.imports import exporting
from vielfalt.organisations.models import ClaimRequest, Organisation
from vielfalt.organisations.staff import selectors as staff_selectors
from vielfalt.organisations.staff.forms import ArchiveForm, OrganisationCreateForm, OrganisationFilterForm, RejectForm


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, also when it is empty (a form posted without any field is still bound)."""
    return request.POST if request.method == "POST" else None


def _organisation(pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.defer("search_text"), pk=pk)


# --- organisations ---------------------------------------------------------------------------------


@staff_required
@require_safe
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
@require_safe
def organisations_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(staff_selectors.organisation_verification_queue(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/staff/queue.html",
        {"page": page, "open_claims": staff_selectors.claim_requests_open().count(), "query_string": ""},
    )


@staff_required
@require_safe
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
def organisation_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    try:
        services.organisation_verify(organisation=organisation, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("„%(name)s“ ist geprüft und öffentlich sichtbar.") % {"name": organisation.name})
    return redirect("staff:organisations_queue")


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    form = RejectForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_reject(organisation=organisation, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("„%(name)s“ ist abgelehnt.") % {"name": organisation.name})
            return redirect("staff:organisations_queue")
    return render(request, "organisations/staff/reject.html", {"organisation": organisation, "form": form})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    form = ArchiveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_archive(
                organisation=organisation, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("„%(name)s“ ist archiviert.") % {"name": organisation.name})
            return redirect("staff:organisation", pk=organisation.pk)
    return render(request, "organisations/staff/archive.html", {"organisation": organisation, "form": form})


@staff_required
@require_POST
def organisation_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    try:
        services.organisation_restore(organisation=organisation, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("„%(name)s“ ist wiederhergestellt.") % {"name": organisation.name})
    return redirect("staff:organisation", pk=organisation.pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create_by_staff(by=request.user, data=form.profile_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("„%(name)s“ ist angelegt.") % {"name": organisation.name})
            return redirect("staff:organisation", pk=organisation.pk)
    return render(request, "organisations/staff/create.html", {"form": form})


@staff_required
@require_safe
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
@require_safe
def organisation_claims(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/staff/claims.html",
        {"open": staff_selectors.claim_requests_open(), "decided": staff_selectors.claim_requests_decided()},
    )


@staff_required
@require_POST
def organisation_claim_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(ClaimRequest.objects.select_related("organisation", "user"), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Bitte wählen Sie „Annehmen“ oder „Ablehnen“."))
        return redirect("staff:organisation_claims")
    try:
        services.claim_request_decide(claim=claim, approve=decision == "approve", by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        if decision == "approve":
            messages.success(request, _("Die Anfrage ist angenommen. Die Person verwaltet jetzt das Profil."))
        else:
            messages.success(request, _("Die Anfrage ist abgelehnt."))
    return redirect("staff:organisation_claims")
