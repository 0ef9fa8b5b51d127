"""Reads on events, shaped for a page, a feed or an export (no N+1: sizes are asserted in tests)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.events import access
from vielfalt.events.models import Documentation, Event, Registration, Session, TimeSlot, WorkshopChoice
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@dataclass
class SessionView:
    session: Session
    seats_taken: int = 0
    waiting: int = 0

    @property
    def seats_free(self) -> int:
        return max((self.session.capacity or 0) - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.session.is_workshop and self.seats_free == 0


@dataclass
class SlotView:
    slot: TimeSlot
    sessions: list[SessionView] = field(default_factory=list)

    @property
    def workshops(self) -> list[SessionView]:
        return [s for s in self.sessions if s.session.is_workshop]

    @property
    def is_parallel(self) -> bool:
        return len(self.workshops) > 1


class _Seats(TypedDict):
    seated: int
    waiting: int


def _sessions_with_seats(sessions: QuerySet[Session]) -> QuerySet[Session, WithAnnotations[Session, _Seats]]:
    """``sessions`` with their taken (``seated``) and waiting places, in the programme's order."""
    return sessions.annotate(
        seated=Count("choices", filter=Q(choices__status=WorkshopChoice.Status.SEATED)),
        waiting=Count(
            "choices",
            filter=Q(
                choices__status=WorkshopChoice.Status.WAITING,
                choices__registration__status=Registration.Status.CONFIRMED,
            ),
        ),
    ).order_by("slot__starts_at", "slot_id", "position", "pk")


def event_programme(event: Event) -> list[SlotView]:
    """The programme in time order, with taken and waiting places per workshop (two queries)."""
    slots = {slot.pk: SlotView(slot) for slot in TimeSlot.objects.filter(event=event).order_by("starts_at", "pk")}
    for session in _sessions_with_seats(Session.objects.filter(event=event)):
        slots[session.slot_id].sessions.append(
            SessionView(session, seats_taken=session.seated, waiting=session.waiting)
        )
    return list(slots.values())


def event_workshops(event: Event) -> list[SlotView]:
    """The slots of the programme that have workshops, in time order, each with only its workshops and
    their taken and waiting places (one query): what registering and changing a workshop choose from."""
    slots: dict[int, SlotView] = {}
    workshops = _sessions_with_seats(Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP))
    for session in workshops.select_related("slot"):
        view = slots.setdefault(session.slot_id, SlotView(session.slot))
        view.sessions.append(SessionView(session, seats_taken=session.seated, waiting=session.waiting))
    return list(slots.values())


@dataclass(frozen=True)
class Places:
    capacity: int
    taken: int  # confirmed or offered
    waiting: int
    waiting_limit: int | None
    registered: int = 0  # of the people asked about (``event_places(..., asking=...)``), those registered already

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def waiting_room(self) -> int | None:
        return None if self.waiting_limit is None else max(self.waiting_limit - self.waiting, 0)

    @property
    def is_full(self) -> bool:
        return self.free == 0


def event_places(event: Event, *, asking: Sequence[User] = ()) -> Places:
    """The event's taken and waiting places (one query), and how many of the people ``asking`` to
    register hold or await a place already. Registering counts them under the event's lock."""
    counts = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status__in=Registration.HOLDS_PLACE)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        **({"registered": Count("pk", filter=Q(user__in=asking, status__in=Registration.ACTIVE))} if asking else {}),
    )
    return Places(
        event.capacity, counts["taken"], counts["waiting"], event.waiting_list_limit, counts.get("registered", 0)
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITING).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_choices(registration: Registration) -> list[WorkshopChoice]:
    return list(registration.choices.select_related("session", "slot").order_by("slot__starts_at"))


def colleagues_registered_with(registration: Registration, *, by: User) -> list[Registration]:
    """The other registrations ``by`` made together with ``registration`` (its group: the colleagues they
    registered along), with the people, in the order they were made (one query)."""
    return list(
        Registration.objects.filter(group=registration.group, registered_by=by)
        .exclude(pk=registration.pk)
        .select_related("user")
        .order_by("pk")
    )


def registrations_of(user: User) -> QuerySet[Registration]:
    """A person's registrations, coming events first (for "My events")."""
    return (
        Registration.objects.filter(user=user)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "event__municipality", "organisation")
        .order_by("-event__starts_at")
    )


@dataclass(frozen=True)
class MyEvent:
    """One line of "My events": the current registration for an event and the earlier ones."""

    registration: Registration
    earlier: list[Registration]


def my_events(user: User) -> list[MyEvent]:
    """A person's events, one each, coming events first: the latest registration is the current
    one (as on "My registration"); earlier ones, cancelled before registering again, are history."""
    by_event: dict[int, list[Registration]] = {}
    for registration in registrations_of(user).order_by("-event__starts_at", "event_id", "-created_at", "-pk"):
        by_event.setdefault(registration.event_id, []).append(registration)
    return [MyEvent(registration=latest, earlier=rest) for latest, *rest in by_event.values()]


