"""The starting vocabulary: fields of action and target groups with their translations.

Names come from ``vocabulary/starting_terms.py``, translations from ``vocabulary/starting_terms.json``; staff edit both
afterwards. Terms that already exist (same slug) are left as they are.
"""

import json
from pathlib import Path

from django.db import migrations

TRANSLATIONS = Path(__file__).resolve().parent.parent / "vocabulary" / "starting_terms.json"


def create(apps, schema_editor):
    from vielfalt.organisations.vocabulary.starting_terms import FIELDS_OF_ACTION, TARGET_GROUPS

    translations = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    for model_name, terms, key in (
        ("FieldOfAction", FIELDS_OF_ACTION, "fields_of_action"),
        ("TargetGroup", TARGET_GROUPS, "target_groups"),
    ):
        model = apps.get_model("organisations", model_name)
        for position, (slug, name) in enumerate(terms):
            model.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "position": position, "translations": translations[key].get(slug, {})},
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
