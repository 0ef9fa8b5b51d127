"""Typo matching for the directory search: words that stand in for a query word.

- **PostgreSQL**: the indexed words that contain a query word (parts of compound words: "verein" in
  "kulturverein"), or else similar ones, from ``organisations_search_word`` (trigram index).
- **SQLite**: a word that occurs in no verified organisation is replaced by similar words (difflib)
  from a bounded sample of texts that share half of it.

The work is done by the shared ``core.lib.search.typos``; this module names the directory's table.
"""

from __future__ import annotations

from collections.abc import Sequence

from vielfalt.core.lib.search import typos
from vielfalt.core.lib.search.text import Token
from vielfalt.organisations.directory.text import verified_organisations

WORD_TABLE = "organisations_search_word"
MIN_FUZZY_LENGTH = typos.MIN_FUZZY_LENGTH
MAX_EXPANSIONS = typos.MAX_EXPANSIONS
MAX_CORRECTIONS = typos.MAX_CORRECTIONS
SIMILARITY = typos.SIMILARITY


def expand_from_word_list(tokens: Sequence[Token]) -> None:
    """PostgreSQL: for each query word, the indexed words that contain it, or else similar ones."""
    typos.expand_from_word_list(tokens, table=WORD_TABLE)


def correct_unknown_words(tokens: Sequence[Token]) -> bool:
    """SQLite: similar words for each query word that occurs in no verified organisation."""
    return typos.correct_unknown_words(tokens, queryset=verified_organisations(), field="search_text")
