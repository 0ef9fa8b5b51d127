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

Relevance is cheap on purpose: every result contains every word; those with the words in their *name*
come first. (``ts_rank`` would compute every matching row's vector: 300 ms for 4,000 matches.)

Facets are "disjunctive": a group's counts ignore that group's own selection, so ticking a second
district adds to the first. Counts, total and page come from one statement (``_count``), so a search
costs four or five queries whatever the number of results.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import reduce
from itertools import product
from operator import and_, or_
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable, Expression
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.forms import SPOKEN_LANGUAGES
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.organisations.maps import district_shapes
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District, Municipality

PER_PAGE = 20
MAX_PAGE = 10_000  # deeper pages are not worth an OFFSET of 200,000 rows
MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
MAX_TOKEN_LENGTH = 40
MIN_TOKEN_LENGTH = 2
MIN_FUZZY_LENGTH = 5  # shorter words have too many neighbours to guess a misspelling
# At most this many words from the word list stand in for one query word (PostgreSQL).
MAX_EXPANSIONS = 40
MAX_CORRECTIONS = 5
SIMILARITY = 0.8  # difflib ratio from which a word counts as a misspelling of another

SORT_RELEVANCE, SORT_NAME, SORT_NEWEST = "relevance", "name", "newest"
SORTS = (SORT_RELEVANCE, SORT_NAME, SORT_NEWEST)
SORT_LABELS = {SORT_RELEVANCE: _("Relevanz"), SORT_NAME: _("Name"), SORT_NEWEST: _("Neueste zuerst")}

# The languages people choose from in profiles, named as everywhere on the platform.
_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


def _elements_of_group(column: str, *, postgres: bool) -> str:
    """The elements of each counted JSON list ``g.<column>`` as rows ``value`` (no list gives none).

    Counting per list first (a few hundred or thousand distinct lists: languages, fields of action)
    and unnesting those is cheaper than unnesting every organisation's list.
    """
    if postgres:
        return f"LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(g.{column}) = 'array' THEN g.{column} ELSE '[]'::jsonb END)"
    return (
        f"json_each(CASE WHEN json_valid(g.{column}) THEN "
        f"CASE WHEN json_type(g.{column}) = 'array' THEN g.{column} ELSE '[]' END ELSE '[]' END)"
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W_]+")
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_SUFFIXES = ("en", "er", "es", "e", "n", "s")
_CODE = re.compile(r"[a-z]{2,3}\Z")
_AGS_DISTRICT = re.compile(r"[0-9]{5}\Z")
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
            districts=_valid(districts, _AGS_DISTRICT.match),
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


@dataclass
class _Token:
    """One word of the query and the spellings it may match."""

    word: str  # lower-cased, as typed
    stem: str  # without a simple German ending
    variants: list[str]  # the stem with umlauts folded and unfolded
    expansions: list[str] = field(default_factory=list)  # PostgreSQL: indexed words containing the stem
    corrections: list[str] = field(default_factory=list)  # similar words, when the word occurs nowhere


# --- input ------------------------------------------------------------------------------------------


def clean_query(raw: str) -> str:
    """The query as it is searched: no control characters, single spaces, at most 200 characters."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", raw[: MAX_QUERY_LENGTH * 4]))
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cs", "Co", "Cn"))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_words(query: str) -> list[str]:
    """The distinct words of a cleaned query, lower-cased (letters and digits of any script)."""
    words: list[str] = []
    for word in _WORD.findall(query.lower()):
        word = word[:MAX_TOKEN_LENGTH]
        if len(word) >= MIN_TOKEN_LENGTH and word not in words:
            words.append(word)
    return words[:MAX_TOKENS]


def fold_umlauts(text: str) -> str:
    for umlaut, folded in _UMLAUTS.items():
        text = text.replace(umlaut, folded)
    return text


def strip_ending(word: str) -> str:
    """Remove one simple German ending (-en, -er, -es, -e, -n, -s) if four letters remain."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def spellings(word: str) -> list[str]:
    """``word`` with umlauts folded (ä → ae) and unfolded (ae → ä), at most eight spellings."""
    folded = fold_umlauts(word)
    parts = re.split(r"(ae|oe|ue|ss)", folded)
    choices = [
        [part, {"ae": "ä", "oe": "ö", "ue": "ü", "ss": "ß"}[part]] if index % 2 else [part]
        for index, part in enumerate(parts)
    ]
    found = [word] if word == folded else [word, folded]
    for combination in product(*choices):
        candidate = "".join(combination)
        if candidate not in found:
            found.append(candidate)
        if len(found) >= 8:
            break
    return found


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


# --- the search -------------------------------------------------------------------------------------


def directory_search(*, query: str, filters: DirectoryFilters, sort: str, page: int) -> DirectoryResult:
    """Verified organisations matching ``query`` and ``filters``, one page of them, and the facets.

    Never raises on odd input: the query is cleaned, unknown filter values and sorts are ignored,
    pages outside the range show the nearest page. Four or five queries, whatever the result size.
    """
    query = clean_query(query)
    page = min(max(1, page), MAX_PAGE)
    tokens = [_token(word) for word in query_words(query)]
    if sort not in SORTS or (sort == SORT_RELEVANCE and not tokens):
        sort = SORT_RELEVANCE if tokens else SORT_NAME
    postgres = connection.vendor == "postgresql"
    if postgres:
        _expand_from_word_list(tokens)
    counted = _count(tokens, filters, sort=sort, page=page, postgres=postgres)
    if counted.text_matches == 0 and tokens and not postgres and _correct_unknown_words(tokens):
        # SQLite: a word that occurs nowhere is probably misspelt; search again with similar words.
        counted = _count(tokens, filters, sort=sort, page=page, postgres=postgres)
    total = _total(counted.places, filters)
    num_pages = max(1, -(-total // PER_PAGE))
    if page > num_pages:
        page = num_pages
        if tokens:  # the page's ids came from the statement: ask again for the last page
            counted = _count(tokens, filters, sort=sort, page=page, postgres=postgres)
    organisations = _organisations(counted.page_ids) if tokens else _browse(filters, sort=sort, page=page)
    return DirectoryResult(
        organisations=organisations,
        cards=organisation_cards(organisations),
        total=total,
        page=page,
        num_pages=num_pages,
        query=query,
        sort=sort,
        facets=Facets(
            kinds=_kind_options(counted.places, filters),
            districts=_district_options(counted.places, filters),
            municipalities=_municipality_options(counted.places, filters),
            fields=_field_options(counted.fields, counted.terms, filters),
            languages=_language_options(counted.languages, filters),
        ),
        district_counts=_district_counts(counted.places, filters),
        similar_spellings=_has_corrections(tokens),
    )


def verified_organisations() -> QuerySet[Organisation]:
    """The organisations the public sees."""
    return Organisation.objects.filter(status=Organisation.Status.VERIFIED)


def _token(word: str) -> _Token:
    stem = strip_ending(word)
    return _Token(word=word, stem=stem, variants=spellings(stem))


def _has_corrections(tokens: Sequence[_Token]) -> bool:
    return any(token.corrections for token in tokens)


# --- matching the words -----------------------------------------------------------------------------


def _matching(tokens: Sequence[_Token], *, postgres: bool) -> QuerySet[Organisation]:
    """Verified organisations that contain every query word (in one of its spellings)."""
    queryset = verified_organisations()
    if not tokens:
        return queryset
    if postgres:
        # alias(), not annotate(): the vectors are only compared, never selected, so PostgreSQL
        # answers from the functional indexes and never computes a vector for a row.
        queryset = queryset.alias(
            _german=SearchVector("search_text", config="german"),
            _simple=SearchVector("search_text", config="simple"),
        )
        return queryset.filter(reduce(and_, (_postgres_condition(token) for token in tokens)))
    return queryset.filter(reduce(and_, (_substring_condition(token) for token in tokens)))


class _Matches(Func):
    """``vector @@ (SELECT query)``.

    The sub-select hides the query from the planner's word statistics. Otherwise a word that occurs
    in most texts ("verein") makes PostgreSQL prefer a sequential scan that computes every row's
    vector (1.4 s at 20,000 rows) over the index; the planner charges both plans for the vector.
    """

    arg_joiner = " @@ (SELECT "
    template = "%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, vector: str, query: Combinable) -> None:
        super().__init__(F(vector), query)


def _postgres_condition(token: _Token) -> Q:
    simple = [SearchQuery(f"{variant}:*", config="simple", search_type="raw") for variant in token.variants]
    simple += [SearchQuery(word, config="simple") for word in token.expansions + token.corrections]
    german = SearchQuery(token.word, config="german")
    return Q(_Matches("_german", german)) | Q(_Matches("_simple", reduce(or_, simple)))


def _substring_condition(token: _Token) -> Q:
    words = token.variants + token.corrections
    return reduce(or_, (Q(search_text__contains=word) for word in words))


def _expand_from_word_list(tokens: Sequence[_Token]) -> None:
    """PostgreSQL: for each query word, the indexed words that contain it, or else similar ones.

    One query for all words, answered from the trigram index of the word list. Candidates for a
    misspelling share trigrams with the word, or its first or last (n-1)/2 letters (that catches two
    swapped letters, which trigrams miss); difflib picks among them, as on SQLite.
    """
    patterns = [(index, variant) for index, token in enumerate(tokens) for variant in token.variants]
    if not patterns:
        return
    halves = [max(2, (len(spelling) - 1) // 2) for _index, spelling in patterns]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH pattern AS (
                SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[]) AS p(token, spelling, head, tail)
            ), containing AS (
                SELECT pattern.token, found.word
                FROM pattern CROSS JOIN LATERAL (
                    SELECT word FROM organisations_search_word
                    WHERE word LIKE '%%' || pattern.spelling || '%%'
                    ORDER BY length(word), word LIMIT %s
                ) AS found
            ), alike AS (
                SELECT pattern.token, found.word
                FROM pattern CROSS JOIN LATERAL (
                    SELECT word FROM organisations_search_word
                    WHERE (word %% pattern.spelling OR word LIKE pattern.head || '%%' OR word LIKE '%%' || pattern.tail)
                      AND length(word) BETWEEN length(pattern.spelling) - 2 AND length(pattern.spelling) + 2
                    ORDER BY similarity(word, pattern.spelling) DESC, word LIMIT 200
                ) AS found
                WHERE length(pattern.spelling) >= %s
                  AND NOT EXISTS (SELECT 1 FROM containing WHERE containing.token = pattern.token)
            )
            SELECT token, word, false FROM containing
            UNION ALL
            SELECT token, word, true FROM alike
            """,
            [
                [index for index, _spelling in patterns],
                [_like_escape(spelling) for _index, spelling in patterns],
                [_like_escape(spelling[:half]) for (_index, spelling), half in zip(patterns, halves, strict=True)],
                [_like_escape(spelling[-half:]) for (_index, spelling), half in zip(patterns, halves, strict=True)],
                MAX_EXPANSIONS,
                MIN_FUZZY_LENGTH,
            ],
        )
        rows = cursor.fetchall()
    candidates: dict[int, list[str]] = {}
    for index, word, is_candidate in rows:
        token = tokens[index]
        if is_candidate:
            candidates.setdefault(index, []).append(word)
        elif word not in token.expansions and word not in token.variants:
            token.expansions.append(word)
    for index, words in candidates.items():
        tokens[index].corrections = _closest(tokens[index], words)


def _closest(token: _Token, words: Iterable[str]) -> list[str]:
    """The words (at most five) that look like misspellings of ``token``, closest first."""
    scored = []
    for word in set(words):
        if abs(len(word) - len(token.word)) > 2:  # as on SQLite: a typo changes the length little
            continue
        folded = fold_umlauts(word)
        ratio = max(
            difflib.SequenceMatcher(None, fold_umlauts(spelling), folded).ratio()
            for spelling in (token.word, token.stem)
        )
        if ratio >= SIMILARITY:
            scored.append((-ratio, word))
    return [word for _ratio, word in sorted(scored)[:MAX_CORRECTIONS]]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _correct_unknown_words(tokens: Sequence[_Token]) -> bool:
    """SQLite: similar words for each query word that occurs in no verified organisation."""
    if len(tokens) == 1:
        counts = {"t0": 0}  # the caller found no match: the one word occurs nowhere
    else:
        counts = verified_organisations().aggregate(
            **{f"t{index}": Count("pk", filter=_substring_condition(token)) for index, token in enumerate(tokens)}
        )
    corrected = False
    for index, token in enumerate(tokens):
        if counts[f"t{index}"] == 0 and len(token.word) >= MIN_FUZZY_LENGTH:
            token.corrections = _similar_words(token.word)
            corrected = corrected or bool(token.corrections)
    return corrected


def _similar_words(word: str) -> list[str]:
    # A word with one typo (even two swapped letters) keeps its first or its last (n-1)/2 letters:
    # texts sharing either are the candidates (a bounded sample), their words go to difflib.
    folded = fold_umlauts(word)
    half = max(2, (len(word) - 1) // 2)
    pieces = {word[:half], word[-half:]}
    sample = (
        verified_organisations()
        .filter(reduce(or_, (Q(search_text__contains=piece) for piece in pieces)))
        .values_list("search_text", flat=True)[:500]
    )
    candidates: dict[str, str] = {}
    for text in sample:
        for candidate in _WORD.findall(text):
            if abs(len(candidate) - len(word)) <= 2:
                candidates.setdefault(fold_umlauts(candidate), candidate)
    close = difflib.get_close_matches(folded, list(candidates), n=MAX_CORRECTIONS, cutoff=SIMILARITY)
    return [candidates[match] for match in close]


# --- counting: one statement for facets, total and the page -----------------------------------------


@dataclass(frozen=True)
class _PlaceRow:
    kind: str
    district_ags: str
    municipality_ags: str | None  # only when a district or municipality is chosen
    municipality_name: str | None
    count: int


@dataclass(frozen=True)
class _Counted:
    places: list[_PlaceRow]  # per kind and municipality, under the field and language filters
    fields: dict[int, int]  # FieldOfAction pk → count, under all filters but the fields
    terms: list[FieldOfAction]  # the whole vocabulary (unsaved copies: slug, name, name_translations)
    languages: dict[str, int]  # language code → count, under all filters but the languages
    text_matches: int  # organisations that match the words, before any filter
    page_ids: list[int]  # only when there are words; otherwise see _browse


def _count(tokens: Sequence[_Token], filters: DirectoryFilters, *, sort: str, page: int, postgres: bool) -> _Counted:
    """Facet counts, the number of text matches and (with a query) the ids of one page: one query.

    The matching organisations are read once into a materialised CTE with one flag per filter group;
    each facet then counts the rows that pass every *other* group (disjunctive facets), the page takes
    the rows that pass all of them. Separate queries would each search the texts again. Without
    words the CTE is read from a covering index and the page comes from ``_browse``. Fields of action
    are counted from ``Organisation.field_ids`` like the languages: a join over the link table for
    every match cost as much as the search itself.
    """
    flags = {
        name: Value(True) if condition is None else ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in _filter_conditions(filters).items()
    }
    columns: dict[str, Any] = {
        "o_id": F("pk"),
        "o_kind": F("kind"),
        "o_district": F("district_id"),
        "o_municipality": F("municipality_id"),
        "o_languages": F("languages"),
        "o_fields": F("field_ids"),
    }
    if tokens:  # what the page's sort needs, nothing more: every column is written for every match
        columns["o_name"] = F("name")
        columns["o_created"] = F("created_at") if sort == SORT_NEWEST else Value(0)
        columns["o_score"] = _name_score(tokens, postgres=postgres) if sort == SORT_RELEVANCE else Value(0)
    rows = _matching(tokens, postgres=postgres).order_by().values(**columns, **flags)
    matches_sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    municipalities = quote(Municipality._meta.db_table)
    districts = quote(District._meta.db_table)
    terms = quote(FieldOfAction._meta.db_table)  # the vocabulary rides along: one query less
    if filters.districts or filters.municipalities:  # the municipality facet and filter need them
        places_branch = f"""SELECT 0, g.o_kind, di.ags, mu.ags, mu.name, g.n
          FROM (SELECT o_kind, o_district, o_municipality, COUNT(*) AS n FROM m
                 WHERE f_field AND f_lang GROUP BY o_kind, o_district, o_municipality) AS g
          JOIN {districts} di ON di.id = g.o_district
          JOIN {municipalities} mu ON mu.id = g.o_municipality"""  # noqa: S608 - quoted table names only
    else:  # a tenth of the rows: per kind and district
        places_branch = f"""SELECT 0, g.o_kind, di.ags, NULL, NULL, g.n
          FROM (SELECT o_kind, o_district, COUNT(*) AS n FROM m
                 WHERE f_field AND f_lang GROUP BY o_kind, o_district) AS g
          JOIN {districts} di ON di.id = g.o_district"""  # noqa: S608 - quoted table names only
    statement = f"""
        WITH m AS MATERIALIZED ({matches_sql})
        {places_branch}
        UNION ALL
        SELECT 1, NULL, NULL, CAST(term_id.value AS text), NULL, CAST(SUM(g.n) AS bigint)
          FROM (SELECT o_fields, COUNT(*) AS n FROM m WHERE f_kind AND f_place AND f_lang
                 GROUP BY o_fields) AS g
         CROSS JOIN {_elements_of_group("o_fields", postgres=postgres)} AS term_id
         GROUP BY term_id.value
        UNION ALL
        SELECT 2, NULL, NULL, language.value, NULL, CAST(SUM(g.n) AS bigint)
          FROM (SELECT o_languages, COUNT(*) AS n FROM m WHERE f_kind AND f_place AND f_field
                 GROUP BY o_languages) AS g
         CROSS JOIN {_elements_of_group("o_languages", postgres=postgres)} AS language
         GROUP BY language.value
        UNION ALL
        SELECT 3, NULL, NULL, NULL, NULL, COUNT(*) FROM m
        UNION ALL
        SELECT 5, term.slug, CAST(term.id AS text), CAST(term.name_translations AS text), term.name, term.position
          FROM {terms} term
    """  # noqa: S608 - only quoted table names and fixed clauses are formatted in; values are parameters
    if tokens:
        order = {
            SORT_RELEVANCE: "o_score DESC, o_name, o_id",
            SORT_NAME: "o_name, o_id",
            SORT_NEWEST: "o_created DESC, o_id DESC",
        }[sort]
        statement += f"""
        UNION ALL
        SELECT 4, NULL, NULL, CAST(p.o_id AS text), NULL, ROW_NUMBER() OVER (ORDER BY {order})
          FROM (SELECT * FROM m WHERE m.f_kind AND m.f_place AND m.f_field AND m.f_lang
                 ORDER BY {order} LIMIT %s OFFSET %s) AS p
        """  # noqa: S608 - a fixed ORDER BY clause
        params = (*params, PER_PAGE, (max(1, page) - 1) * PER_PAGE)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        result = cursor.fetchall()
    places, fields, languages, text_matches, page_rows, vocabulary = [], {}, {}, 0, [], []
    for part, kind, key, code, label, count in result:
        if part == 0:
            places.append(_PlaceRow(kind, key, code, label, count))
        elif part == 1:
            fields[int(code)] = count
        elif part == 2:
            languages[str(code)] = count
        elif part == 3:
            text_matches = count
        elif part == 4:
            page_rows.append((count, int(code)))
        else:
            term = FieldOfAction(
                pk=int(key), slug=kind, name=label, name_translations=_json_object(code), position=count
            )
            vocabulary.append(term)
    vocabulary.sort(key=lambda term: (term.position, term.name))
    return _Counted(places, fields, vocabulary, languages, text_matches, [pk for _position, pk in sorted(page_rows)])


def _filter_conditions(filters: DirectoryFilters) -> dict[str, Q | None]:
    """One condition per filter group (None: not filtered), named as the flags of ``_count``."""
    field_links = Organisation.fields_of_action.through.objects.filter(fieldofaction__slug__in=filters.fields)
    return {
        "f_kind": Q(kind__in=filters.kinds) if filters.kinds else None,
        "f_place": _place_condition(filters),
        "f_field": Q(pk__in=field_links.values("organisation_id")) if filters.fields else None,
        "f_lang": reduce(or_, (_speaks(code) for code in filters.languages)) if filters.languages else None,
    }


def _browse(filters: DirectoryFilters, *, sort: str, page: int) -> list[Organisation]:
    """One page of the directory without search words, straight from the sort indexes."""
    queryset = verified_organisations()
    for condition in _filter_conditions(filters).values():
        if condition is not None:
            queryset = queryset.filter(condition)
    ordering = ("-created_at", "-pk") if sort == SORT_NEWEST else ("name", "pk")
    start = (page - 1) * PER_PAGE
    return list(_with_card_data(queryset.order_by(*ordering))[start : start + PER_PAGE])


def _with_card_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a result card shows: place, fields of action; never the heavy search text or outline."""
    return (
        queryset.select_related("district", "municipality")
        .defer("search_text", "district__outline")
        .prefetch_related("fields_of_action")
    )


def _place_condition(filters: DirectoryFilters) -> Q | None:
    conditions = []
    if filters.districts:
        districts = District.objects.filter(ags__in=filters.districts).values("pk")
        conditions.append(Q(district_id__in=districts))
    if filters.municipalities:
        conditions.append(Q(municipality__ags__in=filters.municipalities))
    return reduce(and_, conditions) if conditions else None


def _speaks(code: str) -> Q:
    if connection.features.supports_json_field_contains:
        return Q(languages__contains=[code])
    # SQLite keeps the list as JSON text; codes are checked letters, so the quoted code is exact.
    return Q(languages__icontains=f'"{code}"')


def _json_object(text: str | None) -> dict[str, str]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _name_score(tokens: Sequence[_Token], *, postgres: bool) -> Combinable:
    """Relevance: every query word found in the name counts two, a similar spelling one.

    All results already match every word somewhere; the name is what people look for first. (A
    ``ts_rank`` over the whole text would recompute each row's vector: 300 ms for 4,000 matches.)
    """
    parts: list[Expression] = []
    for token in tokens:
        exact = _name_contains_any(token.variants, postgres=postgres)
        parts.append(Case(When(exact, then=Value(2)), default=Value(0), output_field=IntegerField()))
        if token.corrections:
            similar = _name_contains_any(token.corrections, postgres=postgres)
            parts.append(Case(When(similar, then=Value(1)), default=Value(0), output_field=IntegerField()))
    return reduce(lambda left, right: left + right, parts)


def _name_contains_any(words: Sequence[str], *, postgres: bool) -> Q:
    if not postgres:
        return reduce(or_, (_name_contains(word) for word in words))
    # The same test as ``_name_contains`` for each word, in one ``LIKE ANY``: the score is computed
    # for every match, and a separate ``UPPER(name) LIKE`` and ``name LIKE`` per spelling doubled the
    # cost of a broad search. For a word starting with an ASCII letter the capitalised ``LIKE`` is
    # implied by the upper-cased one; otherwise it stays.
    condition = Q(_NameLikeAny([f"%{connection.ops.prep_for_like_query(word)}%" for word in words]))
    for word in words:
        first = word[:1]
        if first != first.upper() and not first.isascii():
            condition |= Q(name__contains=first.upper() + word[1:])
    return condition


class _NameLikeAny(Func):
    """PostgreSQL: ``UPPER(name) LIKE ANY (ARRAY[UPPER(pattern), …])``, as ``name__icontains`` per pattern."""

    output_field = BooleanField()

    def __init__(self, patterns: Sequence[str]) -> None:
        super().__init__(F("name"), *(Value(pattern) for pattern in patterns))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        name, *patterns = self.get_source_expressions()
        name_sql, params = compiler.compile(name)
        params = list(params)
        uppers = []
        for pattern in patterns:
            pattern_sql, pattern_params = compiler.compile(pattern)
            uppers.append(f"UPPER({pattern_sql}::text)")
            params += pattern_params
        return f"UPPER({name_sql}::text) LIKE ANY (ARRAY[{', '.join(uppers)}])", params


def _name_contains(word: str) -> Q:
    # SQLite compares case-insensitively for ASCII only: also try the capitalised word.
    condition = Q(name__icontains=word)
    if word[:1] != word[:1].upper():
        condition |= Q(name__contains=word[:1].upper() + word[1:])
    return condition


def _organisations(ids: Sequence[int]) -> list[Organisation]:
    """The organisations of one page, in the order found."""
    if not ids:
        return []
    by_pk = {organisation.pk: organisation for organisation in _with_card_data(Organisation.objects.filter(pk__in=ids))}
    return [by_pk[pk] for pk in ids if pk in by_pk]


# --- facets -----------------------------------------------------------------------------------------


def _in_kinds(row: _PlaceRow, filters: DirectoryFilters) -> bool:
    return not filters.kinds or row.kind in filters.kinds


def _in_places(row: _PlaceRow, filters: DirectoryFilters) -> bool:
    if filters.districts and row.district_ags not in filters.districts:
        return False
    return not filters.municipalities or row.municipality_ags in filters.municipalities


def _total(rows: Sequence[_PlaceRow], filters: DirectoryFilters) -> int:
    return sum(row.count for row in rows if _in_kinds(row, filters) and _in_places(row, filters))


def _kind_options(rows: Sequence[_PlaceRow], filters: DirectoryFilters) -> list[FacetOption]:
    counts: Counter[str] = Counter()
    for row in rows:
        if _in_places(row, filters):
            counts[row.kind] += row.count
    return [
        FacetOption(kind.value, str(kind.label), counts[kind.value], kind.value in filters.kinds)
        for kind in Organisation.Kind
        if counts[kind.value] or kind.value in filters.kinds
    ]


def _district_counts(rows: Sequence[_PlaceRow], filters: DirectoryFilters) -> dict[str, int]:
    counts = dict.fromkeys((shape.ags for shape in district_shapes()), 0)
    for row in rows:
        if _in_kinds(row, filters) and row.district_ags in counts:
            counts[row.district_ags] += row.count
    return counts


def _district_options(rows: Sequence[_PlaceRow], filters: DirectoryFilters) -> list[FacetOption]:
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


def _municipality_options(rows: Sequence[_PlaceRow], filters: DirectoryFilters) -> list[FacetOption]:
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


def _field_options(
    counts: Mapping[int, int], terms: Sequence[FieldOfAction], filters: DirectoryFilters
) -> list[FacetOption]:
    return [
        FacetOption(term.slug, term.localized_name().text, counts.get(term.pk, 0), term.slug in filters.fields)
        for term in terms
        if counts.get(term.pk) or term.slug in filters.fields
    ]


def _language_options(counted: Mapping[str, int], filters: DirectoryFilters) -> list[FacetOption]:
    counts = {code: count for code, count in counted.items() if _CODE.match(code)}
    codes = set(counts) | set(filters.languages)
    options = [
        FacetOption(code, language_label(code), counts.get(code, 0), code in filters.languages) for code in codes
    ]
    # German first (nearly everyone speaks it), then by how many organisations speak a language.
    return sorted(options, key=lambda option: (option.value != "de", -option.count, option.label))


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


def organisation_cards(organisations: Iterable[Organisation]) -> list[OrganisationCard]:
    """Cards for organisations loaded with ``_with_card_data`` (place and fields already fetched)."""
    language = (get_language() or "de").split("-")[0]
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
                fields=[term.localized_name(language).text for term in organisation.fields_of_action.all()],
                languages=_language_names(organisation.languages),
                summary=_shorten(organisation.localized_description(language)),
            )
        )
    return cards


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
    if not _AGS_DISTRICT.match(ags):
        return None
    district = District.objects.defer("outline").filter(ags=ags).first()
    if district is None:
        return None
    public = verified_organisations().filter(district=district)
    highlighted = organisation_cards(
        _with_card_data(public.filter(kind__in=HIGHLIGHTED_KINDS)).order_by("name", "pk")[:100]
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
        organisations=organisation_cards(_with_card_data(others.order_by("name", "pk"))[start : start + PER_PAGE]),
        total=total,
        page=page,
        num_pages=num_pages,
        municipalities=[
            FacetOption(row["municipality__ags"], row["municipality__name"], row["n"], False) for row in municipalities
        ],
    )
