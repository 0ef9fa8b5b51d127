"""Appointment emails, each in its recipient's language, with the invitation for their calendar.

Kinds: ``proposed`` (to the organisation side, with the one-click answer link), ``accepted`` and
``reminder`` (both sides, ``METHOD:REQUEST``), ``declined`` and ``cancelled`` (both sides,
``METHOD:CANCEL``, so a calendar drops the entry it holds).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import translation

from vielfalt.accounts.access import is_staff_member
from vielfalt.accounts.models import User
from vielfalt.core.lib.emails import queue_email
from vielfalt.counselling.conversation import calendar, selectors
from vielfalt.counselling.models import Appointment
from vielfalt.counselling.pages import case_url

KINDS = {"proposed", "accepted", "declined", "cancelled", "reminder"}
FILENAMES = {"proposed": "termin.ics", "accepted": "termin.ics", "reminder": "termin.ics"}


def send(appointment: Appointment, kind: str, people: Iterable[User]) -> None:
    from vielfalt.counselling.conversation.services import appointment_token

    assert kind in KINDS, kind
    case = appointment.case
    for person in people:
        language = person.preferred_language or "de"
        with translation.override(language):
            case_path = case_url(case, anchor=selectors.APPOINTMENTS_ANCHOR)
            answer_url = ""
            if kind == "proposed" and not is_staff_member(person):
                token = appointment_token(appointment, person)
                answer_url = selectors.absolute(reverse("counselling:appointment_by_link", kwargs={"token": token}))
            ical = calendar.invitation_for(appointment, email=person.email, name=person.get_full_name())
            filename = FILENAMES.get(kind, "absage.ics")
            place = calendar.location(appointment)
        queue_email(
            to=[person.email],
            template_prefix="counselling/conversation/emails/appointment",
            context={
                "kind": kind,
                "name": person.get_full_name(),
                "appointment": appointment,
                "case": case,
                "place": place,
                "case_url": selectors.absolute(case_path),
                "answer_url": answer_url,
                "answered_by": appointment.answered_by.get_full_name() if appointment.answered_by else "",
            },
            language=language,
            attachments=[(filename, ical.decode(), calendar.content_type(ical))],
        )
