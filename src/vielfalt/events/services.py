"""Writes on events: organising, the programme, registrations and the waiting list.

Every function is one transaction and records what matters in the audit log; emails go out (in
each recipient's language) once the transaction has committed.

**Never overbooked.** Every change that can take or free a place first locks the event's row
(``_lock``): on PostgreSQL with ``SELECT … FOR UPDATE``; on SQLite, where that does nothing, every
transaction is ``IMMEDIATE`` and so already holds the database's write lock. Counting places and
writing the registration then happen with no other registration for the same event in between.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.events import notifications
from vielfalt.events.models import Event, Registration, Session, TimeSlot, WorkshopChoice
from vielfalt.organisations.models import Membership, Organisation

Status = Registration.Status

# --- signed links (cancel without logging in, answer an offer) ---------------------------------------

CANCEL_SALT = "vielfalt.events.cancel"
OFFER_SALT = "vielfalt.events.offer"


def registration_token(registration: Registration, *, salt: str = CANCEL_SALT) -> str:
    return signing.dumps({"r": registration.pk, "u": registration.user_id}, salt=salt, compress=True)


def registration_from_token(token: str, *, salt: str = CANCEL_SALT) -> Registration:
    """The registration a signed link names; a tampered or unknown link is an ApplicationError."""
    try:
        data = signing.loads(token, salt=salt)
        registration = Registration.objects.select_related("event", "user").get(pk=data["r"], user_id=data["u"])
    except (signing.BadSignature, Registration.DoesNotExist, KeyError, TypeError):
        raise ApplicationError(
            _("Dieser Link ist ungültig. Bitte nutzen Sie den Link aus Ihrer E-Mail vollständig."), code="bad_link"
        ) from None
    return registration


# --- organising ----------------------------------------------------------------------------------------

EVENT_FIELDS = (
    "kind", "title", "title_translations", "description", "description_translations", "starts_at", "ends_at",
    "is_online", "online_url", "venue_name", "street", "postcode", "municipality", "step_free_access",
    "accessible_toilet", "hearing_loop", "quiet_room", "accessibility_notes", "languages", "interpreting",
    "capacity", "waiting_list_limit", "registration_opens_at", "registration_closes_at", "audience", "promotion",
    "offer_hours", "reminder_days", "group",
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
    base = f"{slugify(title)[:70] or 'veranstaltung'}-{timezone.localtime(starts_at):%Y}"
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


def _apply(event: Event, data: dict[str, Any]) -> list[str]:
    unknown = set(data) - set(EVENT_FIELDS) - {"invited_organisations"}
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    changed = []
    for field in EVENT_FIELDS:
        if field not in data:
            continue
        if field == "municipality":
            current = event.municipality if event.municipality_id else None
            if current != data[field]:
                event.municipality = data[field]
                event.district_id = data[field].district_id if data[field] else None
                changed.append(field)
        elif getattr(event, field) != data[field]:
            setattr(event, field, data[field])
            changed.append(field)
    _validate_event(event)
    return changed


@transaction.atomic
def event_create(*, by: User, organiser: Organisation | None, data: dict[str, Any]) -> Event:
    """A new event as a draft (organised by ``organiser``, or by the centre when None)."""
    if organiser is not None and organiser.status != Organisation.Status.VERIFIED:
        raise ApplicationError(_("Nur geprüfte Organisationen können Veranstaltungen anlegen."))
    event = Event(organiser=organiser, created_by=by, status=Event.Status.DRAFT)
    _apply(event, data)
    event.slug = _unique_slug(event.title, event.starts_at)
    event.save()
    if "invited_organisations" in data:
        event.invited_organisations.set(data["invited_organisations"])
    audit_record(actor=by, action="event.created", target=event)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, data: dict[str, Any]) -> list[str]:
    """Change an event. Participants hear about a new time or place; more places let people move up."""
    event = _lock(event)
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    changed = _apply(event, data)
    taken = _places_taken(event)
    if event.capacity < taken:
        raise ApplicationError(
            _("Es haben bereits %(count)d Personen einen Platz. Weniger Plätze gehen nicht.") % {"count": taken},
            field="capacity",
        )
    if "invited_organisations" in data:
        before = set(event.invited_organisations.values_list("pk", flat=True))
        after = {o.pk for o in data["invited_organisations"]}
        if before != after:
            event.invited_organisations.set(data["invited_organisations"])
            changed.append("invited_organisations")
    if not changed:
        return []
    event.save()
    audit_record(actor=by, action="event.updated", target=event, data={"fields": changed})
    if event.status == Event.Status.PUBLISHED and NOTIFIED_FIELDS & set(changed):
        people = list(event.registrations.filter(status__in=Registration.ACTIVE).select_related("user", "event"))
        transaction.on_commit(lambda: notifications.send_many(people, "changed"))
        _notify_in_app(event, people, "event.changed", by)
    _fill_places(event)
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
    event = _lock(event)
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
    event = _lock(slot.event)
    if WorkshopChoice.objects.filter(slot=slot).exists():
        raise ApplicationError(
            _("In diesem Zeitfenster haben schon Personen einen Workshop gewählt. Löschen Sie zuerst die Workshops.")
        )
    slot.delete()
    audit_record(actor=by, action="event.programme_changed", target=event)


SESSION_FIELDS = (
    "kind", "title", "title_translations", "description", "description_translations", "speakers", "room",
    "capacity", "position",
)  # fmt: skip


@transaction.atomic
def session_save(*, slot: TimeSlot, by: User, data: dict[str, Any], session: Session | None = None) -> Session:
    """Add a programme item to a slot, or change one. Workshops need their own number of places."""
    event = _lock(slot.event)
    session = session or Session(event=event, slot=slot)
    if session.event_id != event.pk:
        raise ApplicationError(_("Dieser Programmpunkt gehört zu einer anderen Veranstaltung."))
    for field in SESSION_FIELDS:
        if field in data:
            setattr(session, field, data[field])
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
                _("Es haben bereits %(count)d Personen einen Platz. Weniger Plätze gehen nicht.") % {"count": seated},
                field="capacity",
            )
    session.save()
    audit_record(actor=by, action="event.programme_changed", target=event)
    if session.capacity:
        _fill_workshop(session)
    return session


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    event = _lock(session.event)
    if session.choices.exists():
        raise ApplicationError(_("Diesen Workshop haben schon Personen gewählt. Er kann nicht gelöscht werden."))
    session.delete()
    audit_record(actor=by, action="event.programme_changed", target=event)


# --- registration ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    """What a person needs to take part (all optional)."""

    interpreting_language: str = ""
    accessibility_needs: str = ""
    childcare: str = ""
    dietary_needs: str = ""

    def apply_to(self, registration: Registration) -> None:
        registration.interpreting_language = self.interpreting_language
        registration.accessibility_needs = self.accessibility_needs.strip()
        registration.childcare = self.childcare.strip()
        registration.dietary_needs = self.dietary_needs.strip()


def _lock(event: Event) -> Event:
    """The event's row, locked for the rest of the transaction (see the module docstring)."""
    return Event.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=event.pk)


