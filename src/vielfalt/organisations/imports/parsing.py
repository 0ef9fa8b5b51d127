"""Reading an uploaded organisation list (CSV or XLSX) into rows, and the template people fill in.

Reading changes nothing; the rows are checked by ``imports.rows`` and written by ``imports.services``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.tables import read_table

REQUIRED_COLUMNS = ("name", "kind", "municipality", "contact_email")
OPTIONAL_COLUMNS = (
    "short_name", "legal_form", "register_court", "register_number", "founded_year", "description", "website",
    "languages", "fields_of_action",
)  # fmt: skip
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_RECORDS = 3 * MAX_ROWS  # records read at most, blank ones included

# --- reading the file -----------------------------------------------------------------------------


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]]  # {"line": n, "values": {column: text}, "errors": [...]}
    unknown_columns: list[str]


def _file_error(message: str) -> ApplicationError:
    return ApplicationError(message, field="file")


def _column_key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def parse_upload(*, content: bytes) -> ParsedFile:
    """Read the rows of an uploaded CSV or XLSX file (``core.lib.tables``: by content, not by name)."""
    records = read_table(content=content, max_bytes=MAX_FILE_SIZE, max_records=MAX_RECORDS)
    # Keep the row numbers a spreadsheet shows (header = 1), so staff can find a row that failed.
    numbered = [(line, record) for line, record in enumerate(records, start=1) if any(record)]
    if not numbered:
        raise _file_error(_("Die Datei ist leer."))
    keys = [_column_key(cell) for cell in numbered[0][1]]
    missing = [column for column in REQUIRED_COLUMNS if column not in keys]
    if missing:
        raise _file_error(
            _("Es fehlen Pflichtspalten: %(columns)s. Die Vorlage zeigt alle Spalten.")
            % {"columns": ", ".join(missing)}
        )
    repeated = sorted({key for key in keys if key and keys.count(key) > 1})
    if repeated:
        raise _file_error(_("Diese Spalten kommen mehrfach vor: %(columns)s.") % {"columns": ", ".join(repeated)})
    if len(numbered) - 1 > MAX_ROWS or len(records) > MAX_RECORDS:
        raise _file_error(
            ngettext(
                "Die Datei hat mehr als %(max)d Zeile. Bitte teilen Sie sie auf.",
                "Die Datei hat mehr als %(max)d Zeilen. Bitte teilen Sie sie auf.",
                MAX_ROWS,
            )
            % {"max": MAX_ROWS}
        )
    rows: list[dict[str, Any]] = []
    for line, record in numbered[1:]:
        values = {key: cell for key, cell in zip(keys, record, strict=False) if key in COLUMNS}
        errors = []
        if any(record[len(keys) :]):
            errors.append(
                {
                    "column": "",
                    "message": _("Die Zeile hat mehr Spalten als die Kopfzeile. Ist ein Trennzeichen zu viel?"),
                }
            )
        rows.append({"line": line, "values": values, "errors": errors})
    if not rows:
        raise _file_error(_("Die Datei enthält nur die Kopfzeile, aber keine Organisationen."))
    return ParsedFile(rows=rows, unknown_columns=[key for key in keys if key and key not in COLUMNS])


# --- the template ---------------------------------------------------------------------------------

TEMPLATE_EXAMPLE = {
    "name": "Beispielverein für Begegnung e.V.",
    "kind": "migrant",
    "municipality": "06531005",
    "contact_email": "kontakt@beispielverein.example",
    "short_name": "Begegnung",
    "legal_form": "ev",
    "register_court": "Amtsgericht Gießen",
    "register_number": "VR 1234",
    "founded_year": "2015",
    "description": "Sprachcafé, Hausaufgabenhilfe und Feste für die ganze Nachbarschaft.",
    "website": "https://beispielverein.example",
    "languages": "de, tr, ar",
    "fields_of_action": "bildung, Sprache",
}

COLUMN_HELP = {
    "name": gettext_lazy("Name der Organisation (Pflicht)"),
    "kind": gettext_lazy("Art (Pflicht): Kürzel oder Bezeichnung"),
    "municipality": gettext_lazy("Gemeinde (Pflicht): Gemeindeschlüssel (AGS) oder genauer Name"),
    "contact_email": gettext_lazy("Kontakt-E-Mail-Adresse (Pflicht, wird nie angezeigt)"),
    "short_name": gettext_lazy("Kurzname"),
    "legal_form": gettext_lazy("Rechtsform: Kürzel, Bezeichnung oder „e.V.“"),
    "register_court": gettext_lazy("Registergericht"),
    "register_number": gettext_lazy("Registernummer, zum Beispiel „VR 12345“"),
    "founded_year": gettext_lazy("Gründungsjahr"),
    "description": gettext_lazy("Beschreibung (Deutsch, ohne HTML)"),
    "website": gettext_lazy("Website"),
    "languages": gettext_lazy("Sprachen: Kürzel mit Komma getrennt, zum Beispiel „de, tr“"),
    "fields_of_action": gettext_lazy("Handlungsfelder: Kürzel oder deutsche Namen mit Komma getrennt"),
}


def template_csv() -> str:
    """The template staff fill in: the header and one example row (UTF-8 with BOM, ``;``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE[column] for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()
