"""Registering for an event, the person's own registration, and the links in our emails.

Every view: parse the input, ask ``access``, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.once import once_per_form
from vielfalt.events import access, selectors
from vielfalt.events.models import Event, Registration
from vielfalt.events.registration import services, waiting_list
from vielfalt.events.registration.forms import NeedsFields, OfferAnswerForm, RegistrationForm, WorkshopChangeForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    user = request.user
    event = access.get_event_for_registration(user, slug)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        event=event,
        user=user,
        workshops=selectors.event_workshops(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            registrations = services.registration_create(
                event=event,
                user=user,
                organisation=form.chosen_organisation(),
                colleagues=form.chosen_colleagues(),
                workshops=form.chosen_workshops(),
                needs=form.needs(),
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            mine = registrations[0]
            if mine.status == Registration.Status.CONFIRMED:
                messages.success(request, _("Sie sind angemeldet. Die Bestätigung kommt per E-Mail."))
            else:
                messages.warning(
                    request,
                    _(
                        "Die Veranstaltung ist ausgebucht: Sie stehen auf der Warteliste. Wir schreiben Ihnen, sobald Sie nachrücken."
                    ),
                )
            if len(registrations) > 1:
                waiting = sum(r.status == Registration.Status.WAITING for r in registrations[1:])
                messages.info(
                    request,
                    ngettext(
                        "Mit angemeldet: %(count)d Person, davon %(waiting)d auf der Warteliste.",
                        "Mit angemeldet: %(count)d Personen, davon %(waiting)d auf der Warteliste.",
                        len(registrations) - 1,
                    )
                    % {"count": len(registrations) - 1, "waiting": waiting},
                )
            return redirect("events:my_registration", slug=event.slug)
    # Whoever is registered already is sent to their registration. A registration that goes through has
    # been checked for that by the service, under the event's lock, so only the form's page asks here.
    if access.is_registered(access.get_registration_for_user(user, event)):
        messages.info(request, _("Sie sind für diese Veranstaltung bereits angemeldet."))
        return redirect("events:my_registration", slug=event.slug)
    return render(
        request,
        "events/registration/register.html",
        {
            "event": event,
            "form": form,
            "places": selectors.event_places(event),
            "is_open": event.registration_open(),
            "retention_note": NeedsFields.retention_note(),
        },
    )


def _registration_context(user: User, event: Event, registration: Registration) -> dict[str, object]:
    choices = {c.slot_id: c for c in selectors.registration_choices(registration)}
    confirmed = registration.status == Registration.Status.CONFIRMED
    workshop_forms = [
        (
            view,
            choices.get(view.slot.pk),
            WorkshopChangeForm(
                view=view,
                current=getattr(choices.get(view.slot.pk), "session_id", None),
                confirmed=confirmed,
                held=getattr(choices.get(view.slot.pk), "status", ""),
            ),
        )
        for view in selectors.event_workshops(event)
    ]
    return {
        "event": event,
        "registration": registration,
        "position": selectors.waiting_position(registration),
        "workshop_forms": workshop_forms,
        "group": selectors.colleagues_registered_with(registration, by=user),
        "can_change": access.can_change_workshops(registration, event=event),
        "retention_note": NeedsFields.retention_note(),
        "can_see_online_link": access.can_see_online_link(user, event),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_registration(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The person's registration: status, workshops, needs, cancel; POST saves the needs."""
    user = request.user
    event = access.get_event_for_registration(user, slug)
    registration = access.get_registration_for_user(user, event)
    if registration is None:
        return redirect("events:detail", slug=event.slug)
    needs_form = NeedsFields(
        request.POST if request.method == "POST" else None, initial=NeedsFields.initial_for(registration)
    )
    if request.method == "POST" and needs_form.is_valid():
        try:
            services.registration_update_needs(registration=registration, needs=needs_form.needs())
        except ApplicationError as error:
            needs_form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Ihre Angaben sind gespeichert."))
            return redirect("events:my_registration", slug=event.slug)
    context = _registration_context(user, event, registration)
    return render(request, "events/registration/mine.html", {**context, "needs_form": needs_form})


