"""Pages of the contacts part. The case page shows the forms in its sections (``sections``); they post
here. A valid form goes back to the case page; an invalid one is shown again on a page of its own with
its errors (status 400), so nothing depends on JavaScript. The statistics page and its files are for
the team and the ministry viewer.

Every view: parse the input, ask ``access``, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.counselling import access
from vielfalt.counselling.contacts import exports, selectors, services
from vielfalt.counselling.contacts.forms import ContactForm, NoteForm
from vielfalt.counselling.models import Case, Contact, Note
from vielfalt.counselling.pages import case_form_page, case_url

CONTACTS_ANCHOR = "kontakte"
NOTES_ANCHOR = "notizen"


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _anonymised() -> str:
    return _("Dieser Fall ist anonymisiert. Er kann nicht mehr geändert werden.")


def _working_case(request: AuthenticatedHttpRequest, reference: str) -> Case:
    return access.get_case_for_working(request.user, reference)


# --- contacts ------------------------------------------------------------------------------------------------


def _contact_page(
    request: AuthenticatedHttpRequest, case: Case, form: ContactForm, contact: Contact | None = None
) -> HttpResponse:
    return case_form_page(
        request,
        case,
        form,
        heading=_("Kontakt ändern") if contact else _("Kontakt eintragen"),
        save_label=_("Kontakt speichern"),
        back=case_url(case, CONTACTS_ANCHOR),
        locked=_anonymised() if case.anonymised_at else "",
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_add(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = _working_case(request, reference)
    form = ContactForm(_posted(request), case=case, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(case=case, by=request.user, data=form.contact_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Der Kontakt am %(date)s ist eingetragen.")
                % {"date": date_format(contact.date, "SHORT_DATE_FORMAT")},
            )
            return redirect(case_url(case, CONTACTS_ANCHOR))
    return _contact_page(request, case, form)


def _contact(case: Case, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.select_related("case"), pk=pk, case=case)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_edit(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = _working_case(request, reference)
    contact = _contact(case, pk)
    if request.method == "POST":
        form = ContactForm(request.POST, case=case, by=request.user, contact=contact)
        if form.is_valid():
            try:
                services.contact_update(contact=contact, by=request.user, data=form.contact_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Der Kontakt ist geändert."))
                return redirect(case_url(case, CONTACTS_ANCHOR))
    else:
        form = ContactForm(case=case, by=request.user, contact=contact, initial=ContactForm.initial_for(contact))
    return _contact_page(request, case, form, contact)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_delete(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = _working_case(request, reference)
    contact = _contact(case, pk)
    error = ""
    if request.method == "POST":
        try:
            services.contact_delete(contact=contact, by=request.user)
        except ApplicationError as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Der Kontakt ist gelöscht."))
            return redirect(case_url(case, CONTACTS_ANCHOR))
    return render(
        request,
        "counselling/contacts/contact_delete.html",
        {"case": case, "contact": contact, "error": error, "back": case_url(case, CONTACTS_ANCHOR)},
        status=400 if error else 200,
    )


# --- confidential notes --------------------------------------------------------------------------------------


def _note_page(request: AuthenticatedHttpRequest, case: Case, form: NoteForm, note: Note | None = None) -> HttpResponse:
    return case_form_page(
        request,
        case,
        form,
        heading=_("Notiz ändern") if note else _("Vertrauliche Notiz schreiben"),
        save_label=_("Notiz speichern"),
        back=case_url(case, NOTES_ANCHOR),
        locked=_anonymised() if case.anonymised_at else "",
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_add(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = _working_case(request, reference)
    form = NoteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.note_create(case=case, by=request.user, body=form.cleaned_data["body"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die vertrauliche Notiz ist gespeichert."))
            return redirect(case_url(case, NOTES_ANCHOR))
    return _note_page(request, case, form)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_edit(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    case = _working_case(request, reference)
    note = get_object_or_404(Note, pk=pk, case=case)
    if note.author_id != request.user.pk:
        raise PermissionDenied
    form = NoteForm(_posted(request), initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(note=note, by=request.user, body=form.cleaned_data["body"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die vertrauliche Notiz ist geändert."))
            return redirect(case_url(case, NOTES_ANCHOR))
    return _note_page(request, case, form, note)


# --- statistics ----------------------------------------------------------------------------------------------


def _statistics_viewer(request: AuthenticatedHttpRequest) -> HttpResponse | None:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    if not access.can_view_statistics(request.user):
        raise PermissionDenied
    return None


@never_cache
@login_required
@require_safe
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    if (response := _statistics_viewer(request)) is not None:
        return response
    years = selectors.statistics_years()
    year = years[0]
    asked = request.GET.get("jahr", "").strip()
    if asked:
        if asked.isdigit() and int(asked) in years:
            year = int(asked)
        else:
            messages.warning(
                request,
                _("Für dieses Jahr gibt es keine Zahlen. Sie sehen die Zahlen für %(year)s.") % {"year": year},
            )
    return render(
        request,
        "counselling/contacts/statistics.html",
        {"statistics": selectors.statistics(year=year), "year": year, "years": years},
    )


@never_cache
@login_required
@require_safe
def statistics_export(request: AuthenticatedHttpRequest, year: int, file_format: str) -> HttpResponse:
    if (response := _statistics_viewer(request)) is not None:
        return response
    if year not in selectors.statistics_years():
        raise Http404
    data = selectors.statistics(year=year)
    return exports.statistics_xlsx(data) if file_format == "xlsx" else exports.statistics_csv(data)
