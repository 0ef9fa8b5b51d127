"""A covering index for questions about a few districts (the exchange's suggestions: organisations in
your and the neighbouring districts). The directory's places index starts with the kind, so such a
question read all 20,000 verified organisations (16 ms); this one reads only the districts asked for.
PostgreSQL only: SQLite has no INCLUDE, and its planner uses (status, district_id) there.
"""

from django.db import migrations

FORWARD = """CREATE INDEX IF NOT EXISTS organisations_directory_districts ON organisations_organisation
    (status, district_id) INCLUDE (id, kind, field_ids)"""
BACKWARD = "DROP INDEX IF EXISTS organisations_directory_districts"


def _on_postgresql(statement):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("organisations", "0007_translated_text_fields")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD), elidable=False)]
