"""Indexes for the library search (``knowledge.search``).

PostgreSQL: the full-text GIN indexes on ``search_text`` and the word table ``knowledge_search_word``
with its trigram index, kept by a trigger (``core.lib.search.indexes``: the same as the directory's).
SQLite searches substrings and needs none of it.

Only SQL operations: the model state does not change.
"""

from django.db import migrations

from vielfalt.core.lib.search.indexes import postgres_statements

SEARCH = postgres_statements(table="knowledge_item", column="search_text", prefix="knowledge")


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(_run(SEARCH.forward), _run(SEARCH.backward), elidable=False)]
