"""Reads of funding: the public lists with their filters, a programme's and a call's page, the deadline
view and the calendar feed, the start page's next deadlines, the team's lists, a person's follows.

"Programmes without a restriction apply to all": a programme without topics is for every topic, one
without target groups for every target group, one without districts for the whole of Hessen. The
filters follow that rule, so a filter for "Bildung" shows the programmes for any topic as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.funding.access import public_calls_q
from vielfalt.funding.models import DEFAULT_REMINDER_DAYS, Call, Follow, Programme, Reminder, ReminderSettings
from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.regions.models import District

DEADLINE_DAYS = 90
CALLS_PAGE_SIZE = 20
# A calendar keeps the deadlines of the last months, so a subscription does not lose them at once.
FEED_PAST_DAYS = 180

_SLUG = re.compile(r"^[-a-z0-9_]{1,60}$")
_AGS = re.compile(r"^\d{5}$")

ProgrammeTopics = Programme.topics.through
ProgrammeTargetGroups = Programme.target_groups.through
ProgrammeDistricts = Programme.districts.through


def _applies(through: Any, column: str, value: Any, *, prefix: str) -> Q:
    """Programmes whose ``through`` list holds ``value`` (in ``column``), or that have no such list."""
    rows = through.objects.filter(programme_id=OuterRef(f"{prefix}pk"))
    return Q(Exists(rows.filter(**{column: value}))) | ~Q(Exists(rows))


@dataclass(frozen=True)
class FundingFilters:
    """The filters of the public list, as the address holds them (``?topic=bildung&district=06531``)."""

    topic: str = ""  # FieldOfAction slug
    target_group: str = ""  # TargetGroup slug
    district: str = ""  # District AGS
    funder_kind: str = ""  # Programme.FunderKind

    @classmethod
    def from_values(
        cls, *, topic: str = "", target_group: str = "", district: str = "", funder_kind: str = ""
    ) -> FundingFilters:
        """Anything that is not a well-formed value is ignored (never an error page)."""
        return cls(
            topic=topic if _SLUG.match(topic) else "",
            target_group=target_group if _SLUG.match(target_group) else "",
            district=district if _AGS.match(district) else "",
            funder_kind=funder_kind if funder_kind in Programme.FunderKind.values else "",
        )

    def is_empty(self) -> bool:
        return not (self.topic or self.target_group or self.district or self.funder_kind)

    def pairs(self) -> list[tuple[str, str]]:
        values = [
            ("topic", self.topic),
            ("target_group", self.target_group),
            ("district", self.district),
            ("funder_kind", self.funder_kind),
        ]
        return [(name, value) for name, value in values if value]

    def programme_q(self, prefix: str = "") -> Q:
        """The condition on programmes (``prefix``: the path to the programme, e.g. ``"programme__"``)."""
        condition = Q()
        if self.topic:
            condition &= _applies(ProgrammeTopics, "fieldofaction__slug", self.topic, prefix=prefix)
        if self.target_group:
            condition &= _applies(ProgrammeTargetGroups, "targetgroup__slug", self.target_group, prefix=prefix)
        if self.district:
            condition &= _applies(ProgrammeDistricts, "district__ags", self.district, prefix=prefix)
        if self.funder_kind:
            condition &= Q(**{f"{prefix}funder_kind": self.funder_kind})
        return condition


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the filter form (three queries: topics, target groups, districts)."""
    districts = District.objects.only("ags", "name", "kind").order_by("name", "ags")
    return {
        "topics": [(term.slug, term.localized_name().text) for term in FieldOfAction.objects.all()],
        "target_groups": [(term.slug, term.localized_name().text) for term in TargetGroup.objects.all()],
        "districts": [(district.ags, str(district)) for district in districts],
        "funder_kinds": [(str(value), str(label)) for value, label in Programme.FunderKind.choices],
    }


# --- the public lists -------------------------------------------------------------------------------------


