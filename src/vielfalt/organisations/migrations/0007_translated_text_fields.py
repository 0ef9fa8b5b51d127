"""Translations become ``TranslatedTextField`` named after their German field: the vocabulary's
``translations`` is renamed ``name_translations``, the description's keeps its name.

The columns stay JSON; the data is brought into the field's shape without losing text: see
``core.lib.translated_migration``.
"""

from django.db import migrations

import vielfalt.core.fields
from vielfalt.core.lib.translated_migration import move_translations


class Migration(migrations.Migration):
    dependencies = [("organisations", "0006_former_slugs")]

    operations = [
        migrations.RenameField(model_name="fieldofaction", old_name="translations", new_name="name_translations"),
        migrations.RenameField(model_name="targetgroup", old_name="translations", new_name="name_translations"),
        migrations.AlterField(
            model_name="fieldofaction",
            name="name_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Bezeichnung: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="targetgroup",
            name="name_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Bezeichnung: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="description_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Beschreibung: Übersetzungen"),
        ),
        migrations.RunPython(
            move_translations(
                "organisations", [("fieldofaction", "name"), ("targetgroup", "name"), ("organisation", "description")]
            ),
            migrations.RunPython.noop,
        ),
    ]
