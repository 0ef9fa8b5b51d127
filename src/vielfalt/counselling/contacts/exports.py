"""The statistics as a file: CSV (UTF-8 with BOM and ``;``, which Excel in Germany opens without a
dialogue; the tables one below the other) or XLSX (a sheet per table, numbers as numbers).

A withheld cell is written as "< 5" (a count under five) or "x" (hidden so that a total does not
reveal one), exactly as on the page: the file carries nothing the page does not show. Labels are in the
reader's language, and no cell starts a formula.
"""

from __future__ import annotations

import csv
from io import StringIO
from typing import Any

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vielfalt.counselling.contacts.selectors import Cell, Statistics

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_value(cell: Cell) -> str:
    if not cell.shown:
        return cell.text()
    return number_format(cell.value, decimal_pos=2 if not isinstance(cell.value, int) else None)


def _xlsx_value(cell: Cell) -> Any:
    return cell.value if cell.shown else cell.text()


def _filename(statistics: Statistics, file_format: str) -> str:
    return f"beratung-statistik-{statistics.year}.{file_format}"


def _heading(statistics: Statistics) -> str:
    return _("Beratung und Prozessbegleitung: Statistik %(year)s") % {"year": statistics.year}


def statistics_csv(statistics: Statistics) -> HttpResponse:
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(_heading(statistics))])
    writer.writerow(
        [_("Weniger als 5 Fälle oder Kontakte: „< 5“. Verdeckt, damit keine kleine Zahl errechnet werden kann: „x“.")]
    )
    for table in statistics.tables:
        writer.writerow([])
        writer.writerow([_safe(table.title), *table.headers])
        for row in (*table.rows, table.total):
            writer.writerow([_safe(row.label), *(_csv_value(cell) for cell in row.cells)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(statistics, "csv")}"'
    return response


def statistics_xlsx(statistics: Statistics) -> HttpResponse:
    import tablib

    book = tablib.Databook()
    for table in statistics.tables:
        sheet = tablib.Dataset(
            *[[_safe(row.label), *(_xlsx_value(cell) for cell in row.cells)] for row in (*table.rows, table.total)],
            headers=["", *table.headers],
            title=table.title[:31],
        )
        book.add_sheet(sheet)
    response = HttpResponse(book.export("xlsx"), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(statistics, "xlsx")}"'
    return response
