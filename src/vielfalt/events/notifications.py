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


def _kind_for(registration: Registration, kind: str | None) -> str:
    if kind is None:
        return "confirmed" if registration.status == Registration.Status.CONFIRMED else "waiting"
    if kind == "promoted" and registration.status == Registration.Status.OFFERED:
        return "offered"
    return kind


def send(registration: Registration, kind: str | None) -> None:
    from vielfalt.events import calendar, services

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
            ical = calendar.calendar_for([event], name=event.localized_title().text, with_online_link=True)
            attachments.append(("einladung.ics", ical.decode(), "text/calendar"))
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
    for registration in registrations:
        send(registration, kind)