def attendance_counts(event: Event) -> dict[str, int]:
    """People present, and the organisations and districts they came from."""
    present = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    )
    return present.aggregate(
        people=Count("pk"),
        organisations=Count("organisation", distinct=True),
        districts=Count("organisation__district", distinct=True),
    )


def personal_data_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "event": r.event.title,
            "starts_at": timezone.localtime(r.event.starts_at).isoformat(),
            "status": r.status,
            "organisation": r.organisation.name if r.organisation else None,
            "registered_at": r.created_at.isoformat(),
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            "interpreting_language": r.interpreting_language,
            "accessibility_needs": r.accessibility_needs,
            "childcare": r.childcare,
            "dietary_needs": r.dietary_needs,
            "workshops": [c.session.title for c in r.choices.all()],
        }
        for r in Registration.objects.filter(user=user)
        .select_related("event", "organisation")
        .prefetch_related("choices__session")
    ]


# --- public pages: the calendar, past events, the Vernetzungstreffen, profiles, feeds ------------------

LIST_PAGE_SIZE = 20
FEED_DAYS_BACK = 30  # feeds keep the last month, so a calendar still shows what just happened
SERIES_LIMIT = 100  # one Vernetzungstreffen a year: a century of them is plenty for one page

FORMAT_ONLINE, FORMAT_ON_SITE = "online", "vor-ort"
FORMATS = {FORMAT_ONLINE: _("Online"), FORMAT_ON_SITE: _("Vor Ort")}

_CODE = re.compile(r"[a-z]{2,3}\Z")
_AGS = re.compile(r"[0-9]{5}\Z")


@dataclass(frozen=True)
class EventFilters:
    """What the calendar is narrowed to; invalid values are dropped (a shared link never errs)."""

    kind: str = ""
    district: str = ""  # AGS of a District
    language: str = ""  # ISO 639 code: spoken at the event or interpreted into
    format: str = ""  # FORMAT_ONLINE or FORMAT_ON_SITE

    @classmethod
    def from_values(cls, *, kind: str = "", district: str = "", language: str = "", format: str = "") -> EventFilters:
        return cls(
            kind=kind if kind in Event.Kind.values else "",
            district=district if _AGS.match(district) else "",
            language=language if _CODE.match(language) else "",
            format=format if format in FORMATS else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.kind or self.district or self.language or self.format)

    def pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters, in a stable order (for links that keep them)."""
        return [(name, value) for name, value in self.__dict__.items() if value]

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        if self.kind:
            events = events.filter(kind=self.kind)
        if self.district:
            events = events.filter(district__ags=self.district)
        if self.language:
            events = events.filter(_speaks_or_interprets(self.language))
        if self.format == FORMAT_ONLINE:
            events = events.filter(is_online=True)
        elif self.format == FORMAT_ON_SITE:  # as Event.is_on_site: a place, whether also online or not
            events = events.filter(Q(municipality__isnull=False) | ~Q(venue_name=""))
        return events


def _json_list_has(column: str, code: str) -> Q:
    """``code`` is an element of the JSON list ``column``, on PostgreSQL and on SQLite."""
    if connection.features.supports_json_field_contains:
        return Q(**{f"{column}__contains": [code]})
    # SQLite keeps the list as JSON text; codes are checked letters, so the quoted code is exact.
    return Q(**{f"{column}__icontains": f'"{code}"'})


def _speaks_or_interprets(code: str) -> Q:
    return _json_list_has("languages", code) | _json_list_has("interpreting", code)


# What an event's card (``events/includes/event_card.html``) reads of the event, its place and its
# organiser. An event has some fifty columns and an organiser its texts in seven languages: reading
# them all made the calendar's queries cost 4.1 instead of 3.0 ms (bench/anatomy.py).
EVENT_CARD_FIELDS = (
    "slug",
    "kind",
    "status",
    "audience",
    "title",
    "title_translations",
    "starts_at",
    "ends_at",
    "is_online",
    "venue_name",
    "municipality__name",
)


def _with_list_facts(events: QuerySet[Event]) -> QuerySet[Event]:
    """The events with what their cards show (``events/includes/event_card.html``): the organiser's
    name, the municipality, full or not, documentation published."""
    return _with_card_facts(
        events.select_related("organiser", "municipality").only(*EVENT_CARD_FIELDS, "organiser__name")
    )


def places_taken_subquery(event: OuterRef) -> Coalesce:
    """The places taken of the event ``event`` refers to (confirmed or offered), for an annotation."""
    taken = (
        Registration.objects.filter(event=event, status__in=Registration.HOLDS_PLACE)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), 0)


# What an event's card shows besides the event: full or not, documentation published. Subqueries rather
# than joins (the events may come ``distinct()`` from ``access.visible_events``), built once at import:
# Django copies an expression before it resolves it, so one serves every query, and building the two
# anew took a quarter of the list query's compilation (0.35 of 1.45 ms).
_IS_FULL: GreaterThanOrEqual[int] = GreaterThanOrEqual(places_taken_subquery(OuterRef("pk")), F("capacity"))
_HAS_DOCUMENTATION = Exists(Documentation.objects.filter(event=OuterRef("pk"), published=True))


def _with_card_facts(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with ``is_full`` and ``has_documentation``, as their cards show them."""
    return events.annotate(is_full=_IS_FULL, has_documentation=_HAS_DOCUMENTATION)