def _places_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.HOLDS_PLACE).count()


def _waiting(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.WAITING).count()


def _seats_taken(session: Session) -> int:
    return WorkshopChoice.objects.filter(session=session, status=WorkshopChoice.Status.SEATED).count()


def _check_workshops(event: Event, workshops: Sequence[Session]) -> None:
    slots = set()
    for session in workshops:
        if session.event_id != event.pk or session.kind != Session.Kind.WORKSHOP:
            raise ApplicationError(_("Dieser Workshop gehört nicht zu dieser Veranstaltung."), field="workshops")
        if session.slot_id in slots:
            raise ApplicationError(_("Bitte wählen Sie höchstens einen Workshop je Zeitfenster."), field="workshops")
        slots.add(session.slot_id)


def _check_can_register(event: Event, user: User, now: datetime) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("Diese Veranstaltung ist abgesagt."), code="closed")
    if event.status != Event.Status.PUBLISHED:
        raise ApplicationError(_("Für diese Veranstaltung ist noch keine Anmeldung möglich."), code="closed")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ApplicationError(
            _("Die Anmeldung beginnt am %(date)s.")
            % {"date": timezone.localtime(event.registration_opens_at).strftime("%d.%m.%Y %H:%M")},
            code="closed",
        )
    if now >= event.starts_at or (event.registration_closes_at and now > event.registration_closes_at):
        raise ApplicationError(_("Die Anmeldung ist geschlossen."), code="closed")


