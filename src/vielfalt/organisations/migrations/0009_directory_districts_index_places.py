"""The districts' covering index also carries latitude, longitude and name: the similar organisations
of a profile (its district's verified organisations sharing a field, nearest first) are then ordered
from the index alone, without reading a table row per candidate (p50 4.8 → 2.9 ms at 20,000
organisations). PostgreSQL only, as 0008.
"""

from django.db import migrations

WITH_PLACES = """CREATE INDEX IF NOT EXISTS organisations_directory_districts ON organisations_organisation
    (status, district_id) INCLUDE (id, kind, field_ids, latitude, longitude, name)"""
WITHOUT_PLACES = """CREATE INDEX IF NOT EXISTS organisations_directory_districts ON organisations_organisation
    (status, district_id) INCLUDE (id, kind, field_ids)"""


def _index(statement):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS organisations_directory_districts", params=None)
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("organisations", "0008_directory_districts_index")]

    operations = [migrations.RunPython(_index(WITH_PLACES), _index(WITHOUT_PLACES), elidable=False)]
