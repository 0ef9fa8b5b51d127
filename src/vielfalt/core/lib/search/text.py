"""Matching the words of a search: the query cleaned and split into words, each word with its
spellings (umlauts folded both ways, a simple German ending removed), the condition that every word
occurs in a text column (PostgreSQL full text, or substrings on SQLite), and a relevance score for
words found in a title column. Words that stand in for a query word (parts of compounds, typos):
``typos``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import product
from operator import and_, or_
from typing import Any, TypeVar

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    Field,
    Func,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable, Expression, RawSQL

M = TypeVar("M", bound=Model)

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
MAX_TOKEN_LENGTH = 40
MIN_TOKEN_LENGTH = 2

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
WORD = re.compile(r"[^\W_]+")
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
_SUFFIXES = ("en", "er", "es", "e", "n", "s")


@dataclass
class Token:
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
    for word in WORD.findall(query.lower()):
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


def token_for(word: str) -> Token:
    stem = strip_ending(word)
    return Token(word=word, stem=stem, variants=spellings(stem))


def tokens_of(query: str) -> list[Token]:
    """The tokens of a cleaned query."""
    return [token_for(word) for word in query_words(query)]


def has_corrections(tokens: Sequence[Token]) -> bool:
    return any(token.corrections for token in tokens)


# --- matching the words -----------------------------------------------------------------------------


def match_words(queryset: QuerySet[M], tokens: Sequence[Token], *, field: str, postgres: bool) -> QuerySet[M]:
    """The rows of ``queryset`` whose text column ``field`` contains every query word (in one of its
    spellings). On PostgreSQL the column needs the GIN indexes of ``indexes.postgres_statements``."""
    if not tokens:
        return queryset
    if postgres:
        text = queryset.model._meta.get_field(field)
        assert isinstance(text, Field) and text.column, f"{field} is not a column"
        quote = connection.ops.quote_name
        qualified = f"{quote(queryset.model._meta.db_table)}.{quote(text.column)}"
        return queryset.filter(*(postgres_condition(token, qualified) for token in tokens))
    return queryset.filter(reduce(and_, (substring_condition(token, field=field) for token in tokens)))


def postgres_condition(token: Token, column: str) -> RawSQL:
    """The token against the text ``column`` (a quoted, qualified name): its word in the ``german``
    configuration (inflection: "Vereine" finds "Verein"), or in the ``simple`` one (words of any
    language) one of its spellings as a prefix or a word that stands in for it.

    The vectors are written exactly as the functional indexes of ``indexes.postgres_statements`` are,
    so PostgreSQL answers from the indexes and never computes a row's vector. Each query is a
    sub-select, which hides it from the planner's word statistics: otherwise a word in most texts
    ("verein") makes PostgreSQL prefer a sequential scan that computes every row's vector (1.4 s at
    20,000 rows), since it charges both plans for the vector. Plain SQL rather than Django's
    ``SearchVector`` and ``SearchQuery``: compiling those took two milliseconds per search.
    """
    simple = ["to_tsquery('simple'::regconfig, %s)"] * len(token.variants)
    simple += ["plainto_tsquery('simple'::regconfig, %s)"] * (len(token.expansions) + len(token.corrections))
    sql = (
        f"(to_tsvector('german'::regconfig, COALESCE({column}, ''::text))"
        " @@ (SELECT plainto_tsquery('german'::regconfig, %s))"
        f" OR to_tsvector('simple'::regconfig, COALESCE({column}, ''::text)) @@ (SELECT {' || '.join(simple)}))"
    )
    params = [token.word, *(f"{variant}:*" for variant in token.variants), *token.expansions, *token.corrections]
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - quoted names; values are parameters


def substring_condition(token: Token, *, field: str = "search_text") -> Q:
    words = token.variants + token.corrections
    return reduce(or_, (Q(**{f"{field}__contains": word}) for word in words))


def title_score(tokens: Sequence[Token], *, field: str, postgres: bool) -> Combinable:
    """Relevance: every query word found in the column ``field`` (a name, a title) counts two, a similar
    spelling one.

    All results already match every word somewhere; the title is what people look for first. (A
    ``ts_rank`` over the whole text would recompute each row's vector: 300 ms for 4,000 matches.)
    """
    parts: list[Expression] = []
    for token in tokens:
        exact = _contains_any(field, token.variants, postgres=postgres)
        parts.append(Case(When(exact, then=Value(2)), default=Value(0), output_field=IntegerField()))
        if token.corrections:
            similar = _contains_any(field, token.corrections, postgres=postgres)
            parts.append(Case(When(similar, then=Value(1)), default=Value(0), output_field=IntegerField()))
    return reduce(lambda left, right: left + right, parts)


def title_score_words(tokens: Sequence[Token]) -> list[tuple[int, list[str]]]:
    """``title_score`` for titles kept in memory, case-folded: ``(points, words)`` pairs — a title that
    contains one of the words gains the points."""
    parts = []
    for token in tokens:
        parts.append((2, [word.casefold() for word in token.variants]))
        if token.corrections:
            parts.append((1, [word.casefold() for word in token.corrections]))
    return parts


def _contains_any(field: str, words: Sequence[str], *, postgres: bool) -> Q:
    if not postgres:
        return reduce(or_, (field_contains(field, word) for word in words))
    # The same test as ``field_contains`` for each word, in one ``LIKE ANY``: the score is computed
    # for every match, and a separate ``UPPER(name) LIKE`` and ``name LIKE`` per spelling doubled the
    # cost of a broad search. For a word starting with an ASCII letter the capitalised ``LIKE`` is
    # implied by the upper-cased one; otherwise it stays.
    condition = Q(LikeAny(field, [f"%{connection.ops.prep_for_like_query(word)}%" for word in words]))
    for word in words:
        first = word[:1]
        if first != first.upper() and not first.isascii():
            condition |= Q(**{f"{field}__contains": first.upper() + word[1:]})
    return condition


class LikeAny(Func):
    """PostgreSQL: ``UPPER(field) LIKE ANY (ARRAY[UPPER(pattern), …])``, as ``__icontains`` per pattern."""

    output_field = BooleanField()

    def __init__(self, field: str, patterns: Sequence[str]) -> None:
        super().__init__(F(field), *(Value(pattern) for pattern in patterns))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, *patterns = self.get_source_expressions()
        column_sql, params = compiler.compile(column)
        params = list(params)
        uppers = []
        for pattern in patterns:
            pattern_sql, pattern_params = compiler.compile(pattern)
            uppers.append(f"UPPER({pattern_sql}::text)")
            params += pattern_params
        return f"UPPER({column_sql}::text) LIKE ANY (ARRAY[{', '.join(uppers)}])", params


def field_contains(field: str, word: str) -> Q:
    # SQLite compares case-insensitively for ASCII only: also try the capitalised word.
    condition = Q(**{f"{field}__icontains": word})
    if word[:1] != word[:1].upper():
        condition |= Q(**{f"{field}__contains": word[:1].upper() + word[1:]})
    return condition
