"""``Organisation.field_ids``: the ids of the fields of action as a list, for the facet counts.

Filled from the link table here; kept by services.organisation_refresh_search_text afterwards. On
PostgreSQL the covering index of the facet counts also carries it, so that browsing without search
words still counts every facet from the index alone.
"""

from django.db import migrations, models

PLACES_WITH_FIELDS = """CREATE INDEX IF NOT EXISTS organisations_directory_places ON organisations_organisation
    (status, kind, district_id, municipality_id) INCLUDE (id, languages, field_ids)"""
PLACES_WITHOUT_FIELDS = """CREATE INDEX IF NOT EXISTS organisations_directory_places ON organisations_organisation
    (status, kind, district_id, municipality_id) INCLUDE (id, languages)"""


def fill_field_ids(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Link = Organisation.fields_of_action.through
    field_ids: dict[int, list[int]] = {}
    for organisation_id, field_id in Link.objects.order_by("organisation_id", "fieldofaction_id").values_list(
        "organisation_id", "fieldofaction_id"
    ):
        field_ids.setdefault(organisation_id, []).append(field_id)
    changed = []
    for organisation in Organisation.objects.only("pk", "field_ids").iterator(chunk_size=2000):
        organisation.field_ids = field_ids.get(organisation.pk, [])
        changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["field_ids"], batch_size=1000)


def _index(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS organisations_directory_places", params=None)
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="field_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_field_ids, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(_index(PLACES_WITH_FIELDS), _index(PLACES_WITHOUT_FIELDS), elidable=False),
    ]
