"""The library search: the shared search layer (``core.lib.search``: German words, compounds, typos) on
the items' ``search_text``, with facets for kind, topic, target group and language.

Facets are "disjunctive" as in the directory: a group's counts ignore that group's own selection. The
counts, the total and the ids of one page come from one statement over a materialised set of the
matching items; PostgreSQL asks the word table first for parts of compounds and misspellings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vielfalt.accounts.types import Viewer
from vielfalt.core.lib import pagecache
from vielfalt.core.lib.search import typos
from vielfalt.core.lib.search.facets import json_list_elements
from vielfalt.core.lib.search.passages import matching_passage, spellings_found, spellings_pattern
from vielfalt.core.lib.search.text import (
    Token,
    clean_query,
    has_corrections,
    match_words,
    title_score,
    tokens_of,
)
from vielfalt.knowledge import access
from vielfalt.knowledge.models import LANGUAGES, Item
from vielfalt.knowledge.services import plain_text
from vielfalt.organisations.models import FieldOfAction, TargetGroup

WORD_TABLE = "knowledge_search_word"
PER_PAGE = 20
MAX_PAGE = 1000

SORT_RELEVANCE, SORT_TITLE, SORT_NEWEST = "relevance", "title", "newest"
SORTS = (SORT_RELEVANCE, SORT_TITLE, SORT_NEWEST)
SORT_LABELS = {
    SORT_RELEVANCE: _("Relevanz"),
    SORT_TITLE: pgettext_lazy("sortieren nach", "Titel"),
    SORT_NEWEST: _("Neueste zuerst"),
}

_SLUG = re.compile(r"[-a-z0-9_]{1,60}\Z")
_LANGUAGE_CODES = [code for code, _label in LANGUAGES]


def _valid(values: Iterable[str], check: Any) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        value = str(value).strip()[:80]
        if value and check(value) and value not in seen:
            seen.append(value)
    return tuple(seen[:30])


@dataclass(frozen=True)
class LibraryFilters:
    """What a visitor ticked: values within a group combine with OR, groups with AND."""

    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # FieldOfAction slugs
    target_groups: tuple[str, ...] = ()  # TargetGroup slugs
    languages: tuple[str, ...] = ()

    @classmethod
    def from_values(
        cls,
        *,
        kinds: Iterable[str] = (),
        topics: Iterable[str] = (),
        target_groups: Iterable[str] = (),
        languages: Iterable[str] = (),
    ) -> LibraryFilters:
        """Filters from untrusted input: unknown or malformed values are dropped, never an error."""
        return cls(
            kinds=_valid(kinds, lambda value: value in Item.Kind.values),
            topics=_valid(topics, _SLUG.match),
            target_groups=_valid(target_groups, _SLUG.match),
            languages=_valid(languages, lambda value: value in _LANGUAGE_CODES),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.kinds or self.topics or self.target_groups or self.languages)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facets:
    kinds: list[FacetOption]
    topics: list[FacetOption]
    target_groups: list[FacetOption]
    languages: list[FacetOption]


@dataclass(frozen=True)
class Result:
    item: Item
    # For a search: the passage that matched, as (text, is_match) pieces (in the item's language).
    passage: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class LibraryResult:
    results: list[Result]
    total: int
    page: int
    num_pages: int
    query: str  # the query as searched (cleaned)
    sort: str
    facets: Facets
    similar_spellings: bool = False  # a word matched nowhere: similar spellings were searched

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def _conditions(filters: LibraryFilters) -> dict[str, Q | None]:
    """One condition per filter group (None: not filtered), named as the flags of the statement."""
    topic_links = Item.topics.through.objects.filter(fieldofaction__slug__in=filters.topics)
    group_links = Item.target_groups.through.objects.filter(targetgroup__slug__in=filters.target_groups)
    return {
        "f_kind": Q(kind__in=filters.kinds) if filters.kinds else None,
        "f_topic": Q(pk__in=topic_links.values("item_id")) if filters.topics else None,
        "f_group": Q(pk__in=group_links.values("item_id")) if filters.target_groups else None,
        "f_lang": Q(language__in=filters.languages) if filters.languages else None,
    }


def library_search(
    *,
    viewer: Viewer,
    query: str,
    filters: LibraryFilters,
    sort: str = "",
    page: int = 1,
    kind: str | None = None,
) -> LibraryResult:
    """The items ``viewer`` may read that match ``query`` and ``filters``: one page, the facets, the total.

    ``kind`` fixes the kind (the Methodenkoffer: methods only). Never raises on odd input: the query is
    cleaned, unknown filter values and sorts are ignored, a page beyond the last shows the last.
    """
    query = clean_query(query)
    page = min(max(1, page), MAX_PAGE)
    tokens = tokens_of(query)
    if sort not in SORTS or (sort == SORT_RELEVANCE and not tokens):
        sort = SORT_RELEVANCE if tokens else SORT_TITLE
    postgres = connection.vendor == "postgresql"
    base = Item.objects.filter(access.listed_condition(viewer))
    if kind is not None:
        base = base.filter(kind=kind)
    if postgres and tokens:
        typos.expand_from_word_list(tokens, table=WORD_TABLE)
    counted = _count(base, tokens, filters, sort=sort, page=page, postgres=postgres)
    if counted.text_matches == 0 and tokens and not postgres and typos.correct_unknown_words(tokens, queryset=base):
        # SQLite: a word that occurs nowhere is probably misspelt; search again with similar words.
        counted = _count(base, tokens, filters, sort=sort, page=page, postgres=postgres)
    total = sum(count for value, count in counted.kinds.items() if not filters.kinds or value in filters.kinds)
    num_pages = max(1, -(-total // PER_PAGE))
    if page > num_pages:
        page = num_pages
        counted = _count(base, tokens, filters, sort=sort, page=page, postgres=postgres)
    items = _items(counted.page_ids, with_body=bool(tokens))
    spellings = spellings_found(tokens) if tokens else []
    pattern = spellings_pattern(spellings) if spellings else None
    results = [Result(item=item, passage=_passage(item, spellings, pattern)) for item in items]
    topics, target_groups = vocabulary()
    return LibraryResult(
        results=results,
        total=total,
        page=page,
        num_pages=num_pages,
        query=query,
        sort=sort,
        facets=Facets(
            kinds=[
                FacetOption(value, str(label), counted.kinds.get(value, 0), value in filters.kinds)
                for value, label in Item.Kind.choices
                if counted.kinds.get(value) or value in filters.kinds
            ]
            if kind is None
            else [],
            topics=_vocabulary_options(topics, counted.topics, filters.topics),
            target_groups=_vocabulary_options(target_groups, counted.target_groups, filters.target_groups),
            languages=[
                FacetOption(code, str(label), counted.languages.get(code, 0), code in filters.languages)
                for code, label in LANGUAGES
                if counted.languages.get(code) or code in filters.languages
            ],
        ),
        similar_spellings=has_corrections(tokens),
    )


VOCABULARY_GROUP = "knowledge.vocabulary"
VOCABULARY_TABLES = (FieldOfAction._meta.db_table, TargetGroup._meta.db_table)


def vocabulary() -> tuple[list[FieldOfAction], list[TargetGroup]]:
    """Topics and target groups in their order, kept in the cache until one of them changes."""
    return pagecache.cached(
        VOCABULARY_GROUP,
        "terms",
        lambda: (
            list(FieldOfAction.objects.order_by("position", "name")),
            list(TargetGroup.objects.order_by("position", "name")),
        ),
    )


def _vocabulary_options(
    terms: Sequence[FieldOfAction] | Sequence[TargetGroup], counts: dict[int, int], selected: Sequence[str]
) -> list[FacetOption]:
    return [
        FacetOption(term.slug, term.localized_name().text, counts.get(term.pk, 0), term.slug in selected)
        for term in terms
        if counts.get(term.pk) or term.slug in selected
    ]


def _passage(item: Item, spellings: Sequence[str], pattern: re.Pattern[str] | None) -> tuple[tuple[str, bool], ...]:
    """Why ``item`` matched: the passage of its summary, text, steps or materials with the words marked
    (none when the title alone matched: the title is the result's heading)."""
    if pattern is None:
        return ()
    for text in (item.summary, item.body, item.steps, item.materials):
        if text and pattern.search(text):
            return matching_passage(plain_text(text) if text is item.body else text, spellings, pattern=pattern)
    return ()


def _items(ids: Sequence[int], *, with_body: bool) -> list[Item]:
    """The items of one page, in the order found, with what a result shows."""
    if not ids:
        return []
    fields = [
        "slug", "title", "summary", "kind", "language", "visibility", "parent", "position", "duration_minutes",
        "group_size_min", "group_size_max", "materials", "steps", "parent__slug", "parent__title",
    ]  # fmt: skip
    if with_body:
        fields.append("body")
    topics = Prefetch("topics", to_attr="listed_topics")  # a list (docs/architecture.md, list pages)
    queryset = Item.objects.filter(pk__in=ids).select_related("parent").only(*fields).prefetch_related(topics)
    by_pk = {item.pk: item for item in queryset}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@dataclass(frozen=True)
class _Counted:
    kinds: dict[str, int]  # under every filter but the kinds
    languages: dict[str, int]
    topics: dict[int, int]
    target_groups: dict[int, int]
    text_matches: int  # items that match the words, before any filter
    page_ids: list[int]


def _count(
    base: QuerySet[Item], tokens: Sequence[Token], filters: LibraryFilters, *, sort: str, page: int, postgres: bool
) -> _Counted:
    """Facet counts, the number of text matches and the ids of one page: one statement."""
    flags = {
        name: Value(True) if condition is None else ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in _conditions(filters).items()
    }
    columns: dict[str, Any] = {
        "o_id": F("pk"),
        "o_kind": F("kind"),
        "o_language": F("language"),
        "o_topics": F("topic_ids"),
        "o_groups": F("target_group_ids"),
        "o_title": F("title"),
        "o_newest": F("published_at") if sort == SORT_NEWEST else Value(0),
        "o_score": title_score(tokens, field="title", postgres=postgres)
        if tokens and sort == SORT_RELEVANCE
        else Value(0),
    }
    rows = match_words(base, tokens, field="search_text", postgres=postgres).order_by().values(**columns, **flags)
    matches_sql, params = rows.query.sql_with_params()
    order = {
        SORT_RELEVANCE: "o_score DESC, o_title, o_id",
        SORT_TITLE: "o_title, o_id",
        SORT_NEWEST: "o_newest DESC, o_id DESC",
    }[sort]
    statement = f"""
        WITH m AS MATERIALIZED ({matches_sql})
        SELECT 0, o_kind, COUNT(*) FROM m WHERE f_topic AND f_group AND f_lang GROUP BY o_kind
        UNION ALL
        SELECT 1, o_language, COUNT(*) FROM m WHERE f_kind AND f_topic AND f_group GROUP BY o_language
        UNION ALL
        SELECT 2, CAST(term.value AS text), CAST(SUM(g.n) AS bigint)
          FROM (SELECT o_topics, COUNT(*) AS n FROM m WHERE f_kind AND f_group AND f_lang GROUP BY o_topics) AS g
         CROSS JOIN {json_list_elements("o_topics", postgres=postgres)} AS term
         GROUP BY term.value
        UNION ALL
        SELECT 3, CAST(term.value AS text), CAST(SUM(g.n) AS bigint)
          FROM (SELECT o_groups, COUNT(*) AS n FROM m WHERE f_kind AND f_topic AND f_lang GROUP BY o_groups) AS g
         CROSS JOIN {json_list_elements("o_groups", postgres=postgres)} AS term
         GROUP BY term.value
        UNION ALL
        SELECT 4, NULL, COUNT(*) FROM m
        UNION ALL
        SELECT 5, CAST(p.o_id AS text), ROW_NUMBER() OVER (ORDER BY {order})
          FROM (SELECT * FROM m WHERE f_kind AND f_topic AND f_group AND f_lang
                 ORDER BY {order} LIMIT %s OFFSET %s) AS p
    """  # noqa: S608 - only fixed clauses are formatted in; values are parameters
    params = (*params, PER_PAGE, (page - 1) * PER_PAGE)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        result = cursor.fetchall()
    kinds: dict[str, int] = {}
    languages: dict[str, int] = {}
    topics: dict[int, int] = {}
    target_groups: dict[int, int] = {}
    text_matches = 0
    page_rows: list[tuple[int, int]] = []
    for part, key, count in result:
        if part == 0:
            kinds[str(key)] = int(count)
        elif part == 1:
            languages[str(key)] = int(count)
        elif part == 2:
            topics[int(key)] = int(count)
        elif part == 3:
            target_groups[int(key)] = int(count)
        elif part == 4:
            text_matches = int(count)
        else:
            page_rows.append((int(count), int(key)))
    return _Counted(kinds, languages, topics, target_groups, text_matches, [pk for _row, pk in sorted(page_rows)])
