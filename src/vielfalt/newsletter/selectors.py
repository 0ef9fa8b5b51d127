"""Reads of the newsletter: what an issue can be made of, who receives it, the archive, the team's figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.events.models import Event
from vielfalt.funding.models import Call
from vielfalt.news.models import Post
from vielfalt.newsletter.models import Delivery, Issue, Subscription

# How far back the composer offers news posts, and how many of each kind at most.
POST_DAYS = 120
CHOICES_LIMIT = 40


# --- what an issue is made of (the contracts of news, funding and events) -----------------------------------


def public_posts(*, now: datetime | None = None) -> QuerySet[Post]:
    """Posts anyone may read: published, and their publication time has come."""
    return Post.objects.filter(status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now())


def published_calls() -> QuerySet[Call]:
    """Calls anyone may read: the call and its programme are published."""
    return Call.objects.filter(is_published=True, programme__is_published=True)


def public_events() -> QuerySet[Event]:
    """Events anyone may see (as the events' own public feed): published and open to everyone."""
    return Event.objects.filter(status=Event.Status.PUBLISHED, audience=Event.Audience.PUBLIC)


def post_choices(*, include: Iterable[int] = (), now: datetime | None = None) -> QuerySet[Post]:
    """Recent public posts to pick from (newest first), and those ``include`` names (already picked)."""
    now = now or timezone.now()
    recent = public_posts(now=now).filter(published_at__gte=now - timedelta(days=POST_DAYS))
    ids = list(recent.order_by("-published_at", "-pk").values_list("pk", flat=True)[:CHOICES_LIMIT])
    return Post.objects.filter(pk__in=[*ids, *include]).order_by("-published_at", "-pk")


def call_choices(*, include: Iterable[int] = (), today: date | None = None) -> QuerySet[Call]:
    """Open calls to pick from (the nearest deadline first), and those ``include`` names."""
    today = today or timezone.localdate()
    open_calls = published_calls().filter(deadline__gte=today)
    ids = list(open_calls.order_by("deadline", "pk").values_list("pk", flat=True)[:CHOICES_LIMIT])
    return Call.objects.filter(pk__in=[*ids, *include]).select_related("programme").order_by("deadline", "pk")


def event_choices(*, include: Iterable[int] = (), now: datetime | None = None) -> QuerySet[Event]:
    """Coming public events to pick from (soonest first), and those ``include`` names."""
    upcoming = public_events().filter(ends_at__gt=now or timezone.now())
    ids = list(upcoming.order_by("starts_at", "pk").values_list("pk", flat=True)[:CHOICES_LIMIT])
    return Event.objects.filter(pk__in=[*ids, *include]).order_by("starts_at", "pk")


@dataclass
class IssueItems:
    posts: list[Post] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.posts or self.calls or self.events)


def issue_items(issue: Issue, *, public_only: bool = False) -> IssueItems:
    """The posts, calls and events of ``issue`` (three queries). ``public_only``: leave out what is no
    longer public (a post taken back, an unpublished call or event), as the archive must."""
    if issue.pk is None:
        return IssueItems()
    posts = Post.objects.filter(pk__in=issue.posts.values("pk"))
    calls = Call.objects.filter(pk__in=issue.calls.values("pk"))
    events = Event.objects.filter(pk__in=issue.events.values("pk"))
    if public_only:
        posts = posts.filter(pk__in=public_posts().values("pk"))
        calls = calls.filter(is_published=True, programme__is_published=True)
        events = events.filter(pk__in=public_events().values("pk"))
    return IssueItems(
        posts=list(posts.order_by("-published_at", "-pk")),
        calls=list(calls.select_related("programme").order_by("deadline", "pk")),
        events=list(events.select_related("municipality").order_by("starts_at", "pk")),
    )


# --- who receives an issue --------------------------------------------------------------------------------


def recipients_of(issue: Issue) -> QuerySet[Subscription]:
    """Confirmed subscriptions whose topics match the issue's: an issue without topics goes to all, a
    subscription without topics takes every issue, otherwise they must share one."""
    subscriptions = Subscription.objects.filter(status=Subscription.Status.CONFIRMED)
    topic_ids = list(issue.topics.values_list("pk", flat=True)) if issue.pk else []
    if topic_ids:
        chosen = Subscription.topics.through.objects.filter(subscription_id=OuterRef("pk"))
        subscriptions = subscriptions.filter(~Exists(chosen) | Exists(chosen.filter(fieldofaction_id__in=topic_ids)))
    return subscriptions


# --- the archive ----------------------------------------------------------------------------------------


def archive() -> QuerySet[Issue]:
    """Issues that went out, newest first."""
    return Issue.objects.filter(status__in=[Issue.Status.SENDING, Issue.Status.SENT]).order_by("-sent_at", "-pk")


# --- the team's pages -----------------------------------------------------------------------------------


def issues_for_staff() -> QuerySet[Issue]:
    """Every issue, drafts first, each with its delivery figures (one query)."""
    by_status = {
        f"count_{status}": Count("deliveries", filter=Q(deliveries__status=status)) for status in Delivery.Status.values
    }
    return Issue.objects.annotate(**by_status).order_by(F("sent_at").desc(nulls_first=True), "-pk")


def delivery_counts(issue: Issue) -> dict[str, int]:
    counts = dict(issue.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Delivery.Status.values}


def problem_deliveries(issue: Issue, *, limit: int = 200) -> list[Delivery]:
    """Deliveries that failed or whose outcome is unclear, with the address and the server's answer."""
    return list(
        issue.deliveries.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.UNKNOWN])
        .select_related("subscription")
        .order_by("subscription__email")[:limit]
    )


def subscription_counts() -> dict[str, int]:
    counts = dict(Subscription.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Subscription.Status.values}


def dashboard_counts() -> dict[str, int]:
    """The staff dashboard's tile: two queries."""
    subscriptions = Subscription.objects.aggregate(
        confirmed=Count("pk", filter=Q(status=Subscription.Status.CONFIRMED)),
        suspended=Count("pk", filter=Q(status=Subscription.Status.SUSPENDED)),
    )
    issues = Issue.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Issue.Status.DRAFT)),
        sending=Count("pk", filter=Q(status=Issue.Status.SENDING)),
    )
    return {**subscriptions, **issues}


# --- personal data ----------------------------------------------------------------------------------------


def subscriptions_of(user: User) -> QuerySet[Subscription]:
    """Subscriptions of the address of ``user``'s account (subscriptions belong to addresses, not accounts)."""
    return Subscription.objects.filter(email__iexact=user.email.strip()) if user.email else Subscription.objects.none()


def personal_data_export(user: User) -> list[dict[str, Any]]:
    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    rows = []
    for subscription in subscriptions_of(user).prefetch_related("topics"):
        rows.append(
            {
                "email": subscription.email,
                "status": subscription.status,
                "language": subscription.language,
                "topics": [topic.name for topic in subscription.topics.all()],
                "consent_version": subscription.consent_version,
                "consented_at": when(subscription.consented_at),
                "confirmed_at": when(subscription.confirmed_at),
                "unsubscribed_at": when(subscription.unsubscribed_at),
                "issues_sent": subscription.deliveries.filter(status=Delivery.Status.SENT).count(),
            }
        )
    return rows
