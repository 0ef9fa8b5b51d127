"""The weekly digest: on Monday, each team member with open cases gets one email about them, in their
language — how many cases in which status, which milestones are overdue, which follow-ups come this
week (today's first). Sent once per person and week (``WeeklyDigest``); nothing for someone who turned
off counselling emails in their notification settings, and nothing for someone without open cases.

The figures are gathered for all team members in a constant number of queries; each email is written
in its own transaction with its ``WeeklyDigest`` row, so a second run (or a second worker) sends none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from vielfalt.accounts.models import Role, User
from vielfalt.core.lib.emails import queue_email
from vielfalt.counselling.models import Case, Milestone, WeeklyDigest
from vielfalt.notifications.models import Category, Preference

DIGEST_WEEKDAY = 0  # Monday


@dataclass
class Digest:
    """What one team member's digest says."""

    user: User
    counts: dict[str, int] = field(default_factory=dict)
    overdue: list[Milestone] = field(default_factory=list)
    follow_ups: list[Case] = field(default_factory=list)

    @property
    def open_cases(self) -> int:
        return sum(self.counts.values())

    def by_status(self) -> list[tuple[str, int]]:
        """(status label, count) in the workflow's order, only statuses that occur."""
        return [(str(label), self.counts[value]) for value, label in Case.Status.choices if self.counts.get(value)]


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: the key of a weekly digest."""
    return day - timedelta(days=day.weekday())


def digests_for(*, today: date) -> list[Digest]:
    """The digest of every active team member with open cases assigned to them (five queries in all)."""
    open_cases = Case.objects.filter(anonymised_at__isnull=True, assignee__isnull=False).exclude(
        status=Case.Status.CLOSED
    )
    counts = open_cases.values_list("assignee_id", "status").annotate(n=Count("pk")).order_by()
    users = {
        user.pk: user
        for user in User.objects.filter(
            pk__in={assignee for assignee, _status, _n in counts}, is_active=True, role=Role.STAFF
        ).order_by("pk")
    }
    digests = {pk: Digest(user=user) for pk, user in users.items()}
    for assignee, status, n in counts:
        if assignee in digests:
            digests[assignee].counts[status] = n
    overdue = (
        Milestone.objects.filter(done_on__isnull=True, due_on__lt=today, case__in=open_cases)
        .select_related("case")
        .order_by("due_on", "pk")
    )
    for milestone in overdue:
        if milestone.case.assignee_id in digests:
            digests[milestone.case.assignee_id].overdue.append(milestone)
    week_end = today + timedelta(days=6)
    for case in open_cases.filter(follow_up_on__range=(today, week_end)).order_by("follow_up_on", "reference"):
        if case.assignee_id in digests:
            digests[case.assignee_id].follow_ups.append(case)
    return [digests[pk] for pk in sorted(digests)]


def _wants_email(user: User, off: set[int]) -> bool:
    # As ``notifications.services.modes_for`` reads it: the general switch, then the category's mode.
    return user.notify_activity and user.pk not in off


def digests_send(*, today: date | None = None) -> int:
    """Send this week's digests if today is Monday; returns how many went out now (0 on a second run)."""
    today = today or timezone.localdate()
    if today.weekday() != DIGEST_WEEKDAY:
        return 0
    week = week_of(today)
    digests = digests_for(today=today)
    done = set(
        WeeklyDigest.objects.filter(week=week, user__in=[d.user for d in digests]).values_list("user_id", flat=True)
    )
    off = set(
        Preference.objects.filter(
            user__in=[d.user for d in digests], category=Category.COUNSELLING, mode=Preference.Mode.OFF
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for digest in digests:
        user = digest.user
        if user.pk in done or not _wants_email(user, off):
            continue
        try:
            with transaction.atomic():
                WeeklyDigest.objects.create(user=user, week=week)
                _queue(digest, today=today)
        except IntegrityError:  # another worker sent it a moment ago
            continue
        sent += 1
    return sent


def _queue(digest: Digest, *, today: date) -> None:
    user = digest.user
    language = user.preferred_language or "de"
    queue_email(
        to=[user.email],
        template_prefix="counselling/milestones/emails/digest",
        context={"user": user, "digest": digest, "today": today},
        language=language,
    )


# --- personal data ------------------------------------------------------------------------------------------


def personal_data_export(user: User) -> list[str]:
    """The weeks whose digest went to ``user`` (the emails themselves are not kept)."""
    return [week.isoformat() for week in WeeklyDigest.objects.filter(user=user).values_list("week", flat=True)]


def personal_data_erase(user: User) -> None:
    WeeklyDigest.objects.filter(user=user).delete()
