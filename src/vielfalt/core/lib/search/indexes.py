"""The PostgreSQL side of a searchable text column, as SQL statements for a migration.

- GIN indexes on ``to_tsvector('german', column)`` and ``to_tsvector('simple', column)``, written
  exactly as ``text.postgres_condition`` writes them (the way Django's ``SearchVector(column,
  config=...)`` compiles), so the planner uses them;
- a word table: every word that occurs in any row's column (kept by a trigger), with a trigram index.
  Typos ("fördermitel") and parts of compound words ("verein" in "kulturverein") are looked up there
  (``typos.expand_from_word_list``); a trigram match against each row's whole text would take seconds.

The directory's migration ``organisations/0004_search_indexes`` wrote the same statements by hand
before this module existed; new searchable tables use ``postgres_statements``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,40}\Z")


@dataclass(frozen=True)
class SearchIndexes:
    forward: list[str]
    backward: list[str]


def postgres_statements(*, table: str, column: str, prefix: str) -> SearchIndexes:
    """Indexes, the word table ``<prefix>_search_word`` and its trigger for ``table.column``.

    ``table``, ``column`` and ``prefix`` are fixed identifiers of the calling migration (never input).
    """
    for name in (table, column, prefix):
        if not _IDENTIFIER.match(name):
            raise ValueError(f"not a plain SQL identifier: {name!r}")
    words = f"{prefix}_search_word"
    collect = f"{prefix}_search_word_collect"
    forward = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"""CREATE INDEX IF NOT EXISTS {prefix}_search_german ON {table}
           USING gin (to_tsvector('german'::regconfig, COALESCE({column}, ''::text)))""",
        f"""CREATE INDEX IF NOT EXISTS {prefix}_search_simple ON {table}
           USING gin (to_tsvector('simple'::regconfig, COALESCE({column}, ''::text)))""",
        f"CREATE TABLE IF NOT EXISTS {words} (word text PRIMARY KEY)",
        f"CREATE INDEX IF NOT EXISTS {words}_trgm ON {words} USING gin (word gin_trgm_ops)",
        f"""CREATE OR REPLACE FUNCTION {collect}() RETURNS trigger
           LANGUAGE plpgsql AS $$
           BEGIN
               INSERT INTO {words} (word)
               SELECT DISTINCT word FROM unnest(tsvector_to_array(to_tsvector('simple', NEW.{column}))) AS word
               WHERE char_length(word) BETWEEN 3 AND 40
               ON CONFLICT (word) DO NOTHING;
               RETURN NULL;
           END
           $$""",  # noqa: S608 - checked identifiers only
        f"DROP TRIGGER IF EXISTS {collect} ON {table}",
        f"""CREATE TRIGGER {collect}
           AFTER INSERT OR UPDATE OF {column} ON {table}
           FOR EACH ROW WHEN (NEW.{column} <> '') EXECUTE FUNCTION {collect}()""",
        f"""INSERT INTO {words} (word)
           SELECT DISTINCT word FROM {table}, unnest(tsvector_to_array(to_tsvector('simple', {column}))) AS word
           WHERE char_length(word) BETWEEN 3 AND 40
           ON CONFLICT (word) DO NOTHING""",  # noqa: S608 - checked identifiers only
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {collect} ON {table}",
        f"DROP FUNCTION IF EXISTS {collect}()",
        f"DROP TABLE IF EXISTS {words}",
        f"DROP INDEX IF EXISTS {prefix}_search_german",
        f"DROP INDEX IF EXISTS {prefix}_search_simple",
    ]
    return SearchIndexes(forward=forward, backward=backward)
