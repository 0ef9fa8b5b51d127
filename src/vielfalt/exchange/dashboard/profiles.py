"""Who "you" are for the dashboard's suggestions: your verified organisations with their districts
and fields of action, and the districts that border yours.

Neighbouring districts come from the district outlines (districts that share a stretch of border),
computed once per process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import get_language

from vielfalt.accounts.models import User
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.translated import localized
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

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


def profile_of(user: User) -> Profile:
    """Your organisations with their districts and fields, the fields named (one query: a row per
    organisation and field; the join over the link table is only over your own few organisations)."""
    rows = list(
        organisation_selectors.memberships_of(user=user).values_list(
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
