"""Words that stand in for a query word: parts of compound words and misspellings.

- **PostgreSQL**: the indexed words that contain a query word (parts of compound words: "verein" in
  "kulturverein"), or else similar ones, from a word table with a trigram index (``indexes``).
- **SQLite**: a word that occurs in no row is replaced by similar words (difflib) from a bounded sample
  of texts that share half of it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from vielfalt.core.lib.search.text import WORD, Token, fold_umlauts, substring_condition

MIN_FUZZY_LENGTH = 5  # shorter words have too many neighbours to guess a misspelling
# At most this many words from the word list stand in for one query word (PostgreSQL).
MAX_EXPANSIONS = 40
MAX_CORRECTIONS = 5
SIMILARITY = 0.8  # difflib ratio from which a word counts as a misspelling of another


def expand_from_word_list(tokens: Sequence[Token], *, table: str) -> None:
    """PostgreSQL: for each query word, the words of ``table`` that contain it, or else similar ones.

    One query for all words, answered from the trigram index of the word list. Candidates for a
    misspelling share trigrams with the word, or its first or last (n-1)/2 letters (that catches two
    swapped letters, which trigrams miss); difflib picks among them, as on SQLite.
    """
    patterns = [(index, variant) for index, token in enumerate(tokens) for variant in token.variants]
    if not patterns:
        return
    halves = [max(2, (len(spelling) - 1) // 2) for _index, spelling in patterns]
    words = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH pattern AS (
                SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[]) AS p(token, spelling, head, tail)
            ), containing AS (
                SELECT pattern.token, found.word
                FROM pattern CROSS JOIN LATERAL (
                    SELECT word FROM {words}
                    WHERE word LIKE '%%' || pattern.spelling || '%%'
                    ORDER BY length(word), word LIMIT %s
                ) AS found
            ), alike AS (
                SELECT pattern.token, found.word
                FROM pattern CROSS JOIN LATERAL (
                    SELECT word FROM {words}
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
            """,  # noqa: S608 - a quoted table name only; values are parameters
            [
                [index for index, _spelling in patterns],
                [like_escape(spelling) for _index, spelling in patterns],
                [like_escape(spelling[:half]) for (_index, spelling), half in zip(patterns, halves, strict=True)],
                [like_escape(spelling[-half:]) for (_index, spelling), half in zip(patterns, halves, strict=True)],
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
    for index, found in candidates.items():
        tokens[index].corrections = closest(tokens[index], found)


def closest(token: Token, words: Iterable[str]) -> list[str]:
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


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def correct_unknown_words(tokens: Sequence[Token], *, queryset: QuerySet[Any], field: str = "search_text") -> bool:
    """SQLite: similar words for each query word that occurs in no row of ``queryset`` (column ``field``).

    Call it when the search found nothing; True if any word got corrections to search again with."""
    if len(tokens) == 1:
        counts = {"t0": 0}  # the caller found no match: the one word occurs nowhere
    else:
        counts = queryset.aggregate(
            **{
                f"t{index}": Count("pk", filter=substring_condition(token, field=field))
                for index, token in enumerate(tokens)
            }
        )
    corrected = False
    for index, token in enumerate(tokens):
        if counts[f"t{index}"] == 0 and len(token.word) >= MIN_FUZZY_LENGTH:
            token.corrections = similar_words(token.word, queryset=queryset, field=field)
            corrected = corrected or bool(token.corrections)
    return corrected


def similar_words(word: str, *, queryset: QuerySet[Any], field: str = "search_text") -> list[str]:
    """Words of the texts in ``queryset`` that look like misspellings of ``word`` (SQLite)."""
    # A word with one typo (even two swapped letters) keeps its first or its last (n-1)/2 letters:
    # texts sharing either are the candidates (a bounded sample), their words go to difflib.
    folded = fold_umlauts(word)
    half = max(2, (len(word) - 1) // 2)
    pieces = {word[:half], word[-half:]}
    sample = queryset.filter(reduce(or_, (Q(**{f"{field}__contains": piece}) for piece in pieces))).values_list(
        field, flat=True
    )[:500]
    candidates: dict[str, str] = {}
    for text in sample:
        for candidate in WORD.findall(text):
            if abs(len(candidate) - len(word)) <= 2:
                candidates.setdefault(fold_umlauts(candidate), candidate)
    close = difflib.get_close_matches(folded, list(candidates), n=MAX_CORRECTIONS, cutoff=SIMILARITY)
    return [candidates[match] for match in close]