@login_required
@require_POST
def change_workshop(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    user = request.user
    event = access.get_event_for_registration(user, slug)
    registration = access.get_active_registration_for_user(user, event)
    view = next((v for v in selectors.event_workshops(event) if str(v.slot.pk) == request.POST.get("slot")), None)
    if view is None:
        messages.error(request, _("Dieses Zeitfenster gibt es bei dieser Veranstaltung nicht."))
        return redirect("events:my_registration", slug=event.slug)
    form = WorkshopChangeForm(request.POST, view=view, current=None, confirmed=False)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie einen Workshop aus der Liste."))
        return redirect("events:my_registration", slug=event.slug)
    try:
        services.registration_change_workshop(registration=registration, slot=view.slot, session=form.chosen(), by=user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Ihre Workshop-Wahl ist gespeichert."))
    return redirect("events:my_registration", slug=event.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Cancel one's own registration, or that of a colleague one registered."""
    user = request.user
    event = access.get_event_for_registration(user, slug)
    registration = access.get_registration_for_cancelling(
        user, event, request.POST.get("registration") or request.GET.get("registration")
    )
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=user)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Die Anmeldung ist storniert."))
        return redirect("events:my_registration", slug=event.slug)  # without one of their own: the event page
    return render(
        request, "events/registration/cancel.html", {"event": event, "registration": registration, "by_link": False}
    )


@login_required
@require_POST
def answer_offer(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    user = request.user
    event = access.get_event_for_registration(user, slug)
    registration = access.get_registration_for_user(user, event)
    if registration is None:
        raise Http404
    return _answer_offer(request, registration, redirect_to=redirect("events:my_registration", slug=event.slug))


def _answer_offer(request: HttpRequest, registration: Registration, *, redirect_to: HttpResponse) -> HttpResponse:
    form = OfferAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte nehmen Sie den Platz an oder lehnen Sie ihn ab."))
        return redirect_to
    try:
        if form.cleaned_data["answer"] == "accept":
            waiting_list.registration_accept_offer(registration=registration)
            messages.success(request, _("Sie haben den Platz angenommen. Die Bestätigung kommt per E-Mail."))
        else:
            services.registration_decline_offer(registration=registration)
            messages.info(
                request, _("Sie haben den Platz abgelehnt. Er geht an die nächste Person auf der Warteliste.")
            )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect_to


def _link_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(request, "events/registration/bad_link.html", {"message": error.message}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel through the signed link in our emails, without logging in."""
    try:
        registration = services.registration_from_token(token)
    except ApplicationError as error:
        return _link_error(request, error)
    event = registration.event
    done = registration.status == Registration.Status.CANCELLED
    if request.method == "POST" and not done:
        try:
            services.registration_cancel(registration=registration, by=None)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            done = True
            messages.success(request, _("Die Anmeldung ist storniert. Danke, dass Sie Ihren Platz freigegeben haben."))
    return render(
        request,
        "events/registration/cancel.html",
        {"event": event, "registration": registration, "by_link": True, "done": done, "token": token},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def offer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Accept or decline an offered place through the signed link in our email."""
    try:
        registration = services.registration_from_token(token, salt=services.OFFER_SALT)
    except ApplicationError as error:
        return _link_error(request, error)
    if request.method == "POST":
        _answer_offer(request, registration, redirect_to=HttpResponse())
        registration.refresh_from_db()
    return render(
        request,
        "events/registration/offer.html",
        {"event": registration.event, "registration": registration, "token": token},
    )


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My events: one line per event with its current state, coming and past."""
    events = selectors.my_events(request.user)
    upcoming = [e for e in events if not e.registration.event.is_past]
    past = [e for e in events if e.registration.event.is_past]
    return render(request, "events/registration/list.html", {"upcoming": upcoming[::-1], "past": past})
