"""What a directory result shows: organisation cards in the visitor's language, and the columns
a card needs (place and fields of action, never the heavy search text or district outline).

A card names its fields of action from ``Organisation.field_ids`` and the vocabulary kept in each
worker's memory (``terms``): fetching the link table and a term object per card cost more than the
rest of the page's organisations together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import (
    QuerySet,
)
from django.utils.translation import get_language

from vielfalt.core.lib import pagecache
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.organisations.directory.facets import (
    language_label,
)
from vielfalt.organisations.directory.text import verified_organisations
from vielfalt.organisations.models import FieldOfAction, Organisation

# The vocabulary of fields of action, kept in each worker until a term changes (``apps.ready``).
TERMS_GROUP = "organisations.fields-of-action"
TERMS_TABLES = (FieldOfAction._meta.db_table,)

# What a card and its passage read of an organisation (``with_card_data``).
CARD_COLUMNS = (
    "slug",
    "name",
    "kind",
    "district__name",
    "district__kind",
    "municipality__name",
    "languages",
    "field_ids",
    "description",
    "description_translations",
    "offers",
    "needs",
)

# --- what a result shows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationCard:
    """One organisation as a result card shows it, in the visitor's language."""

    slug: str
    name: str
    kind: str
    kind_label: str
    place: str  # "Lich, Gießen (Landkreis)"; just "Darmstadt" where town and district are one
    fields: list[str]
    languages: list[str]
    summary: LocalizedText  # shortened; in the visitor's language, or German (``is_fallback``)
    # For a search: the passage that matched, as (text, is_match) pieces, and its language.
    passage: tuple[tuple[str, bool], ...] = ()
    passage_language: str = ""


def organisation_cards(organisations: Iterable[Organisation]) -> list[OrganisationCard]:
    """Cards for organisations loaded with ``with_card_data`` (their place already fetched)."""
    language = (get_language() or "de").split("-")[0]
    terms = field_terms()
    kinds = {value: str(label) for value, label in Organisation.Kind.choices}  # translate each label once
    district_names: dict[int, str] = {}
    cards = []
    for organisation in organisations:
        district = district_names.setdefault(organisation.district_id, str(organisation.district))
        cards.append(
            OrganisationCard(
                slug=organisation.slug,
                name=organisation.name,
                kind=organisation.kind,
                kind_label=kinds.get(organisation.kind, organisation.kind),
                place=_place(organisation.municipality.name, district),
                fields=_field_names(organisation.field_ids, terms, language),
                languages=_language_names(organisation.languages),
                summary=_shorten(organisation.localized_description(language)),
            )
        )
    return cards


def field_terms() -> dict[int, FieldOfAction]:
    """Every field of action by id, in the vocabulary's order."""
    return pagecache.kept_in_process(
        TERMS_GROUP, "terms", lambda: {term.pk: term for term in FieldOfAction.objects.order_by("position", "name")}
    )


def _field_names(field_ids: Any, terms: dict[int, FieldOfAction], language: str) -> list[str]:
    wanted = set(field_ids) if isinstance(field_ids, list) else set()
    return [term.localized_name(language).text for pk, term in terms.items() if pk in wanted]


def _place(municipality: str, district: str) -> str:
    return municipality if municipality == district else f"{municipality}, {district}"


def _language_names(codes: Any) -> list[str]:
    labels = {code: language_label(code) for code in codes or () if isinstance(code, str)}
    return [labels[code] for code in sorted(labels, key=lambda code: (code != "de", labels[code]))]


def _shorten(localized: LocalizedText, length: int = 220) -> LocalizedText:
    text = " ".join(localized.text.split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0].rstrip(",.;:–-") + " …"
    return replace(localized, text=text)


def with_card_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Only what a result card shows (``CARD_COLUMNS``): never the heavy search text or outline."""
    return queryset.select_related("district", "municipality").only(*CARD_COLUMNS)


def organisations_by_ids(ids: Sequence[int]) -> list[Organisation]:
    """The verified organisations of one page, in the order found (one withdrawn since leaves a gap)."""
    if not ids:
        return []
    verified = verified_organisations().filter(pk__in=ids).order_by()
    by_pk = {organisation.pk: organisation for organisation in with_card_data(verified)}
    return [by_pk[pk] for pk in ids if pk in by_pk]
