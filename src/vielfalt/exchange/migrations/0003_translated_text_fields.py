"""Translations of group names and descriptions become ``TranslatedTextField`` (one shape for all apps).

The column stays JSON; the data is brought into the field's shape without losing text: see
``core.lib.translated_migration``.
"""

from django.db import migrations

import vielfalt.core.fields
from vielfalt.core.lib.translated_migration import move_translations


class Migration(migrations.Migration):
    dependencies = [("exchange", "0002_groupevent")]

    operations = [
        migrations.AlterField(
            model_name="group",
            name="name_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Name: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="group",
            name="description_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Beschreibung: Übersetzungen"),
        ),
        migrations.RunPython(
            move_translations("exchange", [("group", "name"), ("group", "description")]), migrations.RunPython.noop
        ),
    ]
