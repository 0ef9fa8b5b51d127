"""The two blocks this part adds to the case page (``counselling.sections.CASE_SECTIONS``).

*Milestones* (order 40): the team sees them on every case and may add one while the case is open —
the form stands open for a Prozessbegleitung and folded for a counselling case (milestones are meant
for the long accompaniment; a short case rarely needs one). The organisation side sees the milestones
(what is planned, what is reached), without forms; a case without milestones shows it nothing.
*Timeline* (order 60): the way to the case's history, for whoever may see the case.

Blocks are rendered without context processors, so each context carries its own ``csrf_token``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone

from vielfalt.counselling import access
from vielfalt.counselling.milestones import selectors
from vielfalt.counselling.milestones.forms import MilestoneForm
from vielfalt.counselling.models import Case

ANCHOR = "meilensteine"


def milestones_context(request: HttpRequest, *, case: Case) -> dict[str, Any] | None:
    user = request.user
    if not access.can_view_case(user, case):
        return None
    team = access.works_on_cases(user)
    milestones = selectors.milestones_of_case(case)
    if not team and not milestones:
        return None
    writable = team and case.is_open and case.anonymised_at is None
    return {
        "case": case,
        "anchor": ANCHOR,
        "milestones": milestones,
        "today": timezone.localdate(),
        "team": team,
        "writable": writable,
        "closed": team and not case.is_open,
        "offered": case.kind == Case.Kind.PROCESS,
        "form": MilestoneForm() if writable else None,
        "csrf_token": get_token(request),
    }


def timeline_context(request: HttpRequest, *, case: Case) -> dict[str, Any] | None:
    if not access.can_view_case(request.user, case):
        return None
    return {"case": case}