def upcoming_events(*, events: QuerySet[Event], filters: EventFilters, now: datetime | None = None) -> QuerySet[Event]:
    """Of ``events`` (those the viewer may see), the ones not yet over, soonest first, narrowed by ``filters``."""
    now = now or timezone.now()
    return _with_list_facts(filters.apply(events.filter(ends_at__gt=now))).order_by("starts_at", "pk")


def past_events(*, events: QuerySet[Event], now: datetime | None = None) -> QuerySet[Event]:
    """Of ``events``, the ones that are over, latest first (with whether a documentation is published)."""
    now = now or timezone.now()
    return _with_list_facts(events.filter(ends_at__lte=now)).order_by("-starts_at", "-pk")


@dataclass
class SeriesYear:
    year: int
    events: list[Event] = field(default_factory=list)


def networking_series(*, events: QuerySet[Event]) -> list[SeriesYear]:
    """The Vernetzungstreffen among ``events`` by year, newest year first (one query)."""
    years: dict[int, SeriesYear] = {}
    rows = _with_list_facts(events.filter(kind=Event.Kind.NETWORKING)).order_by("-starts_at", "-pk")
    for event in rows[:SERIES_LIMIT]:
        year = timezone.localtime(event.starts_at).year
        years.setdefault(year, SeriesYear(year)).events.append(event)
    for entry in years.values():
        entry.events.reverse()  # within a year, in the order they happened
    return list(years.values())


def next_public_events(*, limit: int = 3, now: datetime | None = None) -> list[Event]:
    """The next published events open to everyone (for the start page; one query)."""
    now = now or timezone.now()
    return list(
        _with_list_facts(
            Event.objects.filter(status=Event.Status.PUBLISHED, audience=Event.Audience.PUBLIC, ends_at__gt=now)
        ).order_by("starts_at", "pk")[:limit]
    )


def has_published_documentation(event: Event) -> bool:
    return Documentation.objects.filter(event=event, published=True).exists()


@dataclass(frozen=True)
class OrganisationEvents:
    upcoming: list[Event]
    past: list[Event]

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.past)


def events_of_organisation(
    *, organisation: Organisation, viewer: Viewer, upcoming: int = 5, past: int = 3, now: datetime | None = None
) -> OrganisationEvents:
    """The next ``upcoming`` and the last ``past`` events ``organisation`` runs that ``viewer`` may see.

    One query (the profile page has a query budget): the events whose ids are among the first few of
    the coming ones or of the past ones, each picked by a limited subquery. Numbering the events with
    window functions says the same, but Django compiles a filter on a window into a nested query: 3.0–3.4
    instead of 2.0–2.25 ms of CPU per profile.
    """
    now = now or timezone.now()
    events = Event.objects.filter(access.visible_condition(viewer), organiser=organisation)
    coming = events.filter(ends_at__gt=now).order_by("starts_at", "pk").values("pk")[:upcoming]
    over = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk").values("pk")[:past]
    rows = list(
        _with_card_facts(
            Event.objects.filter(Q(pk__in=coming) | Q(pk__in=over))
            .select_related("municipality")
            .only(*EVENT_CARD_FIELDS)
        ).order_by("starts_at", "pk")
    )
    for event in rows:
        event.organiser = organisation  # cards name the organiser; it is the one whose profile this is
    return OrganisationEvents(
        upcoming=[event for event in rows if event.ends_at > now],
        past=[event for event in reversed(rows) if event.ends_at <= now],
    )


# What an event in a calendar file shows (``events.calendar``): not the organiser's long texts nor
# the event's registration settings.
EVENT_FEED_FIELDS = (
    *EVENT_CARD_FIELDS,
    "description",
    "description_translations",
    "street",
    "postcode",
    "online_url",
    "updated_at",
)


def feed_events(
    *, district: District | None = None, organisation: Organisation | None = None, now: datetime | None = None
) -> QuerySet[Event]:
    """What a public calendar feed holds: published or cancelled events open to everyone, from a month ago on.

    Never drafts, never events for members or invited organisations only (a feed URL is shared freely).
    """
    now = now or timezone.now()
    events = Event.objects.filter(
        status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
        audience=Event.Audience.PUBLIC,
        ends_at__gte=now - timedelta(days=FEED_DAYS_BACK),
    )
    if district is not None:
        events = events.filter(district=district)
    if organisation is not None:
        events = events.filter(organiser=organisation)
    return (
        events.select_related("organiser", "municipality")
        .only(*EVENT_FEED_FIELDS, "organiser__name")
        .order_by("starts_at", "pk")
    )
