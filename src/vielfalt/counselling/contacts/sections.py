"""The two sections this part adds to the case page (``counselling.sections.CASE_SECTIONS``).

*Contacts* (order 30): the team sees the whole log and the form to add one; the organisation side sees
when, how long, which way, about what and with whom from the team — not the team's summary nor the
names typed in (the summary is the team's record; what the organisation should read goes into the
conversation). *Confidential notes* (order 50): the team only; ``None`` for everyone else, so the
block is not rendered at all.

Blocks are rendered without context processors, so each context carries its own ``csrf_token``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token

from vielfalt.counselling import access
from vielfalt.counselling.contacts import selectors
from vielfalt.counselling.contacts.forms import ContactForm, NoteForm
from vielfalt.counselling.models import Case


def contacts_context(request: HttpRequest, *, case: Case) -> dict[str, Any] | None:
    user = request.user
    if not access.can_view_case(user, case):
        return None
    team = access.works_on_cases(user)
    contacts = selectors.contacts_of_case(case)
    total = sum(contact.minutes for contact in contacts)
    writable = team and case.anonymised_at is None
    return {
        "case": case,
        "contacts": contacts,
        "total_hours": selectors.hours(total),
        "team": team,
        "form": ContactForm(case=case, by=user) if writable else None,  # type: ignore[arg-type]
        "writable": writable,
        "csrf_token": get_token(request),
    }


def notes_context(request: HttpRequest, *, case: Case) -> dict[str, Any] | None:
    user = request.user
    if not access.can_view_notes(user, case):
        return None
    writable = case.anonymised_at is None
    return {
        "case": case,
        "notes": selectors.notes_of_case(case),
        "form": NoteForm() if writable else None,
        "writable": writable,
        "csrf_token": get_token(request),
    }