def open_calls(*, filters: FundingFilters | None = None, today: date | None = None) -> QuerySet[Call]:
    """Public calls whose deadline has not passed (open now or opening later), the nearest deadline first."""
    today = today or timezone.localdate()
    calls = Call.objects.filter(public_calls_q(), deadline__gte=today).select_related("programme")
    if filters is not None:
        calls = calls.filter(filters.programme_q("programme__"))
    return calls.order_by("deadline", "pk")


def public_programmes(*, filters: FundingFilters | None = None, today: date | None = None) -> list[Programme]:
    """Published programmes (matching ``filters``), each with ``open_call_count`` (one query)."""
    today = today or timezone.localdate()
    programmes = Programme.objects.filter(is_published=True)
    if filters is not None:
        programmes = programmes.filter(filters.programme_q())
    return list(
        programmes.annotate(
            open_call_count=Count("calls", filter=Q(calls__is_published=True, calls__deadline__gte=today))
        ).order_by("name", "pk")
    )


def deadlines(*, today: date | None = None, days: int = DEADLINE_DAYS) -> list[Call]:
    """Public calls due within the next ``days`` days (today included), the nearest first (one query)."""
    today = today or timezone.localdate()
    return list(open_calls(today=today).filter(deadline__lte=today + timedelta(days=days)))


def next_deadlines(*, limit: int = 3, today: date | None = None) -> list[Call]:
    """The start page's block: the next ``limit`` deadlines (one query)."""
    return list(open_calls(today=today)[:limit])


def feed_calls(*, today: date | None = None) -> list[Call]:
    """The calendar feed: public calls due from half a year ago on (one query)."""
    today = today or timezone.localdate()
    return list(
        Call.objects.filter(public_calls_q(), deadline__gte=today - timedelta(days=FEED_PAST_DAYS))
        .select_related("programme")
        .order_by("deadline", "pk")
    )


# --- a programme's and a call's page ----------------------------------------------------------------------


@dataclass
class Audience:
    """For whom a programme is: empty lists mean "all" (any kind, topic, target group, all of Hessen)."""

    kinds: list[str]
    topics: list[FieldOfAction]
    target_groups: list[TargetGroup]
    districts: list[District]


def audience_of(programme: Programme) -> Audience:
    """Three queries (topics, target groups, districts)."""
    from vielfalt.organisations.models import Organisation

    labels = dict(Organisation.Kind.choices)
    return Audience(
        kinds=[str(labels[kind]) for kind in programme.organisation_kinds if kind in labels],
        topics=list(programme.topics.all()),
        target_groups=list(programme.target_groups.all()),
        districts=list(programme.districts.defer("outline")),
    )


@dataclass
class ProgrammeCalls:
    current: list[Call] = field(default_factory=list)  # deadline today or later
    past: list[Call] = field(default_factory=list)


def calls_of_programme(*, programme: Programme, viewer: Viewer, today: date | None = None) -> ProgrammeCalls:
    """The programme's calls: published ones (the team sees drafts too), current and past (one query)."""
    from vielfalt.funding.access import can_edit_funding

    today = today or timezone.localdate()
    calls = Call.objects.filter(programme=programme).select_related("programme")
    if not can_edit_funding(viewer):
        calls = calls.filter(is_published=True)
    result = ProgrammeCalls()
    for call in calls.order_by("deadline", "pk"):
        (result.current if call.deadline >= today else result.past).append(call)
    result.past.reverse()
    return result


@dataclass(frozen=True)
class FollowState:
    """Whether the viewer follows a call directly, or through its programme."""

    call: bool = False
    programme: bool = False


def follow_state(*, viewer: Viewer, call: Call | None = None, programme: Programme | None = None) -> FollowState:
    """One query for a signed-in viewer, none for visitors."""
    if not viewer.is_authenticated:
        return FollowState()
    programme = programme or (call.programme if call else None)
    condition = Q(pk__in=[])
    if call is not None:
        condition |= Q(call=call)
    if programme is not None:
        condition |= Q(programme=programme)
    rows = Follow.objects.filter(condition, user=viewer)
    kinds = {(row.call_id is not None) for row in rows.only("call_id")}
    return FollowState(call=True in kinds, programme=False in kinds)


