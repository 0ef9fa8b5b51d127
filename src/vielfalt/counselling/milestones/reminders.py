"""The periodic reminders of counselling (run by the worker's timer, see ``tasks``).

Each reminder goes to the case's assignee, in the app (and by email as they chose: category
*Beratung*), and each is sent once:

- an **overdue milestone** (not reached, due before today, case open): once per milestone
  (``Milestone.reminded_at``; a new due date may be reminded again);
- a **follow-up** (``Case.follow_up_on``): on its day, once per date (``Case.follow_up_reminded_on``);
  when the worker was down that day, it catches up within ``FOLLOW_UP_CATCH_UP`` days;
- a case **waiting** for the organisation longer than ``COUNSELLING_WAITING_DAYS``: once per waiting
  period (``Case.waiting_reminded_at``; every status change starts a new period);
- the **weekly digest** on Monday: one email per team member with open cases (``digest``).

"Once" holds when two workers run at the same time: each reminder is claimed by a conditional
update of its row, and only the worker whose update changed the row notifies.
A case without an assignee reminds nobody, and is reminded when someone takes it on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from vielfalt.counselling.models import Case, Milestone
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify

FOLLOW_UP_CATCH_UP = timedelta(days=7)
MILESTONES_ANCHOR = "meilensteine"


def case_subject(case: Case) -> str:
    """How a notification names a case: its reference and title."""
    return f"{case.reference} {case.title}"


def case_link(case: Case, anchor: str = "") -> str:
    url = reverse("counselling:case", args=[case.reference])
    return f"{url}#{anchor}" if anchor else url


def _open_assigned() -> Q:
    return Q(assignee__isnull=False, assignee__is_active=True, anonymised_at__isnull=True) & ~Q(
        status=Case.Status.CLOSED
    )


def milestones_remind_overdue(*, today: date | None = None) -> int:
    """Remind the assignee of each overdue milestone once; returns how many were reminded."""
    today = today or timezone.localdate()
    due = (
        Milestone.objects.filter(
            done_on__isnull=True,
            due_on__lt=today,
            reminded_at__isnull=True,
            case__in=Case.objects.filter(_open_assigned()),
        )
        .select_related("case", "case__assignee")
        .order_by("due_on", "pk")
    )
    sent = 0
    for milestone in due:
        with transaction.atomic():
            claimed = Milestone.objects.filter(pk=milestone.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            case = milestone.case
            notify(
                users=[case.assignee],  # type: ignore[list-item]
                category=Category.COUNSELLING,
                verb="counselling.milestone_overdue",
                url=case_link(case, MILESTONES_ANCHOR),
                subject=case_subject(case),
            )
            sent += 1
    return sent


def follow_ups_remind(*, today: date | None = None) -> int:
    """Remind the assignee of each case whose follow-up date has come (once per date); returns how many."""
    today = today or timezone.localdate()
    due = (
        Case.objects.filter(_open_assigned(), follow_up_on__lte=today, follow_up_on__gt=today - FOLLOW_UP_CATCH_UP)
        .filter(Q(follow_up_reminded_on__isnull=True) | ~Q(follow_up_reminded_on=F("follow_up_on")))
        .select_related("assignee")
        .order_by("follow_up_on", "pk")
    )
    sent = 0
    for case in due:
        with transaction.atomic():
            claimed = (
                Case.objects.filter(pk=case.pk, follow_up_on=case.follow_up_on)
                .filter(Q(follow_up_reminded_on__isnull=True) | ~Q(follow_up_reminded_on=F("follow_up_on")))
                .update(follow_up_reminded_on=F("follow_up_on"))
            )
            if not claimed:
                continue
            notify(
                users=[case.assignee],  # type: ignore[list-item]
                category=Category.COUNSELLING,
                verb="counselling.follow_up",
                url=case_link(case),
                subject=case_subject(case),
            )
            sent += 1
    return sent


def waiting_remind(*, now: datetime | None = None) -> int:
    """Remind the assignee of each case waiting for the organisation longer than the setting; once per
    waiting period. Returns how many."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.COUNSELLING_WAITING_DAYS)
    due = (
        Case.objects.filter(
            _open_assigned(), status=Case.Status.WAITING, status_changed_at__lte=since, waiting_reminded_at__isnull=True
        )
        .select_related("assignee")
        .order_by("status_changed_at", "pk")
    )
    sent = 0
    for case in due:
        with transaction.atomic():
            claimed = Case.objects.filter(
                pk=case.pk, status=Case.Status.WAITING, status_changed_at=case.status_changed_at,
                waiting_reminded_at__isnull=True,
            ).update(waiting_reminded_at=now)  # fmt: skip
            if not claimed:
                continue
            notify(
                users=[case.assignee],  # type: ignore[list-item]
                category=Category.COUNSELLING,
                verb="counselling.waiting",
                url=case_link(case),
                subject=case_subject(case),
            )
            sent += 1
    return sent


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Everything the timer does for counselling's milestones and follow-ups; returns counts by kind."""
    from vielfalt.counselling.milestones.digest import digests_send

    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "milestones_overdue": milestones_remind_overdue(today=today),
        "follow_ups": follow_ups_remind(today=today),
        "waiting": waiting_remind(now=now),
        "digests": digests_send(today=today),
    }
