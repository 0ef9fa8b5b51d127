"""Writes on events: creating, changing, publishing and cancelling them.

Every function is one transaction and records what matters in the audit log; emails go out (in
each recipient's language) once the transaction has committed. A change that can take or free a
place locks the event first (``registration.waiting_list.event_lock``). The programme is written
by ``events.programme.services``, registrations by ``events.registration.services``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.events import notifications
from vielfalt.events.links import event_links
from vielfalt.events.models import Event, Registration
from vielfalt.events.registration.waiting_list import event_lock, fill_places, places_taken
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import Municipality

Status = Registration.Status

# --- organising ----------------------------------------------------------------------------------------

EVENT_FIELDS = (
    "kind", "title", "title_translations", "description", "description_translations", "starts_at", "ends_at",
    "is_online", "online_url", "venue_name", "street", "postcode", "municipality", "step_free_access",
    "accessible_toilet", "hearing_loop", "quiet_room", "accessibility_notes", "languages", "interpreting",
    "capacity", "waiting_list_limit", "registration_opens_at", "registration_closes_at", "audience", "promotion",
    "offer_hours", "reminder_days",
)  # fmt: skip

# Changes participants must hear about.
NOTIFIED_FIELDS = {
    "starts_at",
    "ends_at",
    "is_online",
    "online_url",
    "venue_name",
    "street",
    "postcode",
    "municipality",
}


def _unique_slug(title: str, starts_at: datetime, *, exclude_pk: int | None = None) -> str:
    base = f"{readable_slug(title) or 'veranstaltung'}-{timezone.localtime(starts_at):%Y}"
    slug, n = base, 1
    others = Event.objects.exclude(pk=exclude_pk) if exclude_pk else Event.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate_event(event: Event) -> None:
    if event.ends_at <= event.starts_at:
        raise ApplicationError(_("Das Ende muss nach dem Beginn liegen."), field="ends_at")
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        raise ApplicationError(_("Die Anmeldung muss enden, nachdem sie begonnen hat."), field="registration_closes_at")
    if event.registration_closes_at and event.registration_closes_at > event.ends_at:
        raise ApplicationError(
            _("Die Anmeldung kann nicht nach dem Ende der Veranstaltung schließen."), field="registration_closes_at"
        )
    if event.is_online and not event.online_url:
        raise ApplicationError(_("Bitte geben Sie den Zugangslink für die Online-Teilnahme an."), field="online_url")
    if not event.is_online and not event.municipality_id:
        raise ApplicationError(
            _("Bitte geben Sie den Ort an – oder kennzeichnen Sie die Veranstaltung als online."), field="municipality"
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class EventInput:
    """An event as the form gives it (``EventForm.event_input``): every field of ``EVENT_FIELDS``, the
    invited organisations and the values of the fields higher apps add (``events.links``)."""

    kind: str
    title: str
    title_translations: dict[str, str] = field(default_factory=dict)
    description: str = ""
    description_translations: dict[str, str] = field(default_factory=dict)
    starts_at: datetime
    ends_at: datetime
    is_online: bool = False
    online_url: str = ""
    venue_name: str = ""
    street: str = ""
    postcode: str = ""
    municipality: Municipality | None = None
    step_free_access: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    quiet_room: bool = False
    accessibility_notes: str = ""
    languages: list[str] = field(default_factory=list)
    interpreting: list[str] = field(default_factory=list)
    capacity: int
    waiting_list_limit: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    audience: str = Event.Audience.PUBLIC
    promotion: str
    offer_hours: int
    reminder_days: int
    # None: the invitations stay as they are.
    invited_organisations: list[Organisation] | None = None
    # By link name (``events.links``); a link this person is not offered is missing and stays as it is.
    links: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, event: Event, **changes: Any) -> EventInput:
        """The input that keeps ``event`` as it is, but for ``changes``."""
        values = {name: getattr(event, name) for name in EVENT_FIELDS}
        values["municipality"] = event.municipality if event.municipality_id else None
        return cls(**{**values, **changes})


def _apply(event: Event, data: EventInput) -> list[str]:
    changed = []
    for name in EVENT_FIELDS:
        value = getattr(data, name)
        if name == "municipality":
            current = event.municipality if event.municipality_id else None
            if current != value:
                event.municipality = value
                event.district_id = value.district_id if value else None
                changed.append(name)
        elif getattr(event, name) != value:
            setattr(event, name, value)
            changed.append(name)
    _validate_event(event)
    return changed


def _save_links(event: Event, data: EventInput) -> list[str]:
    """Save the links higher apps keep to ``event`` (``events.links``); the names of those that changed."""
    chosen = data.links
    return [link.name for link in event_links() if link.name in chosen and link.save(event, chosen[link.name])]


@transaction.atomic
def event_create(*, by: User, organiser: Organisation | None, data: EventInput) -> Event:
    """A new event as a draft (organised by ``organiser``, or by the centre when None)."""
    if organiser is not None and organiser.status != Organisation.Status.VERIFIED:
        raise ApplicationError(_("Nur geprüfte Organisationen können Veranstaltungen anlegen."))
    event = Event(organiser=organiser, created_by=by, status=Event.Status.DRAFT)
    _apply(event, data)
    event.slug = _unique_slug(event.title, event.starts_at)
    event.save()
    if data.invited_organisations is not None:
        event.invited_organisations.set(data.invited_organisations)
    _save_links(event, data)
    audit_record(actor=by, action="event.created", target=event)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, data: EventInput) -> list[str]:
    """Change an event. Participants hear about a new time or place; more places let people move up."""
    event = event_lock(event)
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    changed = _apply(event, data)
    taken = places_taken(event)
    if event.capacity < taken:
        raise ApplicationError(
            ngettext(
                "Es hat bereits %(count)d Person einen Platz. Weniger Plätze gehen nicht.",
                "Es haben bereits %(count)d Personen einen Platz. Weniger Plätze gehen nicht.",
                taken,
            )
            % {"count": taken},
            field="capacity",
        )
    if data.invited_organisations is not None:
        before = set(event.invited_organisations.values_list("pk", flat=True))
        after = {o.pk for o in data.invited_organisations}
        if before != after:
            event.invited_organisations.set(data.invited_organisations)
            changed.append("invited_organisations")
    changed += _save_links(event, data)
    if not changed:
        return []
    event.save()
    audit_record(actor=by, action="event.updated", target=event, data={"fields": changed})
    if event.status == Event.Status.PUBLISHED and NOTIFIED_FIELDS & set(changed):
        people = list(event.registrations.filter(status__in=Registration.ACTIVE).select_related("user", "event"))
        transaction.on_commit(lambda: notifications.send_many(people, "changed"))
        _notify_in_app(event, people, "event.changed", by)
    fill_places(event)
    return changed


@transaction.atomic
def event_publish(*, event: Event, by: User) -> None:
    if event.status != Event.Status.DRAFT:
        raise ApplicationError(_("Nur Entwürfe können veröffentlicht werden."))
    if event.ends_at <= timezone.now():
        raise ApplicationError(_("Die Veranstaltung liegt in der Vergangenheit."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=by, action="event.published", target=event)


@transaction.atomic
def event_cancel(*, event: Event, by: User, reason: str) -> int:
    """Cancel the event and tell everyone on its list; returns how many people were told."""
    event = event_lock(event)
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("Die Veranstaltung ist bereits abgesagt."))
    if event.is_past:
        raise ApplicationError(_("Eine vergangene Veranstaltung kann nicht abgesagt werden."))
    was_published = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.cancel_reason = reason.strip()
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(actor=by, action="event.cancelled", target=event)
    people = list(event.registrations.filter(status__in=Registration.ACTIVE).select_related("user", "event"))
    if not was_published:
        return 0  # a draft has nobody to tell
    transaction.on_commit(lambda: notifications.send_many(people, "event_cancelled"))
    _notify_in_app(event, people, "event.cancelled", by)
    return len(people)


def _notify_in_app(event: Event, people: Sequence[Registration], verb: str, by: User) -> None:
    """The same news in the participants' notification list (their email went out already)."""
    from vielfalt.notifications.models import Category
    from vielfalt.notifications.services import notify

    notify(
        users=[r.user for r in people], category=Category.EVENT, verb=verb, actor=by, subject=event.title,
        url=reverse("events:detail", kwargs={"slug": event.slug}), emailed=True,
    )  # fmt: skip