# --- a person's follows and settings ----------------------------------------------------------------------


@dataclass
class MyFunding:
    calls: list[Call]
    programmes: list[Programme]
    days_before: list[int]
    upcoming: list[Call]  # every current call the person hears about (directly or through a programme)


def reminder_days(user: User) -> list[int]:
    """The days before a deadline ``user`` wants a reminder (sorted, largest first)."""
    chosen = ReminderSettings.objects.filter(user=user).values_list("days_before", flat=True).first()
    days = DEFAULT_REMINDER_DAYS if chosen is None else chosen
    return sorted({int(d) for d in days}, reverse=True)


def my_funding(*, user: User, today: date | None = None) -> MyFunding:
    """What "Meine Förderung" shows (four queries)."""
    today = today or timezone.localdate()
    follows = list(
        Follow.objects.filter(user=user).select_related("call", "call__programme", "programme").order_by("created_at")
    )
    calls = [f.call for f in follows if f.call is not None and f.call.is_published and f.call.programme.is_published]
    programmes = [f.programme for f in follows if f.programme is not None and f.programme.is_published]
    upcoming = list(
        open_calls(today=today)
        .filter(Q(follows__user=user) | Q(programme__follows__user=user))
        .distinct()
        .order_by("deadline", "pk")
    )
    return MyFunding(calls=calls, programmes=programmes, days_before=reminder_days(user), upcoming=upcoming)


# --- the team ---------------------------------------------------------------------------------------------


def programmes_for_staff() -> list[Programme]:
    """Every programme with its number of calls and followers (one query)."""
    return list(
        Programme.objects.annotate(
            call_count=Count("calls", distinct=True), follower_count=Count("follows", distinct=True)
        ).order_by("name", "pk")
    )


def calls_for_staff(*, programme: Programme | None = None, today: date | None = None) -> list[Call]:
    """Calls (all, or of one programme) with their followers, current ones first (one query)."""
    today = today or timezone.localdate()
    calls = Call.objects.select_related("programme").annotate(follower_count=Count("follows"))
    calls = calls.filter(programme=programme) if programme is not None else calls.filter(deadline__gte=today)
    return list(calls.order_by("deadline", "pk"))


@dataclass(frozen=True)
class DashboardCounts:
    programmes: int
    open_calls: int
    drafts: int


def dashboard_counts(*, today: date | None = None) -> DashboardCounts:
    """The staff tile's figures (two queries)."""
    today = today or timezone.localdate()
    figures = Call.objects.filter(deadline__gte=today).aggregate(
        open_calls=Count("pk", filter=public_calls_q()), drafts=Count("pk", filter=Q(is_published=False))
    )
    return DashboardCounts(
        programmes=Programme.objects.filter(is_published=True).count(),
        open_calls=figures["open_calls"] or 0,
        drafts=figures["drafts"] or 0,
    )


# --- personal data --------------------------------------------------------------------------------------


def personal_data_export(user: User) -> dict[str, Any]:
    """What funding keeps about ``user``: follows, reminder settings, the reminders sent."""
    follows = Follow.objects.filter(user=user).select_related("call", "programme").order_by("created_at", "pk")
    settings_row = ReminderSettings.objects.filter(user=user).first()
    return {
        "follows": [
            {
                "call": f.call.slug if f.call else None,
                "programme": f.programme.slug if f.programme else None,
                "since": f.created_at.isoformat(),
            }
            for f in follows
        ],
        "reminder_days_before": settings_row.days_before if settings_row else None,
        "reminders_sent": [
            {"call": call_slug, "days_before": days, "sent_at": sent_at.isoformat()}
            for call_slug, days, sent_at in Reminder.objects.filter(user=user)
            .order_by("sent_at", "pk")
            .values_list("call__slug", "days_before", "sent_at")
        ],
    }
