"""Translations of titles and descriptions become ``TranslatedTextField`` (one shape for all apps).

The column stays JSON; the data is brought into the field's shape (trimmed, empty texts left out,
regional codes folded) without losing text: see ``core.lib.translated_migration``.
"""

from django.db import migrations

import vielfalt.core.fields
from vielfalt.core.lib.translated_migration import move_translations


class Migration(migrations.Migration):
    dependencies = [("events", "0003_remove_event_group")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="title_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Titel: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="event",
            name="description_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Beschreibung: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="timeslot",
            name="title_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Bezeichnung: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="session",
            name="title_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Titel: Übersetzungen"),
        ),
        migrations.AlterField(
            model_name="session",
            name="description_translations",
            field=vielfalt.core.fields.TranslatedTextField(verbose_name="Beschreibung: Übersetzungen"),
        ),
        migrations.RunPython(
            move_translations(
                "events",
                [("event", "title"), ("event", "description"), ("timeslot", "title"), ("session", "title"),
                 ("session", "description")],
            ),
            migrations.RunPython.noop,
        ),
    ]
