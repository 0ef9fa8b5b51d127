"""Places and the waiting list: locking an event, counting its places, seating workshop choices,
moving people up from the waiting list, and offers of a place with a deadline.

**Never overbooked.** Every change that can take or free a place first locks the event's row
(``event_lock``): on PostgreSQL with ``SELECT … FOR UPDATE``; on SQLite, where that does nothing, every
transaction is ``IMMEDIATE`` and so already holds the database's write lock. Counting places and
writing the registration then happen with no other registration for the same event in between.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.events import notifications
from vielfalt.events.models import Event, Registration, Session, WorkshopChoice

Status = Registration.Status


def event_lock(event: Event) -> Event:
    """The event's row, locked for the rest of the transaction (see the module docstring): only the row,
    read fresh, since what is decided under the lock reads nothing of the organiser."""
    return Event.objects.select_for_update().get(pk=event.pk)


def places_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.HOLDS_PLACE).count()


def seats_taken(session: Session) -> int:
    return WorkshopChoice.objects.filter(session=session, status=WorkshopChoice.Status.SEATED).count()


def has_free_seat(session: Session) -> bool:
    return seats_taken(session) < (session.capacity or 0)


def seat_choices(registration: Registration) -> list[WorkshopChoice]:
    """Give a confirmed registration's waiting workshop choices the places that are free."""
    seated = []
    for choice in registration.choices.filter(status=WorkshopChoice.Status.WAITING).select_related("session"):
        if has_free_seat(choice.session):
            choice.status = WorkshopChoice.Status.SEATED
            choice.save(update_fields=["status"])
            seated.append(choice)
    return seated


def fill_workshop(session: Session) -> list[Registration]:
    """Give free places in a workshop to the confirmed people waiting for it, in the order they chose."""
    moved: list[Registration] = []
    free = (session.capacity or 0) - seats_taken(session)
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


def fill_places(event: Event, now: datetime | None = None) -> list[Registration]:
    """Move people up from the waiting list while places are free (the event must be locked).

    Depending on the event, the next person is confirmed at once or offered the place with a
    deadline; an offer holds the place until it is accepted, declined or expires.
    """
    if event.status != Event.Status.PUBLISHED or event.is_past:
        return []
    now = now or timezone.now()
    free = event.capacity - places_taken(event)
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
            seat_choices(registration)
        audit_record(
            actor=None, action="registration.promoted", target=event,
            data={"registration": registration.pk, "status": registration.status},
        )  # fmt: skip
    if moved:
        transaction.on_commit(lambda: notifications.send_many(moved, "promoted"))
    return moved


def free_choices(registration: Registration) -> None:
    sessions = [c.session for c in registration.choices.select_related("session")]
    had_seats = registration.choices.filter(status=WorkshopChoice.Status.SEATED).exists()
    registration.choices.all().delete()
    if had_seats:
        for session in sessions:
            fill_workshop(session)


@transaction.atomic
def registration_accept_offer(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Take the place offered from the waiting list."""
    now = now or timezone.now()
    event = event_lock(registration.event)
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
    seat_choices(registration)
    audit_record(actor=registration.user, action="registration.offer_accepted", target=event,
                 data={"registration": registration.pk})  # fmt: skip
    transaction.on_commit(lambda: notifications.send_many([registration], "confirmed"))
    return registration


# --- jobs (run by the worker; see tasks.py) -----------------------------------------------------------------


def offers_expire(*, now: datetime | None = None) -> int:
    """Pass unanswered offers on to the next person on the waiting list. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for pk in Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            registration = Registration.objects.select_related("event").get(pk=pk)
            event = event_lock(registration.event)
            registration.refresh_from_db()
            if registration.status != Status.OFFERED or not registration.offer_expires_at:
                continue
            if registration.offer_expires_at >= now:
                continue
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.cancel_note = "offer_expired"
            registration.save(update_fields=["status", "cancelled_at", "cancel_note"])
            free_choices(registration)
            registration.event = event
            transaction.on_commit(lambda r=registration: notifications.send_many([r], "offer_expired"))  # type: ignore[misc]
            fill_places(event, now)
            expired += 1
    return expired
