"""Running an event: create and edit it, publish or cancel it, the participant list and its
exports, the sign-in sheet and check-in on the day. The programme: ``events.programme.views``.

Organisers are the admins of the organising organisation and the team (with MFA): every view
below asks ``access`` first (``manages_event``). Every view: parse the input, ask ``access``, call
one service or read, render.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import acts_with_staff_rights, staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import is_htmx, query_without_page
from vielfalt.events import access, selectors, services
from vielfalt.events.manage import participants as roster
from vielfalt.events.manage.forms import CancelEventForm, EventForm, ParticipantFilterForm
from vielfalt.events.models import Event, Registration
from vielfalt.events.registration import services as registration_services

PARTICIPANTS_PER_PAGE = 100


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def manages_event(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views of one event for its organisers: ``view(request, event, **kwargs)``.

    Anonymous visitors are sent to log in; the team without MFA to set it up; everyone else who
    may see the event gets 403, and who may not see it 404 (drafts stay secret).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (response := staff_mfa_redirect(request)) is not None:
            return response
        event = access.get_event_for_managing(request.user, slug)
        return view(request, event, **kwargs)

    return wrapper


def event_context(event: Event, active: str, **extra: Any) -> dict[str, Any]:
    """What every organiser page shows around its content (the event's sub-navigation)."""
    return {"event": event, "active": active, **extra}


# --- creating and editing --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    is_team = acts_with_staff_rights(user)
    organisers = list(access.organisers_for(user))
    if not organisers and not is_team:
        return render(request, "events/manage/create_not_allowed.html", status=403)
    form = EventForm(_posted(request), organisers=organisers, allow_centre=is_team, user=user)
    if request.method == "POST" and form.is_valid():
        organiser = form.organiser
        if not access.can_create_event(user, organiser):  # e.g. the organisation lost its verification
            form.add_error("organiser", _("Für diese Organisation können Sie keine Veranstaltung anlegen."))
        else:
            try:
                event = services.event_create(by=user, organiser=organiser, data=form.event_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Veranstaltung ist als Entwurf angelegt. Legen Sie jetzt das Programm an – "
                        "und veröffentlichen Sie sie, wenn alles stimmt."
                    ),
                )
                return redirect("events:programme", slug=event.slug)
    return render(request, "events/manage/create.html", {"form": form})


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthenticatedHttpRequest, event: Event) -> HttpResponse:
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user, event=event)
        if form.is_valid():
            try:
                changed = services.event_update(event=event, by=request.user, data=form.event_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _("Die Änderungen sind gespeichert."))
                else:
                    messages.info(request, _("Sie haben nichts geändert."))
                return redirect("events:edit", slug=event.slug)
    else:
        form = EventForm(initial=EventForm.initial_for(event), user=request.user, event=event)
    return render(request, "events/manage/edit.html", event_context(event, "edit", form=form))


