"""Pages of the conversation part. The forms live in the case page's sections (``sections``) and post
here; a post with errors comes back on a page of its own with the form and its error summary, a good
one goes back to the case page at its section.

Every view: parse the input, ask ``counselling.access``, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_mfa_redirect
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.once import once_per_form
from vielfalt.core.lib.uploads import private_storage
from vielfalt.counselling import access
from vielfalt.counselling.conversation import calendar, selectors, services
from vielfalt.counselling.conversation.forms import AnswerForm, AppointmentForm, MessageForm
from vielfalt.counselling.models import Appointment, Case, MessageAttachment
from vielfalt.counselling.pages import case_url


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    """Anonymous visitors log in first; the team without a second factor passes it first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return staff_mfa_redirect(request)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _appointment(request: HttpRequest, pk: int) -> Appointment:
    """An appointment of a case ``request.user`` may see (404 if there is none, 403 otherwise)."""
    appointment = get_object_or_404(
        Appointment.objects.select_related("case__organisation", "case__assignee", "case__requester", "answered_by"),
        pk=pk,
    )
    if not access.can_view_case(request.user, appointment.case):
        raise PermissionDenied
    return appointment


# --- messages --------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def message_create(request: HttpRequest, reference: str) -> HttpResponse:
    """Write in the case's conversation (the section's form posts here)."""
    if (response := _signed_in(request)) is not None:
        return response
    case = access.get_case_for_viewing(request.user, reference)
    if not access.can_write_message(request.user, case):
        raise PermissionDenied
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_send(
                    case=case,
                    by=_user(request),
                    body=form.cleaned_data["body"],
                    uploads=form.cleaned_data["attachments"],
                )
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihre Nachricht ist gesendet."))
                return redirect(case_url(case, anchor=selectors.CONVERSATION_ANCHOR))
        return render(request, "counselling/conversation/message_form.html", {"case": case, "form": form}, status=400)
    return render(request, "counselling/conversation/message_form.html", {"case": case, "form": form})


@require_safe
def attachment(request: HttpRequest, pk: int) -> FileResponse | HttpResponse:
    """A file of a message, for who may see the case: always as a download, never sniffed or cached."""
    if (response := _signed_in(request)) is not None:
        return response
    item = get_object_or_404(MessageAttachment.objects.select_related("message__case"), pk=pk)
    if not access.can_view_case(request.user, item.message.case):
        raise PermissionDenied
    try:
        handle = private_storage().open(item.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    download = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type or None)
    download["X-Content-Type-Options"] = "nosniff"
    download["Cache-Control"] = "private, no-store"
    return download


# --- appointments ----------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def appointment_create(request: HttpRequest, reference: str) -> HttpResponse:
    """The team proposes an appointment (the section's form posts here; a page of its own without JS)."""
    if (response := _signed_in(request)) is not None:
        return response
    case = access.get_case_for_working(request.user, reference)
    form = AppointmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.appointment_propose(case=case, by=_user(request), data=form.appointment_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Der Termin ist vorgeschlagen. Die Organisation bekommt ihn per E-Mail mit Kalenderdatei."),
                )
                return redirect(case_url(case, anchor=selectors.APPOINTMENTS_ANCHOR))
    context = {"case": case, "form": form, "closed": not case.is_open or case.anonymised_at is not None}
    return render(request, "counselling/conversation/appointment_form.html", context, status=status)


def _answer(request: HttpRequest, appointment: Appointment, person: User) -> bool:
    """Apply the posted answer; True when it was saved (the message says how it went)."""
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte sagen Sie den Termin zu oder lehnen Sie ihn ab."))
        return False
    try:
        services.appointment_answer(appointment=appointment, by=person, accept=form.accepts)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return False
    if form.accepts:
        messages.success(
            request, _("Sie haben den Termin zugesagt. Die Einladung für Ihren Kalender kommt per E-Mail.")
        )
    else:
        messages.info(request, _("Sie haben den Termin abgelehnt. Das Team meldet sich mit einem neuen Vorschlag."))
    return True


@require_POST
def appointment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation side answers in the case (the buttons of the appointments section)."""
    if (response := _signed_in(request)) is not None:
        return response
    appointment = _appointment(request, pk)
    if not access.can_answer_appointment(request.user, appointment.case):
        raise PermissionDenied
    _answer(request, appointment, _user(request))
    return redirect(case_url(appointment.case, anchor=selectors.APPOINTMENTS_ANCHOR))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Answer through the signed link of the email, signed in or not: a GET shows the appointment and
    asks, the POST answers. An old link after an answer says what the answer was."""
    try:
        appointment, person = services.appointment_from_token(token)
    except ApplicationError as error:
        return render(request, "counselling/conversation/bad_link.html", {"message": error.message}, status=400)
    if request.method == "POST" and _answer(request, appointment, person):
        appointment.refresh_from_db()
    may_answer = access.can_answer_appointment(person, appointment.case)
    context = {
        "appointment": appointment,
        "case": appointment.case,
        "person": person,
        "token": token,
        "place": calendar.location(appointment),
        "may_answer": may_answer,
        "is_past": appointment.starts_at <= timezone.now(),
        "answered_text": services.answered_text(appointment)
        if appointment.status != Appointment.Status.PROPOSED
        else "",
    }
    return render(request, "counselling/conversation/answer_by_link.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The team calls an appointment off: a GET asks, the POST cancels."""
    if (response := _signed_in(request)) is not None:
        return response
    appointment = _appointment(request, pk)
    case: Case = appointment.case
    if not access.works_on_cases(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.appointment_cancel(appointment=appointment, by=_user(request))
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Der Termin ist abgesagt. Die Organisation bekommt die Absage per E-Mail."))
        return redirect(case_url(case, anchor=selectors.APPOINTMENTS_ANCHOR))
    context = {"appointment": appointment, "case": case, "place": calendar.location(appointment)}
    return render(request, "counselling/conversation/appointment_cancel.html", context)


@require_safe
def appointment_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The appointment for one's calendar (``.ics``), for who may see the case."""
    if (response := _signed_in(request)) is not None:
        return response
    appointment = _appointment(request, pk)
    response = HttpResponse(calendar.download(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="termin-{appointment.case.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
