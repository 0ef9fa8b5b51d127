"""The accessibility statement becomes a versioned legal text (version 1, resting on HessBGG and HVBIT), and the
Impressum gets its required details as fields of their own.

The Impressum of the first start (version 1 of 0002) told visitors that the team would fill in the address;
if nobody has published a version since, version 2 replaces it with a text without that instruction. Texts in
``legal_v2/<language>.json``: {"imprint": "…", "accessibility": "…"}; German in ``de.json``.
"""

import json
from pathlib import Path

from django.db import migrations, models

TEXTS_DIR = Path(__file__).resolve().parent.parent / "legal_v2"


def texts(kind):
    found = {}
    for path in sorted(TEXTS_DIR.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8")).get(kind, "").strip()
        if text:
            found[path.stem] = text
    german = found.pop("de")
    return german, found


def create(apps, schema_editor):
    LegalDocument = apps.get_model("pages", "LegalDocument")
    if not LegalDocument.objects.filter(kind="accessibility").exists():
        body, translations = texts("accessibility")
        LegalDocument.objects.create(
            kind="accessibility", version=1, body=body, translations=translations, change_note=""
        )
    imprints = list(LegalDocument.objects.filter(kind="imprint").order_by("-version"))
    if len(imprints) == 1 and imprints[0].published_by_id is None and "Verwaltung → Rechtstexte" in imprints[0].body:
        body, translations = texts("imprint")
        LegalDocument.objects.create(
            kind="imprint",
            version=2,
            body=body,
            translations=translations,
            change_note="Pflichtangaben als eigene Felder; keine Anweisung an das Team im öffentlichen Text",
        )


def remove(apps, schema_editor):
    LegalDocument = apps.get_model("pages", "LegalDocument")
    LegalDocument.objects.filter(kind="accessibility", version=1, published_by=None).delete()
    LegalDocument.objects.filter(kind="imprint", version=2, published_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_initial_legal_documents")]

    operations = [
        migrations.AlterField(
            model_name="legaldocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("imprint", "Impressum"),
                    ("privacy", "Datenschutzerklärung"),
                    ("accessibility", "Erklärung zur Barrierefreiheit"),
                ],
                max_length=16,
                verbose_name="Art",
            ),
        ),
        migrations.AddField(
            model_name="legaldocument",
            name="details",
            field=models.JSONField(blank=True, default=dict, verbose_name="Angaben"),
        ),
        migrations.RunPython(create, remove),
    ]
