"""Emails to participants, in each one's language: confirmation (with an invitation for the
calendar), waiting list, moving up or an offer, reminders, changes and cancellations."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import translation

from vielfalt.core.lib.emails import queue_email
from vielfalt.events.models import Registration

# What the message says, by kind; ``None`` chooses by the registration's status.
KINDS = {
    "confirmed", "waiting", "offered", "promoted", "workshop_seated", "cancelled", "offer_expired", "reminder",
    "changed", "event_cancelled",
}  # fmt: skip
WITH_INVITATION = {"confirmed", "promoted", "reminder", "changed"}
# A calendar that holds the invitation removes it when it gets the same UID with METHOD:CANCEL.
WITH_CANCELLATION = {"cancelled", "event_cancelled"}


def _kind_for(registration: Registration, kind: str | None) -> str:
    if kind is None:
        return "confirmed" if registration.status == Registration.Status.CONFIRMED else "waiting"
    if kind == "promoted" and registration.status == Registration.Status.OFFERED:
        return "offered"
    return kind


def send(registration: Registration, kind: str | None) -> None:
    from vielfalt.events import calendar
    from vielfalt.events.registration import services

    kind = _kind_for(registration, kind)
    assert kind in KINDS, kind
    user, event = registration.user, registration.event
    language = user.preferred_language or "de"
    with translation.override(language):
        cancel_url = reverse("events:cancel_by_link", kwargs={"token": services.registration_token(registration)})
        offer_url = reverse(
            "events:offer_by_link",
            kwargs={"token": services.registration_token(registration, salt=services.OFFER_SALT)},
        )
        event_url = reverse("events:detail", kwargs={"slug": event.slug})
        attachments: list[tuple[str, str, str]] = []
        if kind in WITH_INVITATION and registration.status == Registration.Status.CONFIRMED:
            ical = calendar.invitation_for(event, email=user.email, name=user.get_full_name())
            attachments.append(("einladung.ics", ical.decode(), calendar.content_type(ical)))
        elif kind in WITH_CANCELLATION:
            ical = calendar.invitation_for(event, email=user.email, name=user.get_full_name(), cancel=True)
            attachments.append(("absage.ics", ical.decode(), calendar.content_type(ical)))
    queue_email(
        to=[user.email],
        template_prefix="events/emails/notice",
        context={
            "kind": kind,
            "event": event,
            "registration": registration,
            "name": user.get_full_name(),
            "place": calendar.location(event),
            "event_url": event_url,
            "cancel_url": cancel_url,
            "offer_url": offer_url,
            "choices": list(registration.choices.select_related("session__slot")) if registration.pk else [],
        },
        language=language,
        attachments=attachments,
    )


def send_many(registrations: Sequence[Registration], kind: str | None) -> None:
    """Hand the emails to the worker (``tasks.send_notices``): rendering them, with an invitation for the
    calendar, would cost the request that registered, cancelled or promoted half its time."""
    from vielfalt.events import tasks

    ids = [registration.pk for registration in registrations if registration.pk is not None]
    if ids:
        tasks.send_notices.enqueue(ids, kind)


def send_notices(registration_ids: Sequence[int], kind: str | None) -> int:
    """The emails about ``registration_ids`` (the worker's side of ``send_many``); returns how many."""
    registrations = Registration.objects.filter(pk__in=registration_ids).select_related("user", "event__municipality")
    order = {pk: position for position, pk in enumerate(registration_ids)}
    sent = 0
    for registration in sorted(registrations, key=lambda r: order[r.pk]):
        send(registration, kind)
        sent += 1
    return sent
