"""Writes on registrations: registering (alone or with colleagues), cancelling, changing a workshop
or one's needs, checking in on the day, the signed links in emails, and the worker's jobs.

Every function is one transaction and records what matters in the audit log; emails go out (in
each recipient's language) once the transaction has committed. Places are taken and freed under
the event's lock (see ``events.registration.waiting_list``), so an event is never overbooked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.events import notifications, selectors
from vielfalt.events.models import Event, Registration, Session, TimeSlot, WorkshopChoice
from vielfalt.events.registration.waiting_list import (
    event_lock,
    fill_places,
    fill_workshop,
    free_choices,
    has_free_seat,
    offers_expire,
    seats_taken,
)
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Organisation

Status = Registration.Status
Seat = WorkshopChoice.Status

# --- signed links (cancel without logging in, answer an offer) ---------------------------------------

CANCEL_SALT = "vielfalt.events.cancel"
OFFER_SALT = "vielfalt.events.offer"


def registration_token(registration: Registration, *, salt: str = CANCEL_SALT) -> str:
    return signing.dumps({"r": registration.pk, "u": registration.user_id}, salt=salt, compress=True)


def registration_from_token(token: str, *, salt: str = CANCEL_SALT) -> Registration:
    """The registration a signed link names; a tampered or unknown link is an ApplicationError."""
    try:
        data = signing.loads(token, salt=salt)
        registration = Registration.objects.select_related("event__municipality", "user").get(
            pk=data["r"], user_id=data["u"]
        )
    except (signing.BadSignature, Registration.DoesNotExist, KeyError, TypeError):
        raise ApplicationError(
            _("Dieser Link ist ungültig. Bitte nutzen Sie den Link aus Ihrer E-Mail vollständig."), code="bad_link"
        ) from None
    if registration.event.is_past:
        # The link lives on in a mailbox: once the event is over it shows nothing and changes nothing.
        raise ApplicationError(
            _("Die Veranstaltung ist vorbei, dieser Link gilt nicht mehr. Ihre Anmeldungen finden Sie in Ihrem Konto."),
            code="link_expired",
        )
    return registration


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
        orgs = organisation_selectors.organisation_ids_of(user=person)
        if not orgs & invited or (organisation is not None and organisation.pk not in invited):
            raise ApplicationError(_("Diese Veranstaltung ist nur für eingeladene Organisationen."), code="not_invited")


def _refuse_registered_already(event: Event, people: Sequence[User], user: User) -> None:
    """Say who of ``people`` holds or awaits a place already: ``user`` themselves, or a colleague."""
    already = (
        Registration.objects.filter(event=event, user__in=people, status__in=Registration.ACTIVE)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    if already is None or already == user.pk:
        raise ApplicationError(_("Sie sind für diese Veranstaltung bereits angemeldet."), code="duplicate")
    name = next(person for person in people if person.pk == already).get_full_name()
    raise ApplicationError(
        _("%(name)s ist für diese Veranstaltung bereits angemeldet.") % {"name": name},
        field="colleagues",
        code="duplicate",
    )


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
    event = event_lock(event)
    _check_can_register(event, user, now)
    _check_workshops(event, workshops)
    people = [user, *[c for c in dict.fromkeys(colleagues) if c.pk != user.pk]]
    if colleagues and organisation is None:
        raise ApplicationError(
            _("Kolleginnen und Kollegen können Sie nur für Ihre Organisation anmelden."), field="colleagues"
        )
    if organisation is not None:
        members = organisation_selectors.members_among(organisation=organisation, people=people)
        if user.pk not in members:
            raise ApplicationError(_("Sie gehören dieser Organisation nicht an."), field="organisation")
        if any(p.pk not in members for p in people):
            raise ApplicationError(_("Sie können nur Personen aus Ihrer Organisation anmelden."), field="colleagues")
    _check_audience(event, people, organisation)
    places = selectors.event_places(event, asking=people)
    if places.registered:
        _refuse_registered_already(event, people, user)
    free, waiting_room = places.free, places.waiting_room
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
            registration.save()
        except IntegrityError:  # the unique constraint: the last guard behind the lock and the count above
            # Raising leaves this function's transaction, which rolls it back: no savepoint needed.
            raise ApplicationError(
                _("Sie sind für diese Veranstaltung bereits angemeldet."), code="duplicate"
            ) from None
        # A confirmed person is seated in each workshop that has a place left (counted under the lock,
        # after the people before them in the group); everyone else waits for the workshop.
        choices = [
            WorkshopChoice(
                registration=registration, session=s, slot_id=s.slot_id, created_at=now,
                status=Seat.SEATED if confirmed and has_free_seat(s) else Seat.WAITING,
            )
            for s in workshops
        ]  # fmt: skip
        WorkshopChoice.objects.bulk_create(choices)
        registrations.append(registration)
        audit_record(
            actor=user, action="registration.created", target=event, data={"registration": registration.pk,
            "status": registration.status},
        )  # fmt: skip
    transaction.on_commit(
        lambda: notifications.send_many(registrations, None)  # "confirmed" or "waiting", by status
    )
    return registrations


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by: User | None, note: str = "cancelled", notify: bool = True
) -> list[Registration]:
    """Cancel a registration (by its person, through a signed link, or by the organiser).

    The freed place goes to the next person on the waiting list; returns who moved up.
    """
    event = event_lock(registration.event)
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
    free_choices(registration)
    audit_record(actor=by, action="registration.cancelled", target=event, data={"registration": registration.pk})
    if notify:
        transaction.on_commit(lambda: notifications.send_many([registration], "cancelled"))
    return fill_places(event) if held_place else []


def registration_decline_offer(*, registration: Registration) -> list[Registration]:
    if registration.status != Status.OFFERED:
        raise ApplicationError(_("Für diese Anmeldung liegt kein Angebot vor."), code="no_offer")
    return registration_cancel(registration=registration, by=registration.user, note="declined")


@transaction.atomic
def registration_change_workshop(
    *, registration: Registration, slot: TimeSlot, session: Session | None, by: User
) -> WorkshopChoice | None:
    """Choose another workshop in ``slot`` (or none). A confirmed person moves only into a free place."""
    event = event_lock(registration.event)
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
    if session is not None and confirmed and seats_taken(session) >= (session.capacity or 0):
        raise ApplicationError(
            _("Im Workshop „%(title)s“ ist kein Platz mehr frei.") % {"title": session.localized_title().text},
            field="workshop",
        )
    if current is not None:
        old_session, had_seat = current.session, current.status == WorkshopChoice.Status.SEATED
        current.delete()
        if had_seat:
            fill_workshop(old_session)
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
    """Mark a confirmed person present (or undo it) on the day, and record who did it in the audit log.

    Marking someone as what they already are changes nothing (a second tap, or a second device at the
    door, keeps the first time of arrival and writes no second entry)."""
    registration = Registration.objects.select_for_update().select_related("event", "user").get(pk=registration.pk)
    if registration.status != Status.CONFIRMED:
        raise ApplicationError(_("Nur bestätigte Anmeldungen können eingecheckt werden."))
    if (registration.checked_in_at is not None) == present:
        return registration
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    audit_record(
        actor=by,
        action="registration.checked_in" if present else "registration.check_in_undone",
        target=registration.event,
        data={"registration": registration.pk},
    )
    return registration


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
            locked = event_lock(event)
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
