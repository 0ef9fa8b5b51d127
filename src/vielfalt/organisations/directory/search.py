"""Reads for the directory: full-text search with facets over verified organisations.

One interface, two methods:

- **PostgreSQL**: full-text search on ``Organisation.search_text`` with the ``german`` configuration
  (inflection: "Vereine" finds "Verein") and the ``simple`` one (words of any language, prefixes), both
  answered from functional GIN indexes (migration 0003). Parts of compound words ("verein" in
  "kulturverein") and typos ("fördermitel") are first looked up in ``organisations_search_word``, the
  list of every indexed word (kept by a trigger, trigram index); the words found join the full-text
  query. Trigram similarity against each row's whole ``search_text`` would be simpler, but a typo then
  costs two seconds at 20,000 organisations.
- **SQLite**: every query word (lower-cased, umlauts folded both ways, a simple German ending removed)
  must occur as a substring; a word that occurs nowhere is replaced by similar words (difflib) from a
  bounded sample of texts that share half of it.

The pieces: ``text`` (the words and how they match), ``typos`` (words standing in for a query
word), ``facets`` (filters and their counts), ``bitsets`` (the facets of every verified organisation,
kept in each worker's memory), ``cards`` (what a result shows); this module puts them together.

Relevance is cheap on purpose: every result contains every word; those with the words in their *name*
come first. (``ts_rank`` would compute every matching row's vector: 300 ms for 4,000 matches.)

Facets are "disjunctive": a group's counts ignore that group's own selection, so ticking a second
district adds to the first. The database finds only the ids the words match (``_matches``, one
statement); the counts and the total are ``&`` and ``bit_count()`` over the bitsets, and the page is
sorted from the table's names and orders (``_count``), so a search costs three or four queries whatever
the number of results (one more when the directory changed since this worker last read the bitsets).
What a search found is kept in the cache until the directory changes (``_found``): the same search
again reads the page's organisations only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Count,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.core.lib import pagecache
from vielfalt.organisations.directory import bitsets
from vielfalt.organisations.directory.bitsets import FacetTable, bitset
from vielfalt.organisations.directory.cards import (
    OrganisationCard,
    organisation_cards,
    organisations_by_ids,
    with_card_data,
)
from vielfalt.organisations.directory.facets import (
    AGS_DISTRICT,
    DirectoryFilters,
    FacetOption,
    Facets,
    PlaceRow,
    district_counts,
    district_options,
    field_options,
    kind_options,
    language_options,
    municipality_options,
    places_total,
)
from vielfalt.organisations.directory.passages import spellings_found, with_matching_passages
from vielfalt.organisations.directory.text import (
    Token,
    clean_query,
    has_corrections,
    matching_any_status,
    query_words,
    title_score_words,
    token_for,
    verified_organisations,
)
from vielfalt.organisations.directory.typos import correct_unknown_words, expand_from_word_list
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District, Municipality

PER_PAGE = 20
MAX_PAGE = 10_000  # deeper pages are not worth an OFFSET of 200,000 rows

SORT_RELEVANCE, SORT_NAME, SORT_NEWEST = "relevance", "name", "newest"
SORTS = (SORT_RELEVANCE, SORT_NAME, SORT_NEWEST)
SORT_LABELS = {
    SORT_RELEVANCE: _("Relevanz"),
    SORT_NAME: pgettext_lazy("sortieren nach", "Name"),
    SORT_NEWEST: _("Neueste zuerst"),
}


@dataclass(frozen=True)
class DirectoryResult:
    organisations: list[Organisation]
    cards: list[OrganisationCard]  # the same organisations as result cards show them
    total: int
    page: int
    num_pages: int
    query: str  # the query as searched (cleaned)
    sort: str
    facets: Facets
    # Matching organisations per district (AGS) under every filter except the place: for the map.
    district_counts: dict[str, int]
    # True when a query word matched nowhere and similar spellings were searched instead.
    similar_spellings: bool = False
    per_page: int = PER_PAGE

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


# --- the search -------------------------------------------------------------------------------------


def directory_search(*, query: str, filters: DirectoryFilters, sort: str, page: int) -> DirectoryResult:
    """Verified organisations matching ``query`` and ``filters``, one page of them, and the facets.

    Never raises on odd input: the query is cleaned, unknown filter values and sorts are ignored,
    pages outside the range show the nearest page. Four or five queries, whatever the result size;
    what the words matched and the counts are kept in the cache until an organisation, the
    vocabulary or a region changes (``_found``), so the same search again costs two or three.
    """
    query = clean_query(query)
    page = min(max(1, page), MAX_PAGE)
    words = query_words(query)
    if sort not in SORTS or (sort == SORT_RELEVANCE and not words):
        sort = SORT_RELEVANCE if words else SORT_NAME
    found = _found(query, filters, sort=sort, page=page)
    tokens, counted, page = found.tokens, found.counted, found.page
    organisations = organisations_by_ids(counted.page_ids)
    cards = organisation_cards(organisations)
    if tokens:
        cards = with_matching_passages(cards, organisations, spellings_found(tokens))
    return DirectoryResult(
        organisations=organisations,
        cards=cards,
        total=found.total,
        page=page,
        num_pages=found.num_pages,
        query=query,
        sort=sort,
        facets=Facets(
            kinds=kind_options(counted.places, filters),
            districts=district_options(counted.places, filters),
            municipalities=municipality_options(counted.places, filters),
            fields=field_options(counted.fields, counted.terms, filters),
            languages=language_options(counted.languages, filters),
        ),
        district_counts=district_counts(counted.places, filters),
        similar_spellings=has_corrections(tokens),
    )


# --- what a search found, kept in the cache -----------------------------------------------------------

# Everything ``_found`` (and ``selectors.organisation_similar``) reads: a committed write to one of these tables starts a new generation of
# cached searches (``pagecache.watch_tables`` in ``apps.ready``). The word list of typos and compound
# parts is written by a trigger when an organisation's text changes, that is, with the organisation.
DIRECTORY_GROUP = "organisations.directory"
DIRECTORY_TABLES = tuple(
    model._meta.db_table
    for model in (Organisation, Organisation.fields_of_action.through, FieldOfAction, District, Municipality)
)


# In the keys of what the shared cache keeps for the directory (``_found``, the facet table): a release
# that changes their shape raises it, so that it never reads what an older one stored, nor the reverse,
# while both run during a deployment.
CACHE_FORMAT = 2


@dataclass(frozen=True)
class _Found:
    tokens: list[Token]  # the query words with the words that stand in for them
    counted: _Counted
    total: int
    page: int  # the page asked for, or the last one
    num_pages: int


def _found(query: str, filters: DirectoryFilters, *, sort: str, page: int) -> _Found:
    """The words' spellings, the facet counts and the page's ids of one search, from the cache when
    the same search ran since the directory last changed: reading thousands of matches is most of a
    broad search's time, and nothing in it depends on the visitor or the language.
    """
    postgres = connection.vendor == "postgresql"
    key = hashlib.sha256(repr((CACHE_FORMAT, query, filters, sort, page, postgres)).encode()).hexdigest()
    return pagecache.cached(
        DIRECTORY_GROUP, key, lambda: _find(query, filters, sort=sort, page=page, postgres=postgres), timeout=3600
    )


def _find(query: str, filters: DirectoryFilters, *, sort: str, page: int, postgres: bool) -> _Found:
    tokens = [token_for(word) for word in query_words(query)]
    if postgres:
        expand_from_word_list(tokens)
    table = pagecache.kept_in_process(DIRECTORY_GROUP, "facet-table", facet_table_shared)
    counted = _count(table, tokens, filters, sort=sort, page=page, postgres=postgres)
    if counted.text_matches == 0 and tokens and not postgres and correct_unknown_words(tokens):
        # SQLite: a word that occurs nowhere is probably misspelt; search again with similar words.
        counted = _count(table, tokens, filters, sort=sort, page=page, postgres=postgres)
    total = places_total(counted.places, filters)
    num_pages = max(1, -(-total // PER_PAGE))
    if page > num_pages:
        page = num_pages
        if tokens:  # the page's ids came from the statement: ask again for the last page
            counted = _count(table, tokens, filters, sort=sort, page=page, postgres=postgres)
    return _Found(tokens, counted, total, page, num_pages)


def facet_table_shared() -> FacetTable:
    """The facet table (``bitsets``) from the shared cache (a few milliseconds instead of a hundred): the
    worker process reads it there after every change (``tasks.renew_facet_table``); a search that comes
    first reads it from the database itself."""
    return pagecache.cached(DIRECTORY_GROUP, f"facet-table-{CACHE_FORMAT}", bitsets.load, timeout=3600)


# --- counting: the words in the database, the facets from the bitsets --------------------------------


@dataclass(frozen=True)
class _Counted:
    places: list[PlaceRow]  # per kind and municipality, under the field and language filters
    fields: dict[int, int]  # FieldOfAction pk → count, under all filters but the fields
    terms: list[FieldOfAction]  # the whole vocabulary (unsaved copies: slug, name, name_translations)
    languages: dict[str, int]  # language code → count, under all filters but the languages
    text_matches: int  # organisations that match the words, before any filter
    page_ids: list[int]  # the page's organisations, in the order of the sort


def _count(
    table: FacetTable, tokens: Sequence[Token], filters: DirectoryFilters, *, sort: str, page: int, postgres: bool
) -> _Counted:
    """Facet counts, the number of text matches and the ids of one page.

    The database finds what the words match (``_matches``, one statement); the facets are counted from
    the bitsets of ``table`` (``bitsets``): each group counts the matches that pass every *other* group's
    filter (disjunctive facets). The page is sorted from the table too: by the names' relevance, by
    name or by the newest. Without words everyone matches.
    """
    if tokens:
        ids = _matches(tokens, postgres=postgres)
        # Only the verified ones the table holds (an organisation verified since it was read waits for the
        # next search): ``everyone`` has no bit beyond the table's size.
        matches = bitset(ids, max(table.size, 1 + max(ids, default=-1))) & table.everyone
        text_matches = matches.bit_count()
    else:
        matches, text_matches = table.everyone, table.everyone_count
    page_ids = table.page(
        table.chosen(matches, filters),
        order=table.by_newest if sort == SORT_NEWEST else table.by_name,
        scoring=title_score_words(tokens) if sort == SORT_RELEVANCE else [],
        start=(max(1, page) - 1) * PER_PAGE,
        size=PER_PAGE,
    )
    places, fields, languages = table.count(matches, filters)
    return _Counted(places, fields, table.terms, languages, text_matches, page_ids)


def _matches(tokens: Sequence[Token], *, postgres: bool) -> list[int]:
    """The ids of every organisation the words match, of any status (``_count`` keeps the verified
    ones): one statement, the texts searched once, every id in one text (a row per match cost a quarter
    of the time to send and read)."""
    matching = matching_any_status(tokens, postgres=postgres)
    matches_sql, params = matching.order_by().values("pk").query.sql_with_params()
    joined = "string_agg(CAST(m.pk AS text), ',')" if postgres else "group_concat(m.pk, ',')"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {joined} FROM ({matches_sql}) AS m", params)  # noqa: S608 - values are parameters
        row = cursor.fetchone()
    return list(map(int, row[0].split(","))) if row and row[0] else []


# --- a district's page ------------------------------------------------------------------------------

HIGHLIGHTED_KINDS = (Organisation.Kind.VIELFALTSZENTRUM, *Organisation.MUNICIPAL_KINDS)


@dataclass(frozen=True)
class DistrictOverview:
    ags: str
    label: str
    centres: list[OrganisationCard]  # the district's WIR-Vielfaltszentren
    municipal: list[OrganisationCard]  # integration offices, administration, politics
    organisations: list[OrganisationCard]  # everyone else: one page
    total: int  # of ``organisations`` over all pages
    page: int
    num_pages: int
    municipalities: list[FacetOption]  # municipalities with public organisations (of every kind)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def district_overview(*, ags: str, page: int) -> DistrictOverview | None:
    """Who is active in a district: its Vielfaltszentrum and municipal contacts first, then everyone.

    None if there is no such district. Seven queries, whatever the number of organisations.
    """
    if not AGS_DISTRICT.match(ags):
        return None
    district = District.objects.defer("outline").filter(ags=ags).first()
    if district is None:
        return None
    public = verified_organisations().filter(district=district)
    highlighted = organisation_cards(
        with_card_data(public.filter(kind__in=HIGHLIGHTED_KINDS)).order_by("name", "pk")[:100]
    )
    others = public.exclude(kind__in=HIGHLIGHTED_KINDS)
    total = others.count()
    num_pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), num_pages)
    start = (page - 1) * PER_PAGE
    municipalities = (
        public.values("municipality__ags", "municipality__name")
        .annotate(n=Count("pk"))
        .order_by("municipality__name", "municipality__ags")
    )
    return DistrictOverview(
        ags=district.ags,
        label=str(district),
        centres=[card for card in highlighted if card.kind == Organisation.Kind.VIELFALTSZENTRUM],
        municipal=[card for card in highlighted if card.kind in Organisation.MUNICIPAL_KINDS],
        organisations=organisation_cards(with_card_data(others.order_by("name", "pk"))[start : start + PER_PAGE]),
        total=total,
        page=page,
        num_pages=num_pages,
        municipalities=[
            FacetOption(row["municipality__ags"], row["municipality__name"], row["n"], False) for row in municipalities
        ],
    )
