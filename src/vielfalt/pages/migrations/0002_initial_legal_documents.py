"""Version 1 of the Impressum and the privacy notice, so the pages exist from the first start.

Staff publish later versions under Verwaltung → Rechtstexte; this text is only the starting point.
"""

import json
from pathlib import Path

from django.db import migrations

IMPRINT = """Kompetenzzentrum Vielfalt Hessen
Eine Einrichtung im Landesprogramm WIR, gefördert vom Land Hessen.

Verantwortlich für den Inhalt: das Team des Kompetenzzentrums Vielfalt. Die Postanschrift, die vertretungsberechtigten Personen und das Vereinsregister der Trägerorganisationen trägt das Team unter „Verwaltung → Rechtstexte“ ein.

Kontakt: über das Kontaktformular dieser Plattform.

Kartendaten: © GeoBasis-DE / BKG 2021 (Daten verändert), Datenlizenz Deutschland – Namensnennung 2.0.
Gestaltung: KERN UX-Standard (EUPL-1.2)."""

PRIVACY = """Wir verarbeiten Ihre Daten nur, soweit es für die Plattform nötig ist.

1. Wer ist verantwortlich? Das Kompetenzzentrum Vielfalt Hessen (Kontakt über das Kontaktformular).

2. Welche Daten? Für ein Konto: E-Mail-Adresse, Name, Sprache und – wenn Sie wollen – die Sprachen, die Sie sprechen. Wenn Sie uns schreiben: Ihre Nachricht und, wenn Sie sie angeben, Name und E-Mail-Adresse.

3. Besonders geschützte Daten: Die Mitgliedschaft in einer Migrantenorganisation kann etwas über Herkunft oder Religion aussagen (Art. 9 DSGVO). Sie ist deshalb immer privat, außer Sie machen sie selbst sichtbar.

4. Wozu? Um die Plattform zu betreiben, Ihre Anmeldungen und Anfragen zu bearbeiten und Ihnen auf Wunsch E-Mails zu schicken. Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO) und die Erfüllung unserer Aufgabe (Art. 6 Abs. 1 lit. e DSGVO).

5. Ihre Rechte: Sie können jederzeit unter „Mein Konto“ alle Daten herunterladen, die wir über Sie speichern, und Ihr Konto löschen. Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung, Datenübertragbarkeit und Widerspruch sowie auf Beschwerde beim Hessischen Beauftragten für Datenschutz und Informationsfreiheit.

6. Speicherdauer: Wir löschen Daten, sobald sie nicht mehr gebraucht werden. Anwesenheitslisten bewahren wir nur so lange auf, wie es die Förderprüfung verlangt.

7. Keine Weitergabe, kein Tracking: Die Plattform lädt keine Inhalte von fremden Servern und setzt nur technisch notwendige Cookies (Sitzung, Sicherheit, Sprache)."""

# Translations of version 1 live beside the app, one JSON file per language: {"imprint": "…", "privacy": "…"}.
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "legal_v1"


def translations(kind):
    result = {}
    for path in sorted(TRANSLATIONS_DIR.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8")).get(kind, "").strip()
        if text:
            result[path.stem] = text
    return result


def create(apps, schema_editor):
    LegalDocument = apps.get_model("pages", "LegalDocument")
    for kind, body in (("imprint", IMPRINT), ("privacy", PRIVACY)):
        if not LegalDocument.objects.filter(kind=kind).exists():
            LegalDocument.objects.create(kind=kind, version=1, body=body, translations=translations(kind))


def remove(apps, schema_editor):
    apps.get_model("pages", "LegalDocument").objects.filter(version=1, published_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