@manages_event
@require_POST
def publish(request: AuthenticatedHttpRequest, event: Event) -> HttpResponse:
    try:
        services.event_publish(event=event, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("events:edit", slug=event.slug)
    messages.success(request, _("Die Veranstaltung ist veröffentlicht. Ab jetzt kann man sich anmelden."))
    return redirect("events:detail", slug=event.slug)


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_event(request: AuthenticatedHttpRequest, event: Event) -> HttpResponse:
    form = CancelEventForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        was_published = event.status == Event.Status.PUBLISHED
        try:
            informed = services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            if was_published:
                messages.success(
                    request,
                    ngettext(
                        "Die Veranstaltung ist abgesagt. %(count)d Person wurde per E-Mail informiert.",
                        "Die Veranstaltung ist abgesagt. %(count)d Personen wurden per E-Mail informiert.",
                        informed,
                    )
                    % {"count": informed},
                )
            else:
                messages.success(request, _("Der Entwurf ist abgesagt."))
            return redirect("events:detail", slug=event.slug)
    places = selectors.event_places(event)
    return render(request, "events/manage/cancel.html", event_context(event, "cancel", form=form, places=places))


# --- participants -----------------------------------------------------------------------------------------


def _filter_form(request: HttpRequest, event: Event) -> ParticipantFilterForm:
    organisations, workshops = roster.filter_choices(event)
    return ParticipantFilterForm(request.GET or None, organisations=organisations, workshops=workshops)


@never_cache
@manages_event
@require_safe
def participants(request: HttpRequest, event: Event) -> HttpResponse:
    form = _filter_form(request, event)
    registrations = roster.participant_list(event, **form.filters())
    page = Paginator(registrations, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    positions = roster.waiting_positions(event)
    rows = [
        {
            "registration": registration,
            "name": roster.display_name(registration),
            "district": roster.district_name(registration),
            "needs": roster.needs_of(registration),
            "position": positions.get(registration.pk),
        }
        for registration in page.object_list
    ]
    return render(
        request,
        "events/manage/participants.html",
        event_context(
            event,
            "participants",
            form=form,
            page=page,
            rows=rows,
            counts=roster.status_counts(event),
            places=selectors.event_places(event),
            query_string=query_without_page(request),
        ),
    )


@never_cache
@manages_event
@require_safe
def participants_export(request: HttpRequest, event: Event, fmt: str) -> HttpResponse:
    if fmt not in roster.FORMATS:
        raise Http404
    form = _filter_form(request, event)
    registrations = roster.participant_list(event, **form.filters())
    return roster.export_response(event, registrations.iterator(chunk_size=500), roster.waiting_positions(event), fmt)


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def participant_cancel(request: AuthenticatedHttpRequest, event: Event, pk: int) -> HttpResponse:
    """Cancel someone's place (they get an email; the next person on the waiting list moves up)."""
    registration = access.get_participant_for_managing(request.user, event, pk)
    name = roster.display_name(registration)
    error = ""
    if request.method == "POST":
        try:
            moved = registration_services.registration_cancel(
                registration=registration, by=request.user, note="cancelled_by_organiser"
            )
        except ApplicationError as refusal:
            error = str(refusal)
        else:
            message = _("Die Anmeldung von %(name)s ist storniert; sie oder er bekommt eine E-Mail.") % {"name": name}
            if moved:
                message += " " + ngettext(
                    "%(count)d Person ist von der Warteliste nachgerückt.",
                    "%(count)d Personen sind von der Warteliste nachgerückt.",
                    len(moved),
                ) % {"count": len(moved)}
            messages.success(request, message)
            return redirect("events:participants", slug=event.slug)
    return render(
        request,
        "events/manage/confirm.html",
        event_context(
            event,
            "participants",
            title=_("Anmeldung stornieren"),
            question=_(
                "Wollen Sie die Anmeldung von %(name)s stornieren? Die Person bekommt eine E-Mail; "
                "ihr Platz geht an die nächste Person auf der Warteliste."
            )
            % {"name": name},
            button=_("Anmeldung stornieren"),
            back_url=reverse("events:participants", kwargs={"slug": event.slug}),
            error=error,
        ),
        status=400 if error else 200,
    )


@never_cache
@manages_event
@require_safe
def sign_in_sheet(request: HttpRequest, event: Event) -> HttpResponse:
    pdf = roster.sign_in_sheet_pdf(event, roster.confirmed_by_name(event))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="unterschriftenliste-{event.slug}.pdf"'
    return response


# --- check-in on the day -----------------------------------------------------------------------------------


def _attendance(event: Event) -> dict[str, int]:
    counts = selectors.attendance_counts(event)
    return {
        **counts,
        "confirmed": Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count(),
    }


def _search(request: HttpRequest) -> str:
    return request.GET.get("q", request.POST.get("q", "")).strip()[:100]


@never_cache
@manages_event
@require_safe
def check_in(request: HttpRequest, event: Event) -> HttpResponse:
    query = _search(request)
    context = event_context(
        event,
        "check_in",
        q=query,
        registrations=roster.confirmed_by_name(event, query=query),
        attendance=_attendance(event),
    )
    if is_htmx(request):  # the live search: just the list
        return render(request, "events/manage/_check_in_list.html", context)
    return render(request, "events/manage/check_in.html", context)


@manages_event
@require_POST
def check_in_toggle(request: AuthenticatedHttpRequest, event: Event, pk: int) -> HttpResponse:
    """Mark someone present (``present=1``) or undo it (``present=0``)."""
    registration = access.get_participant_for_managing(request.user, event, pk)
    present = request.POST.get("present") == "1"
    error = ""
    try:
        registration = registration_services.registration_check_in(
            registration=registration, by=request.user, present=present
        )
    except ApplicationError as refusal:
        error = str(refusal)
    if is_htmx(request):  # swap the row, and the figures out of band
        return render(
            request,
            "events/manage/_check_in_toggled.html",
            event_context(event, "check_in", registration=registration, error=error, q=_search(request),
                          attendance=_attendance(event)),
        )  # fmt: skip
    name = roster.display_name(registration)
    if error:
        messages.error(request, error)
    elif present:
        messages.success(request, _("%(name)s ist als anwesend eingetragen.") % {"name": name})
    else:
        messages.success(request, _("%(name)s ist nicht mehr als anwesend eingetragen.") % {"name": name})
    url = reverse("events:check_in", kwargs={"slug": event.slug})
    query = _search(request)
    return redirect(f"{url}{'?' + urlencode({'q': query}) if query else ''}#check-in-{registration.pk}")
