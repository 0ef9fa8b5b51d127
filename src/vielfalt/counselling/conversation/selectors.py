"""Reads of the conversation part: a case's messages and appointments, and who is told about them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from vielfalt.accounts.access import is_staff_member
from vielfalt.accounts.models import User
from vielfalt.counselling.models import Appointment, Case, Message

# Anchors of the two sections on the case page.
CONVERSATION_ANCHOR = "nachrichten"
APPOINTMENTS_ANCHOR = "termine"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def conversation(*, case: Case) -> list[Message]:
    """The case's messages, oldest first, with their senders and files (three queries)."""
    return list(
        Message.objects.filter(case=case)
        .select_related("sender")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def appointments(*, case: Case) -> list[Appointment]:
    """The case's appointments in time order, with who answered them."""
    return list(
        Appointment.objects.filter(case=case).select_related("answered_by", "proposed_by").order_by("starts_at", "pk")
    )


def appointments_split(*, case: Case) -> dict[str, Any]:
    """Appointments still to come (or running) and those that are over, for the case page."""
    now = timezone.now()
    every = appointments(case=case)
    return {
        "upcoming": [a for a in every if a.ends_at > now],
        "past": [a for a in every if a.ends_at <= now][::-1],
    }


def team_people(*, case: Case, appointment: Appointment | None = None) -> list[User]:
    """Who of the team hears of the case: its assignee, and for an appointment also who proposed it."""
    candidates = [case.assignee, appointment.proposed_by if appointment is not None else None]
    people: dict[int, User] = {}
    for person in candidates:
        if person is not None and is_staff_member(person):
            people.setdefault(person.pk, person)
    return list(people.values())


def personal_data_export(user: User) -> list[dict[str, Any]]:
    """The messages a person wrote in counselling cases (their text and the names of their files)."""
    return [
        {
            "case": message.case.reference,
            "sent_at": message.created_at.isoformat(),
            "body": message.body,
            "attachments": [item.name for item in message.attachments.all()],
        }
        for message in Message.objects.filter(sender=user, case__anonymised_at__isnull=True)
        .select_related("case")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    ]
