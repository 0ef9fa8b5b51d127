"""The translations of a legal text become ``TranslatedTextField``, renamed ``body_translations``
after the German ``body``.

The column stays JSON; the data is brought into the field's shape without losing text: see
``core.lib.translated_migration``.
"""

from django.db import migrations

import vielfalt.core.fields
from vielfalt.core.lib.translated_migration import move_translations


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_accessibility_statement_and_imprint_details")]

    operations = [
        migrations.RenameField(model_name="legaldocument", old_name="translations", new_name="body_translations"),
        migrations.AlterField(
            model_name="legaldocument",
            name="body_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Text: Übersetzungen"),
        ),
        migrations.RunPython(move_translations("pages", [("legaldocument", "body")]), migrations.RunPython.noop),
    ]
