"""Reads for the exchange's dashboard: whom to meet ("Wen Sie treffen könnten") and what is new.

"You" are the verified organisations you belong to: their districts and fields of action. From
them come four kinds of suggestion, each explained in one line in the reader's language:

(a) organisations sharing a field of action in the same or a neighbouring district,
(b) the municipal actors and the WIR-Vielfaltszentrum of your district(s),
(c) upcoming events you may see in the same or a neighbouring district, and the Vernetzungstreffen,
(d) open groups on your fields, and your district's regional group if you are not in it.

People without a (verified) organisation get what needs no district: organisations speaking their
languages, the Vernetzungstreffen and online events, open topic groups — and a hint to join or
register an organisation. Your own organisations and groups are never suggested; closed groups
never are either, and nobody's membership is shown.

**Speed.** Neighbouring districts come from the district outlines (districts that share a stretch
of border), computed once per process. Organisations are matched on ``Organisation.field_ids``
(the ids of their fields as a JSON list, kept with the search text): no join over the link table of
20,000 organisations, and on PostgreSQL the ranking reads only the directory's covering index
(``status, kind, district_id, municipality_id INCLUDE id, languages, field_ids``); only the six
chosen rows are read in full. The dashboard costs seven queries of its own, whatever the number of
organisations, people or groups (asserted in the tests).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, reduce
from operator import add, or_
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vielfalt.accounts.forms import SPOKEN_LANGUAGES
from vielfalt.core.lib.translated import localized
from vielfalt.events.access import visible_condition
from vielfalt.events.models import Event
from vielfalt.exchange.models import Group, GroupMembership, Thread
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.regions.models import District

ORGANISATION_LIMIT = 6
LOCAL_ACTOR_LIMIT = 3  # of the six: the municipal actors and Vielfaltszentrum of your district
EVENT_LIMIT = 3
GROUP_LIMIT = 3
MY_GROUPS_LIMIT = 8
THREADS_PER_GROUP = 2

LOCAL_ACTOR_KINDS = (*Organisation.MUNICIPAL_KINDS, Organisation.Kind.VIELFALTSZENTRUM)
# A regional group is suggested unless it is invitation-only (one may ask to join the others).
_JOINABLE = (Group.Joining.OPEN, Group.Joining.REQUEST)
# What a suggestion card reads of an organisation (never the search text or the outline).
_CARD_COLUMNS = (
    "pk", "name", "slug", "kind", "field_ids", "languages", "district_id",
    "district__name", "district__kind", "municipality__name",
)  # fmt: skip
_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


# --- districts and their neighbours ------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictInfo:
    pk: int
    ags: str
    name: str
    kind: str
    ambiguous: bool  # another district has the same name (city and Landkreis of Kassel, Offenbach)
    neighbours: frozenset[int]

    @property
    def label(self) -> str:
        """The name as people say it ("Gießen"); "Kassel (Landkreis)" only where a city has the same name."""
        if self.ambiguous and self.kind == District.Kind.RURAL:
            return f"{self.name} ({District.Kind(self.kind).label})"
        return self.name


@cache
def districts() -> dict[int, DistrictInfo]:
    """Every district with the districts it borders (one query, once per process).

    Two districts are neighbours when their outlines share at least two points: the outlines come
    from one generalised map (BKG VG5000), where a common border is drawn with the same points.
    """
    rows = list(District.objects.values_list("pk", "ags", "name", "kind", "outline"))
    points = {pk: _outline_points(outline) for pk, _ags, _name, _kind, outline in rows}
    names = [name for _pk, _ags, name, _kind, _outline in rows]
    result = {}
    for pk, ags, name, kind, _outline in rows:
        neighbours = frozenset(
            other for other, other_points in points.items() if other != pk and len(points[pk] & other_points) >= 2
        )
        result[pk] = DistrictInfo(pk, ags, name, kind, names.count(name) > 1, neighbours)
    if not result:
        districts.cache_clear()  # nothing imported yet: do not remember an empty map
    return result


def clear_district_cache() -> None:
    """Forget the districts (after the regions were imported again)."""
    districts.cache_clear()


def _outline_points(outline: Any) -> set[tuple[float, float]]:
    if isinstance(outline, str):
        outline = json.loads(outline or "{}")
    kind = outline.get("type") if isinstance(outline, dict) else None
    polygons: Sequence[Any] = ()
    if kind == "Polygon":
        polygons = [outline.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = outline.get("coordinates") or []
    return {
        (round(float(point[0]), 4), round(float(point[1]), 4))
        for polygon in polygons
        for ring in polygon
        for point in ring
        if len(point) >= 2
    }


def neighbours_of(district_ids: Iterable[int]) -> set[int]:
    """The districts bordering any of ``district_ids`` (without those themselves)."""
    known = districts()
    own = set(district_ids)
    return {n for pk in own if pk in known for n in known[pk].neighbours} - own


def district_label(pk: int | None) -> str:
    info = districts().get(pk) if pk is not None else None
    return info.label if info else ""


# --- "you": your organisations, districts and fields ---------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the suggestions start from (one query)."""

    organisation_ids: frozenset[int] = frozenset()  # all your organisations, also unverified ones
    district_ids: tuple[int, ...] = ()  # of your verified organisations, most frequent first
    # The fields of action of your verified organisations, named in the reader's language, in the
    # vocabulary's order.
    fields: dict[int, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()  # the languages you speak besides German
    pending: bool = False  # you belong only to organisations that are not verified (yet)

    @property
    def has_organisation(self) -> bool:
        return bool(self.district_ids)

    @property
    def field_ids(self) -> frozenset[int]:
        return frozenset(self.fields)

    @property
    def near_district_ids(self) -> set[int]:
        return set(self.district_ids) | neighbours_of(self.district_ids)


def profile_of(user: Any) -> Profile:
    """Your organisations with their districts and fields, the fields named (one query: a row per
    organisation and field; the join over the link table is only over your own few organisations)."""
    rows = list(
        Membership.objects.filter(user=user).values_list(
            "organisation_id",
            "organisation__status",
            "organisation__district_id",
            "organisation__fields_of_action__id",
            "organisation__fields_of_action__name",
            "organisation__fields_of_action__name_translations",
            "organisation__fields_of_action__position",
        )
    )
    language = (get_language() or "de").split("-")[0]
    districts_of: dict[int, int] = {}
    terms: dict[int, tuple[int, str, str]] = {}
    for organisation_id, status, district_id, term_id, name, translations, position in rows:
        if status != Organisation.Status.VERIFIED:
            continue
        districts_of[organisation_id] = district_id
        if term_id is not None:
            label = localized(name, _json_object(translations), language).text
            terms[term_id] = (position, name, label)
    counts: dict[int, int] = {}
    for district_id in districts_of.values():
        counts[district_id] = counts.get(district_id, 0) + 1
    languages = tuple(code for code in (user.spoken_languages or []) if code != "de" and code in _LANGUAGE_NAMES)
    return Profile(
        organisation_ids=frozenset(row[0] for row in rows),
        district_ids=tuple(sorted(counts, key=lambda pk: (-counts[pk], district_label(pk)))),
        fields={pk: label for pk, (_position, _name, label) in sorted(terms.items(), key=lambda item: item[1][:2])},
        languages=languages,
        pending=bool(rows) and not districts_of,
    )


def _json_object(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return value if isinstance(value, dict) else {}


def _int_list(value: Any) -> list[int]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [int(item) for item in value or [] if isinstance(item, int | str) and str(item).isdigit()]


# --- matching JSON lists --------------------------------------------------------------------------------


class ListHas(Func):
    """The JSON list in ``column`` has the integer ``value`` as an element.

    PostgreSQL: ``column @> '[value]'``; SQLite: an ``EXISTS`` over ``json_each``. Cheap per row:
    the rows were already narrowed by the ``status, district`` index.
    """

    output_field = BooleanField()

    def __init__(self, column: str, value: int) -> None:
        super().__init__(F(column), Value(int(value)))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, value = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        value_sql, value_params = compiler.compile(value)
        params = [*column_params, *value_params]
        if connection.vendor == "postgresql":
            return f"({column_sql} @> jsonb_build_array({value_sql}))", params
        # Only compiled expressions go into the text; the values travel as parameters.
        return f"EXISTS (SELECT 1 FROM json_each({column_sql}) WHERE json_each.value = {value_sql})", params  # noqa: S608


def _speaks(code: str) -> Q:
    """The organisation works in language ``code`` (a checked ISO 639 code)."""
    if connection.features.supports_json_field_contains:
        return Q(languages__contains=[code])
    return Q(languages__icontains=f'"{code}"')  # SQLite keeps the list as JSON text


# --- suggestions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "organisation", "event" or "group"
    title: str
    url: str
    reason: str  # the one line that says why
    detail: str = ""  # a place, a date
    message_url: str = ""  # organisations: "Nachricht schreiben"
    item: Any = None


@dataclass
class Suggestions:
    profile: Profile
    organisations: list[Suggestion] = field(default_factory=list)
    events: list[Suggestion] = field(default_factory=list)
    groups: list[Suggestion] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.organisations or self.events or self.groups)


def suggestions_for(user: Any, *, profile: Profile | None = None) -> Suggestions:
    """Whom ``user`` could meet, each explained (three queries besides the profile, whatever the
    number of organisations, events and groups)."""
    profile = profile or profile_of(user)
    result = Suggestions(profile=profile)
    if profile.has_organisation:
        result.organisations = _organisations(profile)
    elif profile.languages:
        result.organisations = _speaking_your_languages(profile)
    result.events = _events(user, profile)
    result.groups = _groups(user, profile)
    return result


def _and_list(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s und %(second)s") % {"first": names[0], "second": names[1]}


def _organisation_cards(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return organisations.select_related("district", "municipality").only(*_CARD_COLUMNS)


def _organisation_suggestion(organisation: Organisation, reason: str) -> Suggestion:
    return Suggestion(
        kind="organisation",
        title=organisation.name,
        url=reverse("organisations:detail", kwargs={"slug": organisation.slug}),
        reason=reason,
        detail=f"{organisation.get_kind_display()} · {organisation.municipality.name}",
        message_url=reverse("exchange:message_organisation", kwargs={"slug": organisation.slug}),
        item=organisation,
    )


def _one(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _organisations(profile: Profile) -> list[Suggestion]:
    """(b) the municipal actors and the Vielfaltszentrum of your districts (at most three, the centre
    first), then (a) organisations with a field of yours in your or a neighbouring district (yours
    first, then those sharing more fields, then the newest).

    One query. The inner part ranks the candidates reading only columns of the directory's covering
    index (status, kind, district, id, field_ids): a window numbers the rows of each part, so that
    local actors take at most three places. Only the six chosen rows are read in full.
    """
    own_districts = list(profile.district_ids)
    local = Q(district_id__in=own_districts, kind__in=LOCAL_ACTOR_KINDS)
    fields = list(profile.fields)
    has_field = [ListHas("field_ids", pk) for pk in fields]
    wanted = local | reduce(or_, (Q(condition) for condition in has_field)) if has_field else local
    shared = reduce(add, (_one(Q(condition)) for condition in has_field)) if has_field else Value(0)
    ranked = (
        Organisation.objects.filter(status=Organisation.Status.VERIFIED, district_id__in=profile.near_district_ids)
        .filter(wanted)
        .exclude(pk__in=profile.organisation_ids)
        .annotate(
            is_local=_one(local),
            centre_first=Case(
                When(local & Q(kind=Organisation.Kind.VIELFALTSZENTRUM), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            same_district=_one(Q(district_id__in=own_districts)),
            shared=shared,
        )
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("is_local")],
                order_by=[F("centre_first").asc(), F("same_district").desc(), F("shared").desc(), F("pk").desc()],
            )
        )
        .filter(position__lte=Value(ORGANISATION_LIMIT) - Value(ORGANISATION_LIMIT - LOCAL_ACTOR_LIMIT) * F("is_local"))
        .order_by("-is_local", "position")
        .values("pk")[:ORGANISATION_LIMIT]
    )
    chosen = list(_organisation_cards(Organisation.objects.filter(pk__in=Subquery(ranked))))
    fields_of = {organisation.pk: set(_int_list(organisation.field_ids)) for organisation in chosen}

    def rank(organisation: Organisation) -> tuple[int, int, int, int, int]:
        is_local = organisation.district_id in own_districts and organisation.kind in LOCAL_ACTOR_KINDS
        centre = is_local and organisation.kind == Organisation.Kind.VIELFALTSZENTRUM
        same = organisation.district_id in own_districts
        return (not is_local, not centre, not same, -len(fields_of[organisation.pk] & set(fields)), -organisation.pk)

    suggestions = []
    for organisation in sorted(chosen, key=rank):
        district = district_label(organisation.district_id)
        names = [name for pk, name in profile.fields.items() if pk in fields_of[organisation.pk]][:2]
        if organisation.district_id in own_districts and organisation.kind == Organisation.Kind.VIELFALTSZENTRUM:
            reason = _("Das WIR-Vielfaltszentrum in Ihrem Kreis %(district)s") % {"district": district}
        elif organisation.district_id in own_districts and organisation.kind in Organisation.MUNICIPAL_KINDS:
            reason = _("Kommunale Ansprechpartner in Ihrem Kreis %(district)s") % {"district": district}
        elif organisation.district_id in own_districts:
            reason = _("Beide arbeiten zu %(fields)s in %(district)s") % {
                "fields": _and_list(names),
                "district": district,
            }
        else:
            reason = _("Beide arbeiten zu %(fields)s – im Nachbarkreis %(district)s") % {
                "fields": _and_list(names),
                "district": district,
            }
        suggestions.append(_organisation_suggestion(organisation, reason))
    return suggestions


def _speaking_your_languages(profile: Profile) -> list[Suggestion]:
    """Without an organisation: organisations that work in a language you speak (one query)."""
    organisations = (
        Organisation.objects.filter(status=Organisation.Status.VERIFIED)
        .filter(reduce(or_, (_speaks(code) for code in profile.languages)))
        .exclude(pk__in=profile.organisation_ids)
        .order_by("-pk")  # the newest first: stops early on the primary key
    )
    suggestions = []
    for organisation in _organisation_cards(organisations)[:ORGANISATION_LIMIT]:
        theirs = set(organisation.languages or [])
        names = [str(_LANGUAGE_NAMES[code]) for code in profile.languages if code in theirs][:2]
        if not names:
            continue
        reason = _("Auch auf %(languages)s ansprechbar, wie Sie") % {"languages": _and_list(names)}
        suggestions.append(_organisation_suggestion(organisation, reason))
    return suggestions


def _events(user: Any, profile: Profile) -> list[Suggestion]:
    """(c) Upcoming events you may see: in your or a neighbouring district, and the hessenweite
    Vernetzungstreffen; without an organisation, that and online events (one query)."""
    if profile.has_organisation:
        where = Q(district_id__in=profile.near_district_ids) | Q(kind=Event.Kind.NETWORKING)
    else:
        where = Q(kind=Event.Kind.NETWORKING) | Q(is_online=True)
    events = (
        Event.objects.filter(visible_condition(user))
        .filter(where, status=Event.Status.PUBLISHED, starts_at__gte=timezone.now())
        .select_related("municipality")
        .only(
            "pk", "slug", "kind", "title", "title_translations", "starts_at", "ends_at", "is_online", "district_id",
            "municipality__name",
        )
        .order_by("starts_at", "pk")[:EVENT_LIMIT]
    )  # fmt: skip
    own = set(profile.district_ids)
    suggestions = []
    for event in events:
        district = district_label(event.district_id)
        if event.district_id is not None and event.district_id in own:
            reason = _("Veranstaltung in Ihrer Nähe, im Kreis %(district)s") % {"district": district}
        elif event.district_id is not None and event.district_id in profile.near_district_ids:
            reason = _("Veranstaltung im Nachbarkreis %(district)s") % {"district": district}
        elif event.kind == Event.Kind.NETWORKING:
            reason = _("Das hessenweite Vernetzungstreffen")
        else:
            reason = _("Online – Sie können von überall teilnehmen")
        place = event.municipality.name if event.municipality_id and event.municipality else _("online")
        suggestions.append(
            Suggestion(
                kind="event",
                title=event.localized_title().text,
                url=reverse("events:detail", kwargs={"slug": event.slug}),
                reason=reason,
                detail=f"{event.get_kind_display()} · {place}",
                item=event,
            )
        )
    return suggestions


def _groups(user: Any, profile: Profile) -> list[Suggestion]:
    """(d) Open groups on your fields and your district's regional group, if you are not in them
    (one query). Closed and invitation-only groups are never suggested."""
    field_names = profile.fields
    links = Group.fields_of_action.through.objects.filter(group_id=OuterRef("pk"))
    mine = GroupMembership.objects.filter(group_id=OuterRef("pk"), user=user)
    open_group = Q(joining=Group.Joining.OPEN) & ~Q(visibility=Group.Visibility.CLOSED)
    groups = Group.objects.exclude(Exists(mine))
    if profile.has_organisation:
        regional = Q(kind=Group.Kind.REGIONAL, district_id__in=profile.district_ids, joining__in=_JOINABLE) & ~Q(
            visibility=Group.Visibility.CLOSED
        )
        condition = regional
        matching = links.filter(fieldofaction_id__in=list(field_names))
        if field_names:
            condition |= open_group & Q(Exists(matching))
        else:  # nothing to match yet: the open topic groups, after the regional group
            condition |= open_group & Q(kind=Group.Kind.TOPIC)
        groups = groups.filter(condition).annotate(
            regional_first=Case(When(regional, then=Value(0)), default=Value(1), output_field=IntegerField()),
            matched_field=Subquery(
                matching.order_by("fieldofaction__position", "fieldofaction__name").values("fieldofaction_id")[:1]
            ),
        )
        groups = groups.order_by("regional_first", "name", "pk")
    else:
        groups = groups.filter(open_group, kind=Group.Kind.TOPIC).order_by("name", "pk")
    suggestions = []
    for group in groups.only("pk", "slug", "kind", "name", "name_translations", "district_id")[:GROUP_LIMIT]:
        matched = getattr(group, "matched_field", None)
        if group.kind == Group.Kind.REGIONAL and group.district_id in profile.district_ids:
            reason = _("Die Regionalgruppe Ihres Kreises %(district)s") % {
                "district": district_label(group.district_id)
            }
        elif matched in field_names:
            reason = _("Offene Gruppe zu Ihrem Thema %(field)s") % {"field": field_names[matched]}
        else:
            reason = _("Offene Themengruppe – jede und jeder kann beitreten")
        suggestions.append(
            Suggestion(
                kind="group",
                title=group.localized_name().text,
                url=reverse("exchange:group", kwargs={"slug": group.slug}),
                reason=reason,
                detail=str(group.get_kind_display()),
                item=group,
            )
        )
    return suggestions


# --- the rest of the dashboard ----------------------------------------------------------------------------


@dataclass
class GroupWithThreads:
    group: Group
    threads: list[Thread]


def my_groups_with_threads(user: Any) -> list[GroupWithThreads]:
    """The groups ``user`` is an active member of, each with its latest visible threads (two queries)."""
    memberships = (
        GroupMembership.objects.filter(user=user, status=GroupMembership.Status.ACTIVE)
        .select_related("group")
        .only("pk", "group__id", "group__slug", "group__name", "group__name_translations", "group__kind")
        .order_by("group__name", "group__pk")[:MY_GROUPS_LIMIT]
    )
    groups = {membership.group.pk: GroupWithThreads(membership.group, []) for membership in memberships}
    if not groups:
        return []
    latest = Window(RowNumber(), partition_by=[F("group_id")], order_by=[F("last_post_at").desc(), F("pk").desc()])
    threads = (
        Thread.objects.filter(group_id__in=list(groups), is_hidden=False)
        .annotate(position=latest)
        .filter(position__lte=THREADS_PER_GROUP)
        .only("pk", "group_id", "title", "last_post_at", "reply_count")
        .order_by("group_id", "position")
    )
    for thread in threads:
        groups[thread.group_id].threads.append(thread)
    return list(groups.values())
