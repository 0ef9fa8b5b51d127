"""Reads for the request pages, the case page and the team's lists (query counts asserted in tests).

The team's list keeps its whole state in the address (``?status=…&topic=…&page=2``); values that do not
exist are dropped, so an old or hand-made link never errs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.accounts.models import Role, User
from vielfalt.counselling import access
from vielfalt.counselling.models import Case, Topic
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.regions.models import District

PAGE_SIZE = 25
BOARD_COLUMN_SIZE = 30
# The board's last column: cases closed within this many days.
BOARD_CLOSED_DAYS = 30

ASSIGNEE_NONE = "none"

# How old a case is (since the request): the list's "age" filter.
AGES: dict[str, tuple[Any, int | None, int | None]] = {
    "week": (_("jünger als eine Woche"), None, 7),
    "month": (_("1 bis 4 Wochen"), 7, 28),
    "quarter": (_("1 bis 3 Monate"), 28, 91),
    "older": (_("älter als 3 Monate"), 91, None),
}

VERIFIED_ONLY = "confirmed"
UNCONFIRMED = "unconfirmed"
CONFIRMATION: dict[str, Any] = {
    VERIFIED_ONLY: pgettext_lazy("Filter der Fallliste", "bestätigte Anfragen"),
    UNCONFIRMED: pgettext_lazy("Filter der Fallliste", "unbestätigte Anfragen aus dem öffentlichen Formular"),
}

_SLUG = re.compile(r"[-a-z0-9_]{1,60}\Z")
_AGS = re.compile(r"\d{5}\Z")
_PK = re.compile(r"\d{1,10}\Z")


def _case_list_related(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("topic", "organisation", "district", "assignee")


@dataclass(frozen=True)
class CaseFilters:
    """What the team's case list is narrowed to. ``assignee``: a person's id or ``none`` (unassigned)."""

    status: str = ""
    topic: str = ""
    district: str = ""
    kind: str = ""
    assignee: str = ""
    age: str = ""
    confirmation: str = VERIFIED_ONLY
    open: bool = False

    @classmethod
    def from_values(cls, values: Any) -> CaseFilters:
        """From the address's parameters (a ``QueryDict`` or a dict); unknown values are dropped."""

        def get(name: str) -> str:
            return str(values.get(name, "") or "")[:60]

        status, topic, district, kind = get("status"), get("topic"), get("district"), get("kind")
        assignee, age, confirmation = get("assignee"), get("age"), get("confirmation")
        return cls(
            status=status if status in Case.Status.values else "",
            topic=topic if _SLUG.match(topic) else "",
            district=district if _AGS.match(district) else "",
            kind=kind if kind in Case.Kind.values else "",
            assignee=assignee if assignee == ASSIGNEE_NONE or _PK.match(assignee) else "",
            age=age if age in AGES else "",
            confirmation=confirmation if confirmation in CONFIRMATION else VERIFIED_ONLY,
            open=get("open") == "1",
        )

    def pairs(self) -> list[tuple[str, str]]:
        """The parameters that differ from the defaults, for links (pagination) that keep the filters."""
        result: list[tuple[str, str]] = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "confirmation":
                if value != VERIFIED_ONLY:
                    result.append((item.name, value))
            elif item.name == "open":
                if value:
                    result.append(("open", "1"))
            elif value:
                result.append((item.name, value))
        return result


def cases_for_team(*, filters: CaseFilters) -> QuerySet[Case]:
    """All cases (anonymised ones included: their facts stay), newest request first, filtered."""
    cases = Case.objects.all()
    cases = cases.filter(is_verified=filters.confirmation != UNCONFIRMED)
    if filters.status:
        cases = cases.filter(status=filters.status)
    elif filters.open:
        cases = cases.exclude(status=Case.Status.CLOSED)
    if filters.topic:
        cases = cases.filter(topic__slug=filters.topic)
    if filters.district:
        cases = cases.filter(district__ags=filters.district)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.assignee == ASSIGNEE_NONE:
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee:
        cases = cases.filter(assignee_id=int(filters.assignee))
    if filters.age:
        _label, older_than, younger_than = AGES[filters.age]
        now = timezone.now()
        if older_than is not None:
            cases = cases.filter(created_at__lte=now - timedelta(days=older_than))
        if younger_than is not None:
            cases = cases.filter(created_at__gt=now - timedelta(days=younger_than))
    return _case_list_related(cases).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    count: int
    cases: list[Case]


