"""The annual report as an Excel file: a cover sheet, then one sheet per area.

The cover names the year, when the file was made, what each figure counts (its description) and the
small-count rule. An area's sheet has the districts as rows and a column per figure (a figure with
categories gets a column per category under its name), the Hessen total below; numbers are numbers,
withheld ones the text "< 5" or "x". The header rows and the district column stay in view when
scrolling. Always German; no cell starts a formula.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vielfalt.reports.annual.tables import AreaSection, Report, Value

BOLD_SIZE = 14
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell_value(value: Value) -> int | str:
    return value.value if value.shown else value.text()


def unit_label(unit: str) -> str:
    from vielfalt.core import figures as registry

    return {
        registry.PEOPLE: _("Personen"),
        registry.ORGANISATIONS: _("Organisationen"),
        registry.COUNT: _("Anzahl"),
        registry.HOURS: _("Stunden"),
        registry.UNITS: _("Unterrichtseinheiten (UE)"),
    }.get(unit, unit)


def suppression_note() -> str:
    return _(
        "Zahlen von Personen oder Organisationen unter 5 stehen als „< 5“, damit niemand auf Einzelne "
        "schließen kann. Mit „x“ ist eine weitere Zahl verdeckt, wo sich sonst eine kleine Zahl aus der "
        "Summe ausrechnen ließe. Veranstaltungen, Stunden und Unterrichtseinheiten werden nicht verdeckt."
    )


def _sheet_name(label: str, used: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub(" ", label).strip(" '")[:31] or _("Bereich")
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def _cover(sheet: Any, report: Report) -> None:
    from openpyxl.styles import Alignment, Font

    generated = timezone.localtime(report.generated_at)
    sheet.append([_("Jahresbericht %(year)s – Kompetenzzentrum Vielfalt Hessen") % {"year": report.year}])
    sheet["A1"].font = Font(bold=True, size=BOLD_SIZE)
    sheet.append([])
    sheet.append([_("Berichtsjahr"), report.year])
    sheet.append([_("Erstellt am"), date_format(generated, "DATETIME_FORMAT")])
    if report.year >= generated.year:
        sheet.append(
            [
                _("Hinweis"),
                _("Das Jahr ist noch nicht abgeschlossen: Die Zahlen zeigen den Stand am Tag der Erstellung."),
            ]
        )
    sheet.append([_("Inhalt"), _("Zahlen ohne personenbezogene Daten, nach Kreisen, mit der Summe für Hessen.")])
    sheet.append([_("Kleine Zahlen"), suppression_note()])
    sheet.append([])
    sheet.append([_("Was gezählt wird")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    header = [_("Bereich"), _("Kennzahl"), _("Einheit"), _("Beschreibung")]
    sheet.append(header)
    for column in range(1, len(header) + 1):
        sheet.cell(row=sheet.max_row, column=column).font = Font(bold=True)
    for area in report.areas:
        for figure in area.figures:
            sheet.append([_safe(area.label), _safe(figure.label), unit_label(figure.unit), _safe(figure.description)])
    if not report.areas:
        sheet.append([_("Es sind noch keine Kennzahlen eingerichtet.")])
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 18
    sheet.column_dimensions["D"].width = 80


def _area_sheet(sheet: Any, report: Report, area: AreaSection) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.cell(row=1, column=1, value=_safe(f"{area.label} {report.year}")).font = Font(bold=True, size=BOLD_SIZE)
    sheet.cell(row=2, column=1, value=_("Kreis")).font = bold
    sheet.cell(row=3, column=1, value=_("Einheit")).font = bold
    column_number = 2
    widths: dict[int, int] = {1: max(len(row.label) for row in report.rows) + 2}
    for figure in area.figures:
        first = column_number
        for column in figure.columns:
            sheet.cell(row=2, column=column_number, value=_safe(figure.label))
            sheet.cell(
                row=3,
                column=column_number,
                value=_safe(column.label if figure.categorised else unit_label(figure.unit)),
            )
            for offset, value in enumerate(column.cells):
                sheet.cell(row=4 + offset, column=column_number, value=_cell_value(value))
            total_row = 4 + len(report.rows)
            sheet.cell(row=total_row, column=column_number, value=_cell_value(column.total)).font = bold
            widths[column_number] = min(max(12, len(column.label) + 2 if figure.categorised else 12), 30)
            column_number += 1
        if figure.categorised and column_number - first > 1:
            sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=column_number - 1)
        if not figure.categorised:
            widths[first] = min(max(14, len(figure.label) // 2 + 2), 30)
    for offset, row in enumerate(report.rows):
        sheet.cell(row=4 + offset, column=1, value=_safe(row.label))
    total_row = 4 + len(report.rows)
    sheet.cell(row=total_row, column=1, value=_("Hessen insgesamt")).font = bold
    line = Side(style="thin", color="666666")
    for number in range(1, column_number):
        for header_row in (2, 3):
            cell = sheet.cell(row=header_row, column=number)
            cell.font = bold
            cell.alignment = wrap
        sheet.cell(row=3, column=number).border = Border(bottom=line)
        sheet.cell(row=total_row, column=number).border = Border(top=line)
        sheet.column_dimensions[get_column_letter(number)].width = widths.get(number, 14)
    sheet.row_dimensions[2].height = 45
    sheet.row_dimensions[3].height = 30
    sheet.cell(row=total_row + 2, column=1, value=suppression_note()).alignment = Alignment(wrap_text=False)
    sheet.freeze_panes = "B4"


def report_xlsx(report: Report) -> bytes:
    """The workbook of ``report`` (call inside ``translation.override("de")``)."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = _("Übersicht")
    _cover(cover, report)
    used = {cover.title.lower()}
    for area in report.areas:
        _area_sheet(book.create_sheet(_sheet_name(area.label, used)), report, area)
    book.properties.title = _("Jahresbericht %(year)s") % {"year": report.year}
    book.properties.creator = "Kompetenzzentrum Vielfalt Hessen"
    book.properties.language = "de-DE"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