def _check_audience(event: Event, people: Iterable[User], organisation: Organisation | None) -> None:
    if event.audience != Event.Audience.INVITED:
        return
    invited = set(event.invited_organisations.values_list("pk", flat=True))
    for person in people:
        orgs = set(Membership.objects.filter(user=person).values_list("organisation_id", flat=True))
        if not orgs & invited or (organisation is not None and organisation.pk not in invited):
            raise ApplicationError(_("Diese Veranstaltung ist nur für eingeladene Organisationen."), code="not_invited")


@transaction.atomic
def registration_create(
    *,
    event: Event,
    user: User,
    organisation: Organisation | None = None,
    colleagues: Sequence[User] = (),
    workshops: Sequence[Session] = (),
    needs: Needs = Needs(),
    now: datetime | None = None,
) -> list[Registration]:
    """Register ``user`` (and named colleagues of ``organisation``) for ``event``.

    Free places are given first come, first served; who does not get one goes onto the waiting
    list. A group is registered whole or not at all: if the free places plus the room left on the
    waiting list cannot take it, nothing is written. Returns the registrations, ``user``'s first.
    """
    now = now or timezone.now()
    event = _lock(event)
    _check_can_register(event, user, now)
    _check_workshops(event, workshops)
    people = [user, *[c for c in dict.fromkeys(colleagues) if c.pk != user.pk]]
    if colleagues and organisation is None:
        raise ApplicationError(
            _("Kolleginnen und Kollegen können Sie nur für Ihre Organisation anmelden."), field="colleagues"
        )
    if organisation is not None:
        members = set(
            Membership.objects.filter(organisation=organisation, user__in=people).values_list("user_id", flat=True)
        )
        if user.pk not in members:
            raise ApplicationError(_("Sie gehören dieser Organisation nicht an."), field="organisation")
        if any(p.pk not in members for p in people):
            raise ApplicationError(_("Sie können nur Personen aus Ihrer Organisation anmelden."), field="colleagues")
    _check_audience(event, people, organisation)
    already = list(
        Registration.objects.filter(event=event, user__in=people, status__in=Registration.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    if already:
        if already[0].user_id == user.pk:
            raise ApplicationError(_("Sie sind für diese Veranstaltung bereits angemeldet."), code="duplicate")
        raise ApplicationError(
            _("%(name)s ist für diese Veranstaltung bereits angemeldet.") % {"name": already[0].user.get_full_name()},
            field="colleagues",
            code="duplicate",
        )
    free = max(event.capacity - _places_taken(event), 0)
    waiting_room = None if event.waiting_list_limit is None else max(event.waiting_list_limit - _waiting(event), 0)
    overflow = max(len(people) - free, 0)
    if waiting_room is not None and overflow > waiting_room:
        if len(people) == 1:
            raise ApplicationError(_("Die Veranstaltung ist ausgebucht, und die Warteliste ist voll."), code="full")
        raise ApplicationError(
            _(
                "So viele Plätze gibt es nicht mehr: frei sind %(free)d, auf der Warteliste noch %(waiting)d. "
                "Bitte melden Sie weniger Personen an."
            )
            % {"free": free, "waiting": waiting_room},
            field="colleagues",
            code="full",
        )
    group = Registration._meta.get_field("group").get_default()
    registrations = []
    for index, person in enumerate(people):
        confirmed = index < free
        registration = Registration(
            event=event,
            user=person,
            organisation=organisation,
            registered_by=user,
            group=group,
            status=Status.CONFIRMED if confirmed else Status.WAITING,
            created_at=now,
            confirmed_at=now if confirmed else None,
        )
        if person.pk == user.pk:
            needs.apply_to(registration)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # the unique constraint, should two requests of one person race
            raise ApplicationError(
                _("Sie sind für diese Veranstaltung bereits angemeldet."), code="duplicate"
            ) from None
        WorkshopChoice.objects.bulk_create(
            WorkshopChoice(
                registration=registration, session=s, slot_id=s.slot_id, status=WorkshopChoice.Status.WAITING,
                created_at=now,
            )
            for s in workshops
        )  # fmt: skip
        if confirmed:
            _seat_choices(registration)
        registrations.append(registration)
        audit_record(
            actor=user, action="registration.created", target=event, data={"registration": registration.pk,
            "status": registration.status},
        )  # fmt: skip
    transaction.on_commit(
        lambda: notifications.send_many(registrations, None)  # "confirmed" or "waiting", by status
    )
    return registrations


def _seat_choices(registration: Registration) -> list[WorkshopChoice]:
    """Give a confirmed registration's waiting workshop choices the places that are free."""
    seated = []
    for choice in registration.choices.filter(status=WorkshopChoice.Status.WAITING).select_related("session"):
        if _seats_taken(choice.session) < (choice.session.capacity or 0):
            choice.status = WorkshopChoice.Status.SEATED
            choice.save(update_fields=["status"])
            seated.append(choice)
    return seated


def _fill_workshop(session: Session) -> list[Registration]:
    """Give free places in a workshop to the confirmed people waiting for it, in the order they chose."""
    moved: list[Registration] = []
    free = (session.capacity or 0) - _seats_taken(session)
    if free <= 0:
        return moved
    waiting = (
        WorkshopChoice.objects.filter(
            session=session, status=WorkshopChoice.Status.WAITING, registration__status=Status.CONFIRMED
        )
        .select_related("registration__user", "registration__event")
        .order_by("created_at", "pk")[:free]
    )
    for choice in waiting:
        choice.status = WorkshopChoice.Status.SEATED
        choice.save(update_fields=["status"])
        moved.append(choice.registration)
    if moved:
        people = list(moved)
        transaction.on_commit(lambda: notifications.send_many(people, "workshop_seated"))
    return moved


def _fill_places(event: Event, now: datetime | None = None) -> list[Registration]:
    """Move people up from the waiting list while places are free (the event must be locked).

    Depending on the event, the next person is confirmed at once or offered the place with a
    deadline; an offer holds the place until it is accepted, declined or expires.
    """
    if event.status != Event.Status.PUBLISHED or event.is_past:
        return []
    now = now or timezone.now()
    free = event.capacity - _places_taken(event)
    if free <= 0:
        return []
    moved = list(
        Registration.objects.filter(event=event, status=Status.WAITING)
        .select_related("user", "event")
        .order_by("created_at", "pk")[:free]
    )
    for registration in moved:
        if event.promotion == Event.Promotion.OFFER:
            registration.status = Status.OFFERED
            registration.offer_expires_at = min(now + timedelta(hours=event.offer_hours), event.starts_at)
            registration.save(update_fields=["status", "offer_expires_at"])
        else:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            _seat_choices(registration)
        audit_record(
            actor=None, action="registration.promoted", target=event,
            data={"registration": registration.pk, "status": registration.status},
        )  # fmt: skip
    if moved:
        transaction.on_commit(lambda: notifications.send_many(moved, "promoted"))
    return moved


def _free_choices(registration: Registration) -> None:
    sessions = [c.session for c in registration.choices.select_related("session")]
    had_seats = registration.choices.filter(status=WorkshopChoice.Status.SEATED).exists()
    registration.choices.all().delete()
    if had_seats:
        for session in sessions:
            _fill_workshop(session)


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User | None, note: str = "cancelled", notify: bool = True
) -> list[Registration]:
    """Cancel a registration (by its person, through a signed link, or by the organiser).

    The freed place goes to the next person on the waiting list; returns who moved up.
    """
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    registration.event = event
    if registration.status == Status.CANCELLED:
        raise ApplicationError(_("Diese Anmeldung ist bereits storniert."), code="cancelled")
    if event.is_past:
        raise ApplicationError(_("Die Veranstaltung ist vorbei; die Anmeldung kann nicht mehr storniert werden."))
    held_place = registration.status in Registration.HOLDS_PLACE
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancel_note = note
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "cancel_note", "offer_expires_at"])
    _free_choices(registration)
    audit_record(actor=by, action="registration.cancelled", target=event, data={"registration": registration.pk})
    if notify:
        transaction.on_commit(lambda: notifications.send_many([registration], "cancelled"))
    return _fill_places(event) if held_place else []


