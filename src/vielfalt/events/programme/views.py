"""An event's programme, for its organisers: time slots and the sessions in them (talks, workshops,
breaks). Every view asks ``access`` first (``manages_event``), then calls one service and renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.events import selectors
from vielfalt.events.manage.views import event_context, manages_event
from vielfalt.events.models import Event, Session, TimeSlot
from vielfalt.events.programme import services
from vielfalt.events.programme.forms import SessionForm, SlotForm

# --- the programme ----------------------------------------------------------------------------------------


def _slots(event: Event) -> list[TimeSlot]:
    return list(TimeSlot.objects.filter(event=event).order_by("starts_at", "pk"))


def _programme_page(
    request: HttpRequest,
    event: Event,
    *,
    slot_form: SlotForm | None = None,
    session_form: SessionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = selectors.event_programme(event)
    slots = [view.slot for view in programme]
    if session_form is None:
        initial = {"slot": request.GET.get("zeitfenster", "")}
        session_form = SessionForm(initial=initial, slots=slots, prefix="session")
    return render(
        request,
        "events/manage/programme.html",
        event_context(
            event,
            "programme",
            programme=programme,
            slot_form=slot_form or SlotForm(event=event, prefix="slot"),
            session_form=session_form,
        ),
        status=status,
    )


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def programme(request: AuthenticatedHttpRequest, event: Event) -> HttpResponse:
    """The programme with a form to add a slot and one to add a session (``form`` says which)."""
    if request.method in ("GET", "HEAD"):
        return _programme_page(request, event)
    user = request.user
    if request.POST.get("form") == "session":
        session_form = SessionForm(request.POST, slots=_slots(event), prefix="session")
        if session_form.is_valid():
            slot = session_form.cleaned_data["slot"]
            data = session_form.session_input()
            if data.position is None:  # left empty: at the end of the slot
                data = replace(data, position=Session.objects.filter(slot=slot).count())
            try:
                session = services.session_save(slot=slot, by=user, data=data)
            except ApplicationError as error:
                add_service_error(session_form, error)
            else:
                messages.success(request, _("„%(title)s“ steht im Programm.") % {"title": session.title})
                return redirect(reverse("events:programme", kwargs={"slug": event.slug}) + f"#slot-{slot.pk}")
        return _programme_page(request, event, session_form=session_form, status=400)
    slot_form = SlotForm(request.POST, event=event, prefix="slot")
    if slot_form.is_valid():
        try:
            slot = services.slot_save(event=event, by=user, **slot_form.slot_data())
        except ApplicationError as error:
            add_service_error(slot_form, error)
        else:
            messages.success(request, _("Das Zeitfenster ist angelegt. Fügen Sie jetzt Programmpunkte hinzu."))
            return redirect(reverse("events:programme", kwargs={"slug": event.slug}) + f"#slot-{slot.pk}")
    return _programme_page(request, event, slot_form=slot_form, status=400)


def _slot(event: Event, pk: int) -> TimeSlot:
    return get_object_or_404(TimeSlot.objects.select_related("event"), pk=pk, event=event)


def _session(event: Event, pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("event", "slot"), pk=pk, event=event)


def _programme_url(event: Event) -> str:
    return reverse("events:programme", kwargs={"slug": event.slug})


_Form = TypeVar("_Form", SlotForm, SessionForm)


def _edit(
    request: AuthenticatedHttpRequest,
    event: Event,
    *,
    form_class: Callable[..., _Form],
    initial: dict[str, Any],
    save: Callable[[_Form], object],
    saved: str,
    anchor: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """The page that changes one slot or session: the form with its values, saved by ``save``."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(form)
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, saved)
                return redirect(_programme_url(event) + anchor)
    else:
        form = form_class(initial=initial)
    return render(
        request,
        template,
        event_context(event, "programme", form=form, **context),
        status=400 if form.errors else 200,
    )


def _delete(
    request: AuthenticatedHttpRequest,
    event: Event,
    *,
    delete: Callable[[], object],
    deleted: str,
    next_url: str,
    title: str,
    question: str,
    button: str,
) -> HttpResponse:
    """Ask before deleting a slot or session; a refusal of the service is shown on the question."""
    error = ""
    if request.method == "POST":
        try:
            delete()
        except ApplicationError as refusal:
            error = str(refusal)
        else:
            messages.success(request, deleted)
            return redirect(next_url)
    return render(
        request,
        "events/manage/confirm.html",
        event_context(
            event,
            "programme",
            title=title,
            question=question,
            button=button,
            back_url=_programme_url(event),
            error=error,
        ),
        status=400 if error else 200,
    )


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def slot_edit(request: AuthenticatedHttpRequest, event: Event, pk: int) -> HttpResponse:
    slot = _slot(event, pk)
    return _edit(
        request,
        event,
        form_class=partial(SlotForm, event=event),
        initial=SlotForm.initial_for(slot),
        save=lambda form: services.slot_save(event=event, by=request.user, slot=slot, **form.slot_data()),
        saved=_("Das Zeitfenster ist gespeichert."),
        anchor=f"#slot-{slot.pk}",
        template="events/manage/slot_edit.html",
        slot=slot,
    )


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def slot_delete(request: AuthenticatedHttpRequest, event: Event, pk: int) -> HttpResponse:
    slot = _slot(event, pk)
    return _delete(
        request,
        event,
        delete=lambda: services.slot_delete(slot=slot, by=request.user),
        deleted=_("Das Zeitfenster und seine Programmpunkte sind gelöscht."),
        next_url=_programme_url(event),
        title=_("Zeitfenster löschen"),
        question=_("Wollen Sie das Zeitfenster „%(slot)s“ mit allen seinen Programmpunkten löschen?")
        % {"slot": str(slot)},
        button=_("Zeitfenster löschen"),
    )


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: AuthenticatedHttpRequest, event: Event, pk: int) -> HttpResponse:
    session = _session(event, pk)
    return _edit(
        request,
        event,
        form_class=SessionForm,
        initial=SessionForm.initial_for(session),
        save=lambda form: services.session_save(
            slot=session.slot, by=request.user, data=form.session_input(), session=session
        ),
        saved=_("Der Programmpunkt ist gespeichert."),
        anchor=f"#slot-{session.slot_id}",
        template="events/manage/session_edit.html",
        session=session,
    )


@manages_event
@require_http_methods(["GET", "HEAD", "POST"])
def session_delete(request: AuthenticatedHttpRequest, event: Event, pk: int) -> HttpResponse:
    session = _session(event, pk)
    return _delete(
        request,
        event,
        delete=lambda: services.session_delete(session=session, by=request.user),
        deleted=_("Der Programmpunkt ist gelöscht."),
        next_url=_programme_url(event) + f"#slot-{session.slot_id}",
        title=_("Programmpunkt löschen"),
        question=_("Wollen Sie den Programmpunkt „%(title)s“ löschen?") % {"title": session.title},
        button=_("Programmpunkt löschen"),
    )
