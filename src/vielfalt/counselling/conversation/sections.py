"""The two blocks this part adds to the case page (``CASE_SECTIONS``): appointments (order 10) and the
conversation (order 20). A block is rendered without context processors, so it gets the CSRF token of
its forms from here. Each returns ``None`` for whoever may not see the case.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token

from vielfalt.counselling import access
from vielfalt.counselling.conversation import selectors
from vielfalt.counselling.conversation.forms import AppointmentForm, MessageForm
from vielfalt.counselling.models import Case


def appointments_context(request: HttpRequest, *, case: Case) -> dict[str, Any] | None:
    user = request.user
    if not access.can_view_case(user, case):
        return None
    team = access.works_on_cases(user)
    may_propose = team and case.is_open and case.anonymised_at is None
    return {
        "case": case,
        **selectors.appointments_split(case=case),
        "is_team": team,
        "may_propose": may_propose,
        "may_answer": access.can_answer_appointment(user, case),
        "form": AppointmentForm() if may_propose else None,
        "csrf_token": get_token(request),
        "anchor": selectors.APPOINTMENTS_ANCHOR,
    }


def conversation_context(request: HttpRequest, *, case: Case) -> dict[str, Any] | None:
    user = request.user
    if not access.can_view_case(user, case):
        return None
    may_write = access.can_write_message(user, case)
    return {
        "case": case,
        "conversation": selectors.conversation(case=case),
        "form": MessageForm() if may_write else None,
        "csrf_token": get_token(request),
        "anchor": selectors.CONVERSATION_ANCHOR,
    }