@transaction.atomic
def registration_accept_offer(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Take the place offered from the waiting list."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    registration.event = event
    if registration.status == Status.CONFIRMED:
        return registration
    if registration.status != Status.OFFERED:
        raise ApplicationError(_("Für diese Anmeldung liegt kein Angebot vor."), code="no_offer")
    if registration.offer_expires_at and registration.offer_expires_at < now:
        raise ApplicationError(_("Die Frist für dieses Angebot ist abgelaufen."), code="expired")
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
    _seat_choices(registration)
    audit_record(actor=registration.user, action="registration.offer_accepted", target=event,
                 data={"registration": registration.pk})  # fmt: skip
    transaction.on_commit(lambda: notifications.send_many([registration], "confirmed"))
    return registration


def registration_decline_offer(*, registration: Registration) -> list[Registration]:
    if registration.status != Status.OFFERED:
        raise ApplicationError(_("Für diese Anmeldung liegt kein Angebot vor."), code="no_offer")
    return registration_cancel(registration=registration, by=registration.user, note="declined")


@transaction.atomic
def registration_change_workshop(
    *, registration: Registration, slot: TimeSlot, session: Session | None, by: User
) -> WorkshopChoice | None:
    """Choose another workshop in ``slot`` (or none). A confirmed person moves only into a free place."""
    event = _lock(registration.event)
    registration.refresh_from_db()
    if registration.status == Status.CANCELLED:
        raise ApplicationError(_("Diese Anmeldung ist storniert."))
    if event.is_past or event.status != Event.Status.PUBLISHED:
        raise ApplicationError(_("Die Workshop-Wahl kann nicht mehr geändert werden."))
    if slot.event_id != event.pk:
        raise ApplicationError(_("Dieser Workshop gehört nicht zu dieser Veranstaltung."), field="workshop")
    if session is not None:
        _check_workshops(event, [session])
        if session.slot_id != slot.pk:
            raise ApplicationError(_("Dieser Workshop liegt in einem anderen Zeitfenster."), field="workshop")
    current = registration.choices.filter(slot=slot).select_related("session").first()
    if current is not None and session is not None and current.session_id == session.pk:
        return current
    confirmed = registration.status == Status.CONFIRMED
    if session is not None and confirmed and _seats_taken(session) >= (session.capacity or 0):
        raise ApplicationError(
            _("Im Workshop „%(title)s“ ist kein Platz mehr frei.") % {"title": session.localized_title().text},
            field="workshop",
        )
    if current is not None:
        old_session, had_seat = current.session, current.status == WorkshopChoice.Status.SEATED
        current.delete()
        if had_seat:
            _fill_workshop(old_session)
    choice = None
    if session is not None:
        choice = WorkshopChoice.objects.create(
            registration=registration,
            session=session,
            slot=slot,
            status=WorkshopChoice.Status.SEATED if confirmed else WorkshopChoice.Status.WAITING,
        )
    audit_record(actor=by, action="registration.workshop_changed", target=event, data={"registration": registration.pk})
    return choice


@transaction.atomic
def registration_update_needs(*, registration: Registration, needs: Needs) -> None:
    if not registration.is_active or registration.event.is_past:
        raise ApplicationError(_("Diese Anmeldung kann nicht mehr geändert werden."))
    needs.apply_to(registration)
    registration.save(update_fields=["interpreting_language", "accessibility_needs", "childcare", "dietary_needs"])


@transaction.atomic
def registration_check_in(*, registration: Registration, by: User, present: bool) -> Registration:
    """Mark a confirmed person present (or undo it) on the day."""
    registration = Registration.objects.select_for_update().select_related("event", "user").get(pk=registration.pk)
    if registration.status != Status.CONFIRMED:
        raise ApplicationError(_("Nur bestätigte Anmeldungen können eingecheckt werden."))
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


# --- jobs (run by the worker; see tasks.py) -----------------------------------------------------------------


def offers_expire(*, now: datetime | None = None) -> int:
    """Pass unanswered offers on to the next person on the waiting list. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for pk in Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            registration = Registration.objects.select_related("event").get(pk=pk)
            event = _lock(registration.event)
            registration.refresh_from_db()
            if registration.status != Status.OFFERED or not registration.offer_expires_at:
                continue
            if registration.offer_expires_at >= now:
                continue
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.cancel_note = "offer_expired"
            registration.save(update_fields=["status", "cancelled_at", "cancel_note"])
            _free_choices(registration)
            registration.event = event
            transaction.on_commit(lambda r=registration: notifications.send_many([r], "offer_expired"))  # type: ignore[misc]
            _fill_places(event, now)
            expired += 1
    return expired


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed participants N days before (once per event). Returns how many events."""
    now = now or timezone.now()
    sent = 0
    candidates = Event.objects.filter(
        status=Event.Status.PUBLISHED, reminder_sent_at__isnull=True, starts_at__gt=now, reminder_days__gt=0
    )
    for event in candidates:
        if event.starts_at - timedelta(days=event.reminder_days) > now:
            continue
        with transaction.atomic():
            locked = _lock(event)
            if locked.reminder_sent_at:
                continue
            locked.reminder_sent_at = now
            locked.save(update_fields=["reminder_sent_at"])
            people = list(locked.registrations.filter(status=Status.CONFIRMED).select_related("user", "event"))
            transaction.on_commit(lambda p=people: notifications.send_many(p, "reminder"))  # type: ignore[misc]
            sent += 1
    return sent


def needs_erase(*, now: datetime | None = None) -> int:
    """Erase what people told us they need once an event is over by the retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EVENT_NEEDS_RETENTION_DAYS)
    with transaction.atomic():
        return Registration.objects.filter(event__ends_at__lt=cutoff, needs_erased_at__isnull=True).update(
            interpreting_language="", accessibility_needs="", childcare="", dietary_needs="", needs_erased_at=now
        )


def housekeeping(*, now: datetime | None = None) -> dict[str, int]:
    return {
        "offers_expired": offers_expire(now=now),
        "reminders": reminders_send(now=now),
        "needs_erased": needs_erase(now=now),
    }


# --- personal data --------------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    """On account deletion: give up places at coming events (others move up) and erase needs."""
    upcoming = Registration.objects.filter(
        user=user, status__in=Registration.ACTIVE, event__ends_at__gt=timezone.now()
    ).select_related("event")
    for registration in upcoming:
        registration_cancel(registration=registration, by=user, note="account_deleted", notify=False)
    Registration.objects.filter(user=user).update(
        interpreting_language="", accessibility_needs="", childcare="", dietary_needs="", needs_erased_at=timezone.now()
    )
