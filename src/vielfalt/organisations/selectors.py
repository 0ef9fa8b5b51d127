"""Reads of the directory's profile pages, shaped for one page each: a bounded number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.translation import get_language

from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.lib import pagecache
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.search.facets import list_count_of, list_has_any
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.directory.search import DIRECTORY_GROUP
from vielfalt.organisations.models import (
    FieldOfAction,
    FundingRecord,
    Invitation,
    Membership,
    Organisation,
    TargetGroup,
)
from vielfalt.regions.models import District, Municipality
from vielfalt.regions.selectors import municipality_list

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)

# A profile's long texts: what a card or a choice of organisations never shows.
_PROFILE_TEXTS = ("search_text", "description", "description_translations", "offers", "needs")
# Columns a card in a list of organisations leaves behind: the long texts and the district's outline.
_CARD_DEFERRED = (*_PROFILE_TEXTS, "district__outline")


def language_names(codes: list[str]) -> list[str]:
    """The names of spoken languages (ISO 639-1 codes) in the active language; unknown codes skipped."""
    return [str(_LANGUAGE_NAMES[code]) for code in codes if code in _LANGUAGE_NAMES]


# --- regions for the profile form -------------------------------------------------------------------


def municipality_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Hessen's municipalities grouped by district (for ``<optgroup>``), both ordered by name. One query
    of plain values, each district named once: 426 municipalities as model instances, each naming its
    district, took 6 ms."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    rows = municipality_list().values_list("pk", "name", "district_id", "district__name", "district__kind")
    for pk, name, district_id, district_name, district_kind in rows:
        if district_id not in groups:
            groups[district_id] = (str(District(name=district_name, kind=district_kind)), [])
        groups[district_id][1].append((pk, name))
    return sorted(groups.values(), key=lambda group: group[0])


def municipality_get(*, pk: Any) -> Municipality | None:
    try:
        return municipality_list().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


# --- the profile page -------------------------------------------------------------------------------


@dataclass
class ContactPerson:
    name: str
    languages: list[str]


@dataclass
class HistoryRow:
    entry: AuditEntry
    label: str
    details: str


@dataclass
class OrganisationProfile:
    """Everything the profile page shows besides the organisation row itself."""

    organisation: Organisation
    description: LocalizedText  # in the visitor's language, or German (``is_fallback``)
    languages: list[str]
    fields_of_action: list[FieldOfAction]
    target_groups: list[TargetGroup]
    funding: list[FundingRecord]
    contacts: list[ContactPerson]
    viewer_membership: Membership | None
    has_admin: bool
    similar: list[Organisation]
    history: list[HistoryRow]


def organisation_profile(*, organisation: Organisation, viewer: Viewer, with_history: bool) -> OrganisationProfile:
    """The public profile of ``organisation`` as ``viewer`` sees it (five queries, six with history).

    Only what may be public is read: public funding records, and of the people only those who chose
    to be shown as contact persons (plus the viewer's own membership and whether an admin exists).
    """
    language = (get_language() or "de").split("-")[0]
    description = organisation.localized_description(language)

    fields_of_action, target_groups = _vocabulary_of(organisation)
    funding = list(FundingRecord.objects.filter(organisation=organisation, public=True))

    viewer_id = viewer.pk if getattr(viewer, "is_authenticated", False) else None
    people = list(
        Membership.objects.filter(organisation=organisation)
        .filter(Q(public_contact=True) | Q(role=Membership.Role.ADMIN) | Q(user_id=viewer_id))
        .select_related("user")
        .order_by("user__name", "pk")
    )
    contacts = [
        ContactPerson(name=str(membership.user), languages=language_names(membership.user.spoken_languages))
        for membership in people
        if membership.public_contact and membership.user.is_active
    ]
    viewer_membership = next((m for m in people if viewer_id is not None and m.user_id == viewer_id), None)
    has_admin = any(membership.role == Membership.Role.ADMIN for membership in people)

    similar: list[Organisation] = []
    if organisation.is_public and fields_of_action:
        similar = organisation_similar(organisation=organisation, field_ids=[term.pk for term in fields_of_action])

    return OrganisationProfile(
        organisation=organisation,
        description=description,
        languages=language_names(organisation.languages),
        fields_of_action=fields_of_action,
        target_groups=target_groups,
        funding=funding,
        contacts=contacts,
        viewer_membership=viewer_membership,
        has_admin=has_admin,
        similar=similar,
        history=organisation_history(organisation=organisation) if with_history else [],
    )


def _vocabulary_of(organisation: Organisation) -> tuple[list[FieldOfAction], list[TargetGroup]]:
    """Both vocabularies of ``organisation`` in one query (the profile page has a query budget)."""
    columns = ("id", "slug", "name", "name_translations", "position")

    def terms(model: type[FieldOfAction] | type[TargetGroup], marker: str) -> Any:
        return (
            model.objects.filter(organisation=organisation)
            .order_by()
            .annotate(vocabulary=Value(marker, output_field=CharField()))
            .values_list("vocabulary", *columns)
        )

    fields: list[FieldOfAction] = []
    groups: list[TargetGroup] = []
    for marker, pk, slug, name, translations, position in terms(FieldOfAction, "field").union(
        terms(TargetGroup, "group"), all=True
    ):
        if marker == "field":
            fields.append(FieldOfAction(pk=pk, slug=slug, name=name, name_translations=translations, position=position))
        else:
            groups.append(TargetGroup(pk=pk, slug=slug, name=name, name_translations=translations, position=position))
    fields.sort(key=lambda term: (term.position, term.name))
    groups.sort(key=lambda term: (term.position, term.name))
    return fields, groups


def organisation_similar(
    *, organisation: Organisation, field_ids: list[int] | None = None, limit: int = 4
) -> list[Organisation]:
    """Verified organisations that share fields of action with ``organisation`` (one query; two when
    its district has fewer than ``limit`` of them). Kept in the cache until the directory changes.

    Those in the same district come first, then the nearest ones (so neighbouring districts before
    distant ones), then those sharing more fields, then by name. The district is asked first, through
    the ``(status, district)`` covering index: ordering everyone who shares a field by distance read
    half the directory (60 ms at 20,000 organisations); the rest of Hessen is asked only when the
    district has too few. The shared fields are read from ``field_ids`` (no join of the link table).
    """
    if field_ids is None:
        field_ids = list(organisation.fields_of_action.values_list("pk", flat=True))
    if not field_ids:
        return []
    fields = sorted(set(field_ids))
    return pagecache.cached(
        DIRECTORY_GROUP,
        f"similar:{organisation.pk}:{limit}:{','.join(map(str, fields))}",
        lambda: _similar(organisation, fields, limit),
    )


def _similar(organisation: Organisation, field_ids: list[int], limit: int) -> list[Organisation]:
    candidates = (
        Organisation.objects.filter(list_has_any("field_ids", field_ids), status=Organisation.Status.VERIFIED)
        .exclude(pk=organisation.pk)
        .values("pk")
    )
    district = organisation.district_id
    similar = _similar_cards(organisation, field_ids, candidates.filter(district_id=district), limit)
    if len(similar) < limit:
        rest = candidates.exclude(district_id=district)
        similar += _similar_cards(organisation, field_ids, rest, limit - len(similar))
    return similar


def _similar_cards(
    organisation: Organisation, field_ids: list[int], candidates: QuerySet[Any], limit: int
) -> list[Organisation]:
    """The cards of the first ``limit`` of ``candidates`` in one query: the inner query orders the
    candidates from the narrow columns (on PostgreSQL the covering index alone), the outer one reads
    the cards' columns of only those it picked."""

    def ordered(queryset: QuerySet[Any]) -> QuerySet[Any]:
        ordering: QuerySet[Any] = queryset.alias(
            distance=_SquaredDistance(organisation.latitude, organisation.longitude),
            shared=list_count_of("field_ids", field_ids),
        ).order_by("distance", "-shared", "name", "pk")
        return ordering

    return list(
        ordered(Organisation.objects.filter(pk__in=ordered(candidates)[:limit]))
        .select_related("district", "municipality")
        .defer(*_CARD_DEFERRED)
    )


class _SquaredDistance(Func):
    """Squared distance in degrees from a point, as a float; longitude scaled by cos²(50.5°) ≈ 0.4
    for Hessen's latitude."""

    output_field = FloatField()

    def __init__(self, latitude: Decimal | float, longitude: Decimal | float) -> None:
        super().__init__(F("latitude"), F("longitude"))
        self.origin = (float(latitude), float(longitude))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        (latitude, latitude_params), (longitude, longitude_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        dy = f"(CAST({latitude} AS DOUBLE PRECISION) - %s)"
        dx = f"(CAST({longitude} AS DOUBLE PRECISION) - %s)"
        params = [
            *latitude_params, self.origin[0], *latitude_params, self.origin[0],
            *longitude_params, self.origin[1], *longitude_params, self.origin[1],
        ]  # fmt: skip
        return f"({dy} * {dy} + 0.4 * {dx} * {dx})", params


def _field_label(name: str) -> str:
    try:
        return str(Organisation._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:  # a field that no longer exists
        return name


def _history_details(entry: AuditEntry) -> str:
    data = entry.data or {}
    parts = []
    if data.get("fields"):
        parts.append(", ".join(_field_label(name) for name in data["fields"]))
    if data.get("reason"):
        parts.append(str(data["reason"]))
    if data.get("to"):
        roles = {value: str(label) for value, label in Membership.Role.choices}
        before, after = str(data.get("from", "")), str(data["to"])
        parts.append(f"{roles.get(before, before)} → {roles.get(after, after)}")
    return " · ".join(parts)


def organisation_history(*, organisation: Organisation, limit: int = 50) -> list[HistoryRow]:
    """The latest changes to a profile (who, when, what) from the audit log, for the team."""
    entries = AuditEntry.objects.filter(
        target_type=Organisation._meta.label_lower, target_id=str(organisation.pk)
    ).select_related("actor")[:limit]
    return [
        HistoryRow(
            entry=entry,
            label=entry.action_label,
            details=_history_details(entry),
        )
        for entry in entries
    ]


# --- people -----------------------------------------------------------------------------------------


def administered_organisations(*, user: User) -> QuerySet[Membership, int]:
    """The ids of the organisations ``user`` administers, as a queryset: usable as a subquery
    (``organisation_id__in=...``) or read into a set with ``administered_organisation_ids``."""
    return Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values_list("organisation_id", flat=True)


def administered_organisation_ids(*, user: Viewer) -> set[int]:
    """The ids of the organisations ``user`` administers (none for anonymous visitors; one query)."""
    if not user.is_authenticated:
        return set()
    return set(administered_organisations(user=user))


def administers_condition(*, user: User, organisation_field: str) -> Exists:
    """For querysets of other apps: whether ``user`` administers the organisation in ``organisation_field``
    of each row (an ``Exists`` to filter or annotate by)."""
    return Exists(
        Membership.objects.filter(organisation_id=OuterRef(organisation_field), user=user, role=Membership.Role.ADMIN)
    )


def organisation_ids_of(*, user: Viewer) -> set[int]:
    """The ids of the organisations ``user`` belongs to, in any role (none for anonymous visitors; one query)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def district_ids_of(*, user: Viewer) -> set[int]:
    """The districts of the organisations ``user`` belongs to (none for anonymous visitors; one query)."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organisation__district__isnull=False).values_list(
            "organisation__district_id", flat=True
        )
    )


def is_member(*, user: Viewer, organisation: Organisation) -> bool:
    """Whether ``user`` belongs to ``organisation``, in any role (never for anonymous visitors)."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(organisation=organisation, user=user).exists()


def members_among(*, organisation: Organisation, people: Iterable[User]) -> set[int]:
    """The ids of those of ``people`` who belong to ``organisation`` (one query)."""
    return set(
        Membership.objects.filter(organisation=organisation, user__in=list(people)).values_list("user_id", flat=True)
    )


def memberships_in_use(*, user: User) -> list[Membership]:
    """The person's memberships of organisations that are not archived, with the organisation's id and
    name, by name (one query): the organisations one can act for, e.g. register for an event. Only the
    columns a choice of organisation needs, not the organisation's 36: the registration form builds
    this on every request."""
    return list(
        Membership.objects.filter(user=user)
        .exclude(organisation__status=Organisation.Status.ARCHIVED)
        .select_related("organisation")
        .only("role", "organisation", "organisation__name")
        .order_by("organisation__name")
    )


def colleague_memberships(*, user: User, organisation_ids: Iterable[int]) -> list[Membership]:
    """The memberships of the other active people of the organisations ``organisation_ids``, with the
    person and the organisation, by name (one query, none without organisations): whom an admin may
    register along with themselves."""
    organisation_ids = list(organisation_ids)
    if not organisation_ids:
        return []
    return list(
        Membership.objects.filter(organisation_id__in=organisation_ids, user__is_active=True)
        .exclude(user=user)
        .select_related("user", "organisation")
        .order_by("user__name")
    )


def memberships_of(*, user: User) -> QuerySet[Membership]:
    """The person's memberships, unordered and unjoined: for other apps to read the columns they need
    (``values_list`` over the organisation) in one query of their own shape."""
    return Membership.objects.filter(user=user)


def has_active_admin_condition(*, organisation_field: str = "pk") -> Exists:
    """For querysets of organisations (or rows naming one in ``organisation_field``): whether it has an
    active admin, someone a direct message to the organisation reaches (an ``Exists`` to annotate by)."""
    return Exists(
        Membership.objects.filter(
            organisation=OuterRef(organisation_field), role=Membership.Role.ADMIN, user__is_active=True
        )
    )


def memberships_of_user(*, user: User) -> QuerySet[Membership]:
    """The person's organisations with their role ("Meine Organisationen")."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__district", "organisation__municipality")
        .defer(*(f"organisation__{name}" for name in _CARD_DEFERRED))
        .order_by("organisation__name")
    )


def invitations_for_user(*, user: User) -> QuerySet[Invitation]:
    """Invitations to the person's email address that can still be accepted."""
    return (
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("organisation")
        .only("token", "role", "expires_at", "organisation__name", "organisation__slug")
    )


def organisation_members(*, organisation: Organisation) -> list[Membership]:
    """Everyone in the organisation, admins first. Only for its people and the team."""
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__name", "pk")  # "admin" sorts before "member"
    )


def invitations_open(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("email")


def invitation_by_token(*, token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("organisation").filter(token=token).first()


def organisation_has_admin(*, organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).exists()