def board(*, assignee: User | None = None) -> list[BoardColumn]:
    """The cases by status: every open one (at most ``BOARD_COLUMN_SIZE`` a column, oldest status first)
    and those closed in the last ``BOARD_CLOSED_DAYS`` days. One query for the counts, one a column."""
    base = Case.objects.filter(is_verified=True)
    if assignee is not None:
        base = base.filter(assignee=assignee)
    closed_since = timezone.now() - timedelta(days=BOARD_CLOSED_DAYS)
    shown = base.filter(~Q(status=Case.Status.CLOSED) | Q(closed_at__gte=closed_since))
    counts = dict(shown.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    columns = []
    for status in Case.Status:
        cases = _case_list_related(shown.filter(status=status)).order_by("status_changed_at", "pk")
        columns.append(
            BoardColumn(
                status=status.value,
                label=str(status.label),
                count=counts.get(status.value, 0),
                cases=list(cases[:BOARD_COLUMN_SIZE]),
            )
        )
    return columns


def team_members() -> QuerySet[User]:
    """Whom a case can be assigned to: active people with the staff role."""
    return User.objects.filter(role=Role.STAFF, is_active=True).order_by("name", "pk")


# The lists of the team's filter form, cached until a topic or a district changes (watched in ``setup``).
CHOICES_GROUP = "counselling.filter_choices"
CHOICES_TABLES = [model._meta.db_table for model in (Topic, District)]


def topic_choices(*, include_inactive: bool = False) -> QuerySet[Topic]:
    topics = Topic.objects.all()
    return topics if include_inactive else topics.filter(is_active=True)


def topics_for_staff() -> QuerySet[Topic]:
    """Every topic with the number of its cases (one query)."""
    return Topic.objects.annotate(case_count=Count("cases")).order_by("order", "name")


def district_choices() -> list[tuple[str, str]]:
    return [(district.ags, str(district)) for district in District.objects.only("ags", "name", "kind")]


def cases_of_viewer(*, user: User) -> QuerySet[Case]:
    """The cases a person sees as the organisation side (``counselling:mine``), newest first."""
    return _case_list_related(access.cases_of_organisation_side(user)).order_by("-created_at", "-pk")


def cases_of_organisation(*, organisation: Organisation, limit: int = 50) -> list[Case]:
    """An organisation's case history for the team's section of its profile (titles and status)."""
    return list(
        Case.objects.filter(organisation=organisation, is_verified=True)
        .only("reference", "title", "status", "created_at", "closed_at", "anonymised_at", "organisation_id")
        .order_by("-created_at", "-pk")[:limit]
    )


def dashboard_counts(*, user: User) -> dict[str, int]:
    """The staff dashboard tile: new requests, open cases, the person's own open cases (one query)."""
    open_cases = ~Q(status=Case.Status.CLOSED)
    return Case.objects.filter(is_verified=True).aggregate(
        new=Count("pk", filter=Q(status=Case.Status.NEW)),
        open=Count("pk", filter=open_cases),
        mine=Count("pk", filter=open_cases & Q(assignee=user)),
    )


def personal_data_export(user: User) -> list[dict[str, Any]]:
    """The requests a person made: what they asked, for whom, when, and where it stands (no team notes)."""
    cases = Case.objects.filter(requester=user).select_related("topic", "organisation").order_by("created_at")
    return [
        {
            "reference": case.reference,
            "title": case.title,
            "topic": case.topic.name,
            "organisation": case.organisation.name if case.organisation else "",
            "founding_name": case.founding_name,
            "description": case.description,
            "languages": list(case.languages),
            "ways": list(case.ways),
            "deadline": case.deadline.isoformat() if case.deadline else None,
            "phone": case.requester_phone,
            "status": case.status,
            "requested_at": case.created_at.isoformat(),
            "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        }
        for case in cases
    ]


def organisation_side_people(*, case: Case) -> list[User]:
    """Who speaks for the case's asker: the requester and the admins of its organisation (active accounts)."""
    people: dict[int, User] = {}
    if case.requester is not None and case.requester.is_active:
        people[case.requester.pk] = case.requester
    if case.organisation is not None:
        for membership in organisation_selectors.organisation_members(organisation=case.organisation):
            if membership.role == Membership.Role.ADMIN and membership.user.is_active:
                people.setdefault(membership.user.pk, membership.user)
    return list(people.values())
