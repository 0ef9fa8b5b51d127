"""The case workflow: which status may follow which (the only place that says it).

    new ─▶ assigned ─▶ in progress ⇄ waiting for the organisation
     │        │             │               │
     └────────┴─────────────┴───────────────┴─▶ closed ─▶ (reopened) in progress

A new request can be closed at once (spam, not eligible). Reopening a closed case puts it back in
progress. Everything else is refused with a message (``transition_error``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from vielfalt.counselling.models import Case

Status = Case.Status

ALLOWED: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.CLOSED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.WAITING, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.WAITING, Status.CLOSED}),
    Status.WAITING: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),
}


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


def next_statuses(case: Case) -> list[str]:
    """The statuses ``case`` may move to, in the workflow's order (for the buttons on the case page)."""
    allowed = ALLOWED.get(case.status, frozenset())
    return [status for status in Status.values if status in allowed]


def transition_error(current: str, target: str) -> str:
    """The message for a refused transition, naming both statuses in the reader's language."""
    return _("Ein Fall im Status „%(current)s“ kann nicht in den Status „%(target)s“ wechseln.") % {
        "current": Status(current).label,
        "target": Status(target).label,
    }


def button_moves(case: Case) -> list[str]:
    """The moves the case page offers as plain buttons: assigning and closing have forms of their own,
    and an anonymised case moves no more."""
    if case.anonymised_at is not None:
        return []
    return [status for status in next_statuses(case) if status not in (Status.ASSIGNED, Status.CLOSED)]


def can_close(case: Case) -> bool:
    return case.anonymised_at is None and can_move(case.status, Status.CLOSED)


def can_assign(case: Case) -> bool:
    return case.anonymised_at is None and case.is_open
