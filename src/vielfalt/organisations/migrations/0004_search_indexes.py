"""Indexes for the directory search (see organisations/search.py).

PostgreSQL:
- the pg_trgm extension;
- GIN indexes on to_tsvector('german', search_text) and to_tsvector('simple', search_text), written
  exactly as Django's SearchVector("search_text", config=...) compiles, so the planner uses them;
- ``organisations_search_word``: every word that occurs in any search_text (kept by a trigger), with a
  trigram index. Typos ("fördermitel") and parts of compound words ("verein" in "kulturverein") are
  looked up there; a trigram match against each row's whole text would take seconds at 20,000 rows.
Both databases: btree indexes for the facet counts and the sort orders.

Only RunPython/SQL operations: the model state does not change, and SQLite migrates as before.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS organisations_search_german ON organisations_organisation
       USING gin (to_tsvector('german'::regconfig, COALESCE(search_text, ''::text)))""",
    """CREATE INDEX IF NOT EXISTS organisations_search_simple ON organisations_organisation
       USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, ''::text)))""",
    "CREATE TABLE IF NOT EXISTS organisations_search_word (word text PRIMARY KEY)",
    """CREATE INDEX IF NOT EXISTS organisations_search_word_trgm ON organisations_search_word
       USING gin (word gin_trgm_ops)""",
    """CREATE OR REPLACE FUNCTION organisations_search_word_collect() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
           INSERT INTO organisations_search_word (word)
           SELECT DISTINCT word FROM unnest(tsvector_to_array(to_tsvector('simple', NEW.search_text))) AS word
           WHERE char_length(word) BETWEEN 3 AND 40
           ON CONFLICT (word) DO NOTHING;
           RETURN NULL;
       END
       $$""",
    "DROP TRIGGER IF EXISTS organisations_search_word_collect ON organisations_organisation",
    """CREATE TRIGGER organisations_search_word_collect
       AFTER INSERT OR UPDATE OF search_text ON organisations_organisation
       FOR EACH ROW WHEN (NEW.search_text <> '') EXECUTE FUNCTION organisations_search_word_collect()""",
    """INSERT INTO organisations_search_word (word)
       SELECT DISTINCT word FROM organisations_organisation,
           unnest(tsvector_to_array(to_tsvector('simple', search_text))) AS word
       WHERE char_length(word) BETWEEN 3 AND 40
       ON CONFLICT (word) DO NOTHING""",
    # Facet counts read these columns only: an index-only scan when nothing is searched.
    """CREATE INDEX IF NOT EXISTS organisations_directory_places ON organisations_organisation
       (status, kind, district_id, municipality_id) INCLUDE (id, languages)""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS organisations_search_word_collect ON organisations_organisation",
    "DROP FUNCTION IF EXISTS organisations_search_word_collect()",
    "DROP TABLE IF EXISTS organisations_search_word",
    "DROP INDEX IF EXISTS organisations_search_german",
    "DROP INDEX IF EXISTS organisations_search_simple",
    "DROP INDEX IF EXISTS organisations_directory_places",
]
SQLITE_FORWARD = [
    """CREATE INDEX IF NOT EXISTS organisations_directory_places ON organisations_organisation
       (status, kind, district_id, municipality_id)""",
]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS organisations_directory_places"]
# Sorting by name or by date without a search: the first page straight from an index.
COMMON_FORWARD = [
    "CREATE INDEX IF NOT EXISTS organisations_directory_name ON organisations_organisation (status, name)",
    "CREATE INDEX IF NOT EXISTS organisations_directory_newest ON organisations_organisation (status, created_at)",
]
COMMON_BACKWARD = [
    "DROP INDEX IF EXISTS organisations_directory_name",
    "DROP INDEX IF EXISTS organisations_directory_newest",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements_by_vendor.get(vendor, []) + statements_by_vendor.get("*", []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_importjob")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD, "*": COMMON_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD, "*": COMMON_BACKWARD}),
            elidable=False,
        )
    ]
