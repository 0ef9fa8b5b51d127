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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
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
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.lib import pagecache
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.search.facets import list_count_of, list_has_any, one_if
from vielfalt.core.lib.urls import reverse
from vielfalt.events.access import visible_condition
from vielfalt.events.models import Event
from vielfalt.exchange.dashboard.profiles import Profile, district_label, profile_of
from vielfalt.exchange.models import Group, GroupMembership, Thread
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation

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


def _int_list(value: Any) -> list[int]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [int(item) for item in value or [] if isinstance(item, int | str) and str(item).isdigit()]


# --- matching JSON lists --------------------------------------------------------------------------------


# The tables the organisation suggestions read (``pagecache.watch_tables`` in ``apps.ready``).
ORGANISATIONS_GROUP = "exchange.suggested_organisations"
ORGANISATIONS_TABLES = [model._meta.db_table for model in (Organisation, Membership, FieldOfAction)]


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
    message_url: str = ""  # organisations with an admin to read it: "Nachricht schreiben"
    contact_url: str = ""  # organisations nobody administers yet: their contact form
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


def suggestions_for(user: User, *, profile: Profile | None = None) -> Suggestions:
    """Whom ``user`` could meet, each explained (three queries besides the profile, whatever the
    number of organisations, events and groups)."""
    profile = profile or profile_of(user)
    result = Suggestions(profile=profile)
    if profile.has_organisation or profile.languages:
        # The costliest part (a ranking over the organisations of several districts), kept until the
        # directory or anyone's memberships change; in the reader's language (the reasons are sentences).
        pick = _organisations if profile.has_organisation else _speaking_your_languages
        result.organisations = pagecache.cached(
            ORGANISATIONS_GROUP, f"{user.pk}:{get_language()}", lambda: pick(profile)
        )
    result.events = _events(user, profile)
    result.groups = _groups(user, profile)
    return result


def _and_list(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s und %(second)s") % {"first": names[0], "second": names[1]}


def _organisation_cards(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    # Direct messages reach an organisation's admins; one without any (a profile the team created,
    # not yet claimed) is offered its contact form instead, before anybody writes in vain.
    has_admin = organisation_selectors.has_active_admin_condition()
    return organisations.select_related("district", "municipality").only(*_CARD_COLUMNS).annotate(has_admin=has_admin)


def _organisation_suggestion(organisation: Organisation, reason: str) -> Suggestion:
    slug = {"slug": organisation.slug}
    has_admin = getattr(organisation, "has_admin", True)
    return Suggestion(
        kind="organisation",
        title=organisation.name,
        url=reverse("organisations:detail", kwargs=slug),
        reason=reason,
        detail=f"{organisation.get_kind_display()} · {organisation.municipality.name}",
        message_url=reverse("exchange:message_organisation", kwargs=slug) if has_admin else "",
        contact_url=reverse("organisations:contact", kwargs=slug) if not has_admin else "",
        item=organisation,
    )


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
    wanted = local | list_has_any("field_ids", fields) if fields else local
    shared = list_count_of("field_ids", fields) if fields else Value(0)
    ranked = (
        Organisation.objects.filter(status=Organisation.Status.VERIFIED, district_id__in=profile.near_district_ids)
        .filter(wanted)
        .exclude(pk__in=profile.organisation_ids)
        .annotate(
            is_local=one_if(local),
            centre_first=Case(
                When(local & Q(kind=Organisation.Kind.VIELFALTSZENTRUM), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            same_district=one_if(Q(district_id__in=own_districts)),
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
            reason = _("Das WIR-Vielfaltszentrum in %(district)s") % {"district": district}
        elif organisation.district_id in own_districts and organisation.kind in Organisation.MUNICIPAL_KINDS:
            reason = _("Kommunale Ansprechpersonen in %(district)s") % {"district": district}
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


def _events(user: Viewer, profile: Profile) -> list[Suggestion]:
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


def _groups(user: User, profile: Profile) -> list[Suggestion]:
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


def my_groups_with_threads(user: User) -> list[GroupWithThreads]:
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
