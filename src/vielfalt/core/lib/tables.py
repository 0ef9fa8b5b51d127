"""Reading an uploaded table (CSV or XLSX) into rows of text, whatever the file is called.

The file's name and the browser's content type are claims; the content decides: an Office Open XML
archive (``PK``, with ``xl/workbook.xml``) is read as XLSX, text (UTF-8 with or without BOM, or the
Windows-1252 that Excel writes as "CSV" on German systems) as CSV with ``;`` or ``,``. Anything else
(a PDF, an image, an old XLS) is refused with a message that says what to do. The caller names its
own limits (size, records); reading never writes anything. The organisation import and the
course-plan import read their files here.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from datetime import date, datetime, time
from itertools import islice
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vielfalt.core.errors import ApplicationError

logger = logging.getLogger(__name__)

MAX_COLUMNS = 60  # a sheet with thousands of (empty) columns is no list anyone filled in

# Beginnings of files people upload by mistake (a PDF, images, the old binary Excel format).
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"
_NOT_TEXT = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def _file_error(message: str) -> ApplicationError:
    return ApplicationError(message, field="file")


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: dates as ``YYYY-MM-DD``, times as ``HH:MM``, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _is_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return False
    return "xl/workbook.xml" in names


def _decode(content: bytes) -> str | None:
    """The text of a CSV file, or None if it is no text."""
    if content.startswith(_NOT_TEXT) or content.startswith(b"PK\x03\x04") or content.startswith(_OLD_EXCEL):
        return None
    try:
        text = content.decode("utf-8-sig")  # also strips the byte-order mark Excel writes
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # Excel's "CSV (Trennzeichen-getrennt)" on German Windows
        except UnicodeDecodeError:
            return None
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return None  # control characters: a binary file, not a table anyone typed
    return text


def _read_csv(text: str, max_records: int) -> list[list[str]]:
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return [[cell.strip() for cell in record] for record in islice(reader, max_records + 1)]
    except csv.Error as error:
        raise _file_error(
            _("Die CSV-Datei ist beschädigt (%(detail)s). Bitte prüfen Sie Anführungszeichen und Trennzeichen.")
            % {"detail": error}
        ) from None


def _read_xlsx(content: bytes, max_records: int) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=max_records + 1, values_only=True)
            return [[cell_text(value) for value in record] for record in rows]
        finally:
            workbook.close()
    except Exception:  # a broken or foreign file fails openpyxl in many ways; all mean "not readable"
        logger.info("unreadable xlsx upload", exc_info=True)
        raise _file_error(_("Die Datei lässt sich nicht als Excel-Datei (XLSX) lesen.")) from None


def read_table(*, content: bytes, max_bytes: int, max_records: int) -> list[list[str]]:
    """The records of an uploaded CSV or XLSX file (the first sheet), each a list of cell texts.

    At most ``max_records + 1`` records are read, so a caller can tell "too many" from "just enough".
    Raises ``ApplicationError`` (``field="file"``) for a file that is too large, not CSV or XLSX by
    its content, or unreadable.
    """
    if len(content) > max_bytes:
        raise _file_error(
            _("Die Datei ist zu groß. Erlaubt sind höchstens %(size)s.") % {"size": filesizeformat(max_bytes)}
        )
    if not content.strip():
        raise _file_error(_("Die Datei ist leer."))
    if _is_xlsx(content):
        return _read_xlsx(content, max_records)
    if content.startswith(_OLD_EXCEL):
        raise _file_error(
            _("Die Datei ist im alten Excel-Format (XLS). Bitte speichern Sie sie als XLSX oder als CSV.")
        )
    text = _decode(content)
    if text is None:
        raise _file_error(
            _("Der Inhalt der Datei ist weder CSV noch XLSX. Bitte laden Sie eine CSV- oder XLSX-Datei hoch.")
        )
    return _read_csv(text, max_records)
