"""Filters and facets of the directory: what a visitor ticked, the condition each filter group
puts on the organisations, and the counts beside each option.

Facets are "disjunctive": a group's counts ignore that group's own selection, so ticking a second
district adds to the first. The counts come from the bitsets of ``bitsets.FacetTable``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language_info

from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.organisations.directory.maps import district_shapes
from vielfalt.organisations.models import FieldOfAction, Organisation

# The languages people choose from in profiles, named as everywhere on the platform.
_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)

_CODE = re.compile(r"[a-z]{2,3}\Z")
AGS_DISTRICT = re.compile(r"[0-9]{5}\Z")
_AGS_MUNICIPALITY = re.compile(r"[0-9]{8}\Z")
_SLUG = re.compile(r"[-a-z0-9_]{1,60}\Z")


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor ticked: values within a group combine with OR, groups with AND."""

    kinds: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # AGS, 5 digits
    municipalities: tuple[str, ...] = ()  # AGS, 8 digits
    fields: tuple[str, ...] = ()  # FieldOfAction slugs
    languages: tuple[str, ...] = ()  # ISO 639 codes

    @classmethod
    def from_values(
        cls,
        *,
        kinds: Iterable[str] = (),
        districts: Iterable[str] = (),
        municipalities: Iterable[str] = (),
        fields: Iterable[str] = (),
        languages: Iterable[str] = (),
    ) -> DirectoryFilters:
        """Filters from untrusted input: unknown or malformed values are dropped, never an error."""
        return cls(
            kinds=_valid(kinds, lambda value: value in Organisation.Kind.values),
            districts=_valid(districts, AGS_DISTRICT.match),
            municipalities=_valid(municipalities, _AGS_MUNICIPALITY.match),
            fields=_valid(fields, _SLUG.match),
            languages=_valid(languages, _CODE.match),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.kinds or self.districts or self.municipalities or self.fields or self.languages)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facets:
    kinds: list[FacetOption]
    districts: list[FacetOption]
    municipalities: list[FacetOption]  # only within the selected districts
    fields: list[FacetOption]
    languages: list[FacetOption]


def _valid(values: Iterable[str], check: Any) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        value = str(value).strip()[:80]
        if value and check(value) and value not in seen:
            seen.append(value)
    return tuple(seen[:50])


def language_label(code: str) -> str:
    """The name of a language in the current interface language (the code if unknown)."""
    if code in _LANGUAGE_NAMES:
        return str(_LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@dataclass(frozen=True)
class PlaceRow:
    """Matching organisations of a kind in a district, or in a municipality of a ticked place's district."""

    kind: str
    district_ags: str
    municipality_ags: str | None  # only when a district or municipality is chosen
    municipality_name: str | None
    count: int


# --- facets -----------------------------------------------------------------------------------------


def _in_kinds(row: PlaceRow, filters: DirectoryFilters) -> bool:
    return not filters.kinds or row.kind in filters.kinds


def _in_places(row: PlaceRow, filters: DirectoryFilters) -> bool:
    if filters.districts and row.district_ags not in filters.districts:
        return False
    return not filters.municipalities or row.municipality_ags in filters.municipalities


def places_total(rows: Sequence[PlaceRow], filters: DirectoryFilters) -> int:
    return sum(row.count for row in rows if _in_kinds(row, filters) and _in_places(row, filters))


def kind_options(rows: Sequence[PlaceRow], filters: DirectoryFilters) -> list[FacetOption]:
    counts: Counter[str] = Counter()
    for row in rows:
        if _in_places(row, filters):
            counts[row.kind] += row.count
    return [
        FacetOption(kind.value, str(kind.label), counts[kind.value], kind.value in filters.kinds)
        for kind in Organisation.Kind
        if counts[kind.value] or kind.value in filters.kinds
    ]


def district_counts(rows: Sequence[PlaceRow], filters: DirectoryFilters) -> dict[str, int]:
    counts = dict.fromkeys((shape.ags for shape in district_shapes()), 0)
    for row in rows:
        if _in_kinds(row, filters) and row.district_ags in counts:
            counts[row.district_ags] += row.count
    return counts


def district_options(rows: Sequence[PlaceRow], filters: DirectoryFilters) -> list[FacetOption]:
    counts: Counter[str] = Counter()
    for row in rows:
        in_municipalities = not filters.municipalities or row.municipality_ags in filters.municipalities
        if _in_kinds(row, filters) and in_municipalities:
            counts[row.district_ags] += row.count
    options = [
        FacetOption(shape.ags, shape.label, counts[shape.ags], shape.ags in filters.districts)
        for shape in district_shapes()
        if counts[shape.ags] or shape.ags in filters.districts
    ]
    return sorted(options, key=lambda option: (option.label, option.value))


def municipality_options(rows: Sequence[PlaceRow], filters: DirectoryFilters) -> list[FacetOption]:
    if not filters.districts:
        return []
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for row in rows:
        if row.municipality_ags and _in_kinds(row, filters) and row.district_ags in filters.districts:
            counts[row.municipality_ags] += row.count
            names[row.municipality_ags] = row.municipality_name or row.municipality_ags
    options = [
        FacetOption(code, names[code], counts[code], code in filters.municipalities) for code in names if counts[code]
    ]
    return sorted(options, key=lambda option: (option.label, option.value))


def field_options(
    counts: Mapping[int, int], terms: Sequence[FieldOfAction], filters: DirectoryFilters
) -> list[FacetOption]:
    return [
        FacetOption(term.slug, term.localized_name().text, counts.get(term.pk, 0), term.slug in filters.fields)
        for term in terms
        if counts.get(term.pk) or term.slug in filters.fields
    ]


def language_options(counted: Mapping[str, int], filters: DirectoryFilters) -> list[FacetOption]:
    counts = {code: count for code, count in counted.items() if _CODE.match(code)}
    codes = set(counts) | set(filters.languages)
    options = [
        FacetOption(code, language_label(code), counts.get(code, 0), code in filters.languages) for code in codes
    ]
    # German first (nearly everyone speaks it), then by how many organisations speak a language.
    return sorted(options, key=lambda option: (option.value != "de", -option.count, option.label))
