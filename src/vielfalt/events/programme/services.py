"""Writes on an event's programme: time slots and the sessions in them (talks, workshops, breaks).

Every function is one transaction and records the change in the audit log. A workshop that gets
more places gives them at once to the people waiting for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.events.models import Event, Registration, Session, TimeSlot, WorkshopChoice
from vielfalt.events.registration.waiting_list import event_lock, fill_workshop

Status = Registration.Status

# --- programme -------------------------------------------------------------------------------------------


def _check_within(event: Event, starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ApplicationError(_("Das Ende muss nach dem Beginn liegen."), field="ends_at")
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ApplicationError(_("Der Programmpunkt muss innerhalb der Veranstaltung liegen."), field="starts_at")


@transaction.atomic
def slot_save(
    *, event: Event, by: User, starts_at: datetime, ends_at: datetime, title: str = "",
    title_translations: dict[str, str] | None = None, slot: TimeSlot | None = None,
) -> TimeSlot:  # fmt: skip
    """Add a time slot to the programme, or change one."""
    _check_within(event, starts_at, ends_at)
    slot = slot or TimeSlot(event=event)
    if slot.event_id != event.pk:
        raise ApplicationError(_("Dieses Zeitfenster gehört zu einer anderen Veranstaltung."))
    slot.starts_at, slot.ends_at, slot.title = starts_at, ends_at, title
    slot.title_translations = title_translations or {}
    slot.save()
    audit_record(actor=by, action="event.programme_changed", target=event)
    return slot


@transaction.atomic
def slot_delete(*, slot: TimeSlot, by: User) -> None:
    event = event_lock(slot.event)
    if WorkshopChoice.objects.filter(slot=slot).exists():
        raise ApplicationError(
            _("In diesem Zeitfenster haben schon Personen einen Workshop gewählt. Löschen Sie zuerst die Workshops.")
        )
    slot.delete()
    audit_record(actor=by, action="event.programme_changed", target=event)


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionInput:
    """A programme item as the form gives it (``SessionForm.session_input``)."""

    kind: str
    title: str
    title_translations: dict[str, str] = field(default_factory=dict)
    description: str = ""
    description_translations: dict[str, str] = field(default_factory=dict)
    speakers: str = ""
    room: str = ""
    capacity: int | None = None
    position: int | None = None  # None (left empty): a changed item keeps its place


SESSION_FIELDS = (
    "kind", "title", "title_translations", "description", "description_translations", "speakers", "room",
    "capacity",
)  # fmt: skip


@transaction.atomic
def session_save(*, slot: TimeSlot, by: User, data: SessionInput, session: Session | None = None) -> Session:
    """Add a programme item to a slot, or change one. Workshops need their own number of places."""
    event = event_lock(slot.event)
    session = session or Session(event=event, slot=slot)
    if session.event_id != event.pk:
        raise ApplicationError(_("Dieser Programmpunkt gehört zu einer anderen Veranstaltung."))
    for name in SESSION_FIELDS:
        setattr(session, name, getattr(data, name))
    if data.position is not None:
        session.position = data.position
    if session.kind == Session.Kind.WORKSHOP and not session.capacity:
        raise ApplicationError(_("Bitte geben Sie an, wie viele Plätze der Workshop hat."), field="capacity")
    if session.kind != Session.Kind.WORKSHOP:
        if session.pk and session.choices.exists():
            raise ApplicationError(
                _("Diesen Workshop haben schon Personen gewählt; er bleibt ein Workshop."), field="kind"
            )
        session.capacity = None
    if session.pk and session.capacity is not None:
        seated = session.choices.filter(status=WorkshopChoice.Status.SEATED).count()
        if session.capacity < seated:
            raise ApplicationError(
                ngettext(
                    "Es hat bereits %(count)d Person einen Platz. Weniger Plätze gehen nicht.",
                    "Es haben bereits %(count)d Personen einen Platz. Weniger Plätze gehen nicht.",
                    seated,
                )
                % {"count": seated},
                field="capacity",
            )
    session.save()
    audit_record(actor=by, action="event.programme_changed", target=event)
    if session.capacity:
        fill_workshop(session)
    return session


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    event = event_lock(session.event)
    if session.choices.exists():
        raise ApplicationError(_("Diesen Workshop haben schon Personen gewählt. Er kann nicht gelöscht werden."))
    session.delete()
    audit_record(actor=by, action="event.programme_changed", target=event)
