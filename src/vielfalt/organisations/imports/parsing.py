"""Reading an uploaded organisation list (CSV or XLSX) into rows, and the template people fill in.

Reading changes nothing; the rows are checked by ``imports.rows`` and written by ``imports.services``.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.core.errors import ApplicationError

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("name", "kind", "municipality", "contact_email")
OPTIONAL_COLUMNS = (
    "short_name", "legal_form", "register_court", "register_number", "founded_year", "description", "website",
    "languages", "fields_of_action",
)  # fmt: skip
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60  # a sheet with thousands of (empty) columns is not an organisation list
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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")  # also strips the byte-order mark Excel writes
    except UnicodeDecodeError:
        raise _file_error(
            _("Die Datei ist nicht in UTF-8 gespeichert. Bitte speichern Sie sie als „CSV UTF-8“.")
        ) from None
    if "\x00" in text:
        raise _file_error(_("Die Datei ist keine Textdatei. Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return [[cell.strip() for cell in record] for record in islice(reader, MAX_RECORDS + 1)]
    except csv.Error as error:
        raise _file_error(
            _("Die CSV-Datei ist beschädigt (%(detail)s). Bitte prüfen Sie Anführungszeichen und Trennzeichen.")
            % {"detail": error}
        ) from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_RECORDS + 1, values_only=True)
            return [[_cell_text(value) for value in record] for record in rows]
        finally:
            workbook.close()
    except Exception:  # a broken or foreign file fails openpyxl in many ways; all mean "not readable"
        logger.info("unreadable xlsx upload", exc_info=True)
        raise _file_error(_("Die Datei lässt sich nicht als Excel-Datei (XLSX) lesen.")) from None


def parse_upload(*, name: str, content: bytes) -> ParsedFile:
    """Read the rows of an uploaded CSV (UTF-8, with or without BOM, ``,`` or ``;``) or XLSX file."""
    if len(content) > MAX_FILE_SIZE:
        raise _file_error(_("Die Datei ist größer als 5 MB."))
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        records = _read_csv(content)
    elif suffix == ".xlsx":
        records = _read_xlsx(content)
    else:
        raise _file_error(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
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
