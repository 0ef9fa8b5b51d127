"""Deadline reminders (run by the worker's timer, see ``tasks``).

Whoever follows a call, or its programme, is reminded before the call's deadline at the offsets they
chose (``ReminderSettings``; by default 4 weeks and 1 week before). Each reminder is an in-app
notification (category *Förderung*) and, unless the person turned those emails off (in their
notification settings or with the one-click link of an earlier reminder), an email in their language.

*Exactly once* per person, call and offset: the reminder's ``Reminder`` row is written in the same
transaction as the notification and the email, and a unique constraint refuses a second one, so a
task that runs twice (or two workers at once) sends nothing twice. Only the most urgent due offset
goes out: someone who follows a call five days before its deadline gets the one-week reminder, not
the four-week one as well; after the one-week reminder, a four-week reminder is never sent late.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from vielfalt.accounts.models import User
from vielfalt.core.lib.emails import queue_email
from vielfalt.funding.models import DEFAULT_REMINDER_DAYS, REMINDER_DAYS, Call, Follow, Reminder, ReminderSettings
from vielfalt.funding.selectors import open_calls
from vielfalt.notifications.models import Category, Preference
from vielfalt.notifications.services import notify, unsubscribe_url

VERB = "funding.deadline"


@dataclass(frozen=True)
class Due:
    """One reminder to send: ``user`` about ``call``, for the offset ``days_before``."""

    user: User
    call: Call
    days_before: int
    days_left: int


def due_reminders(*, today: date) -> list[Due]:
    """The reminders due today (five queries however many people follow however many calls)."""
    calls = list(open_calls(today=today).filter(deadline__lte=today + _longest()))
    if not calls:
        return []
    call_ids = {call.pk for call in calls}
    programme_ids = {call.programme_id for call in calls}
    follows = Follow.objects.filter(
        Q(call_id__in=call_ids) | Q(programme_id__in=programme_ids), user__is_active=True
    ).select_related("user")
    followed: dict[int, set[tuple[str, int]]] = defaultdict(set)
    users: dict[int, User] = {}
    for follow in follows:
        users[follow.user_id] = follow.user
        followed[follow.user_id].add(("call", follow.call_id) if follow.call_id else ("programme", follow.programme_id))  # type: ignore[arg-type]
    if not users:
        return []
    chosen = dict(ReminderSettings.objects.filter(user_id__in=users).values_list("user_id", "days_before"))
    sent: dict[tuple[int, int], set[int]] = defaultdict(set)
    for user_id, call_id, days in Reminder.objects.filter(user_id__in=users, call_id__in=call_ids).values_list(
        "user_id", "call_id", "days_before"
    ):
        sent[(user_id, call_id)].add(days)

    due = []
    for user_id in sorted(users):
        offsets = {int(d) for d in chosen.get(user_id, DEFAULT_REMINDER_DAYS)}
        for call in calls:
            if ("call", call.pk) not in followed[user_id] and ("programme", call.programme_id) not in followed[user_id]:
                continue
            days_left = (call.deadline - today).days
            reached = [d for d in offsets if days_left <= d]
            if not reached:
                continue
            most_urgent = min(reached)
            if any(d <= most_urgent for d in sent[(user_id, call.pk)]):
                continue  # this one, or a later one, went out already
            due.append(Due(user=users[user_id], call=call, days_before=most_urgent, days_left=days_left))
    return due


def _longest() -> timedelta:
    return timedelta(days=max(REMINDER_DAYS))


def _emails_off(users: list[User]) -> set[int]:
    """Those of ``users`` who want no funding emails (one query), as ``notifications`` reads it: the
    general switch, then the category's mode. A digest mode counts as "yes": a deadline does not wait."""
    off = set(
        Preference.objects.filter(user__in=users, category=Category.FUNDING, mode=Preference.Mode.OFF).values_list(
            "user_id", flat=True
        )
    )
    return off | {user.pk for user in users if not user.notify_activity}


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder due today; returns how many went out now (0 on a second run)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = due_reminders(today=today)
    off = _emails_off(list({d.user.pk: d.user for d in due}.values()))
    sent = 0
    for item in due:
        try:
            with transaction.atomic():
                Reminder.objects.create(user=item.user, call=item.call, days_before=item.days_before, sent_at=now)
                _tell(item, email=item.user.pk not in off)
        except IntegrityError:  # another run sent it a moment ago
            continue
        sent += 1
    return sent


def _tell(item: Due, *, email: bool) -> None:
    user, call = item.user, item.call
    language = user.preferred_language or "de"
    with translation.override(language):
        path = reverse("funding:call", kwargs={"slug": call.slug})
        title = call.localized_title().text
    # In the list of notifications; the email (if any) is this reminder's own, richer one.
    notify(users=[user], category=Category.FUNDING, verb=VERB, url=path, subject=title, emailed=True)
    if not email:
        return
    link = unsubscribe_url(user, Category.FUNDING)
    queue_email(
        to=[user.email],
        template_prefix="funding/emails/reminder",
        context={
            "user": user,
            "call": call,
            "programme": call.programme,
            "days_left": item.days_left,
            "unsubscribe_url": link,
        },
        language=language,
        # RFC 2369 / RFC 8058: the mail program's one-click "unsubscribe" turns off funding emails.
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
