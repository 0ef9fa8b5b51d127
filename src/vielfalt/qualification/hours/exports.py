"""The files of the hours part: the monthly statement (XLSX for the Träger's accounting, a PDF per Lotse to
sign) and the funding figures of a Träger's year (XLSX).

They are accounting documents for the Träger and the funder, so they are always written in German,
whatever the coordinator's interface language. Numbers are numbers (the spreadsheet sums them), text
cells never start a formula (CSV/XLSX injection), and the PDF fetches nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vielfalt.organisations.models import Organisation
from vielfalt.qualification.hours import selectors
from vielfalt.qualification.models import Lotse, MonthApproval, ServiceHours

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY = "#,##0.00"
NUMBER = "#,##0.00"
DATE = "DD.MM.YYYY"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A text cell starting with = + - @ would run as a formula in a spreadsheet: make it text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _month_text(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _workbook(title: str, heading: list[str], headers: list[str]) -> tuple[Any, Any]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for line in heading:
        sheet.append([safe(line)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=sheet.max_row + 1, column=1)
    return workbook, sheet


def _formats(row: Any, formats: dict[int, str]) -> None:
    for column, number_format in formats.items():
        row[column].number_format = number_format


def _response(workbook: Any, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the monthly statement -----------------------------------------------------------------------------------


def statement_xlsx(*, organisation: Organisation, month: date, approvals: list[MonthApproval]) -> HttpResponse:
    """One row per approved Lotse (name, hours, rate, cap, amount) and a total row."""
    from openpyxl.styles import Font

    with translation.override("de"):
        workbook, sheet = _workbook(
            _("Aufwandsentschädigung"),
            [
                _("Aufwandsentschädigung WIR-Lotsinnen und -Lotsen: %(month)s") % {"month": _month_text(month)},
                organisation.name,
            ],
            [_("Name"), _("Stunden"), _("Satz je Stunde (€)"), _("Höchstbetrag im Monat (€)"), _("Betrag (€)")],
        )
        formats = {1: NUMBER, 2: MONEY, 3: MONEY, 4: MONEY}
        for approval in approvals:
            sheet.append(
                [
                    safe(selectors.display_name(approval.lotse.user)),
                    approval.hours,
                    approval.rate,
                    approval.cap,
                    approval.amount,
                ]
            )
            _formats(sheet[sheet.max_row], formats)
        sheet.append(
            [
                _("Summe"),
                sum((approval.hours for approval in approvals), Decimal("0")),
                None,
                None,
                sum((approval.amount for approval in approvals), Decimal("0")),
            ]
        )
        _formats(sheet[sheet.max_row], formats)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
        for column in "BCDE":
            sheet.column_dimensions[column].width = 18
    return _response(workbook, f"aufwandsentschaedigung-{organisation.slug}-{month:%Y-%m}.xlsx")


def statement_html(*, lotse: Lotse, approval: MonthApproval, entries: list[ServiceHours]) -> str:
    """The statement of one Lotse's month, to sign: entries by date with kind and hours (never the notes)."""
    with translation.override("de"):
        return render_to_string(
            "qualification/hours/statement.html",
            {
                "organisation": lotse.organisation,
                "name": selectors.display_name(lotse.user),
                "month": approval.month,
                "approval": approval,
                "entries": entries,
                "printed_at": timezone.localtime(),
            },
        )


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The statement is self-contained: WeasyPrint never fetches anything (fast, and nothing leaks)."""
    raise ValueError(f"statement: refusing to fetch {url}")


def statement_pdf(*, lotse: Lotse, approval: MonthApproval, entries: list[ServiceHours]) -> bytes:
    import weasyprint

    html = statement_html(lotse=lotse, approval=approval, entries=entries)
    return bytes(weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf())


# --- funding figures -----------------------------------------------------------------------------------------


def funding_xlsx(*, organisation: Organisation, year: int, rows: list[selectors.FundingRow]) -> HttpResponse:
    """One row per course run of the Träger's year and a total row: the figures a funding report asks for."""
    from openpyxl.styles import Font

    with translation.override("de"):
        workbook, sheet = _workbook(
            _("Qualifizierung %(year)s") % {"year": year},
            [_("Qualifizierung: Förderzahlen %(year)s") % {"year": year}, organisation.name],
            [
                _("Modul"), _("Kurs"), _("Kursnummer"), _("Beginn"), _("Ende"), _("UE"), _("Teilnehmende"),
                _("UE × Teilnehmende"), _("Satz je UE und teilnehmender Person (€)"), _("Kosten (€)"),
            ],
        )  # fmt: skip
        formats = {3: DATE, 4: DATE, 5: NUMBER, 7: NUMBER, 8: MONEY, 9: MONEY}
        for row in rows:
            event = row.run.event
            sheet.append(
                [
                    safe(row.run.module.title),
                    safe(event.title),
                    safe(row.run.reference),
                    timezone.localtime(event.starts_at).date(),
                    timezone.localtime(event.ends_at).date(),
                    row.units,
                    row.participants,
                    row.unit_participants,
                    row.rate,
                    row.cost,
                ]
            )
            _formats(sheet[sheet.max_row], formats)
        sheet.append(
            [
                _("Summe"),
                None,
                None,
                None,
                None,
                sum((row.units for row in rows), Decimal("0")),
                sum(row.participants for row in rows),
                sum((row.unit_participants for row in rows), Decimal("0")),
                None,
                sum((row.cost for row in rows), Decimal("0")),
            ]
        )
        _formats(sheet[sheet.max_row], formats)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
        sheet.column_dimensions["B"].width = 36
        for column in "CDEFGHIJ":
            sheet.column_dimensions[column].width = 14
    return _response(workbook, f"foerderzahlen-{organisation.slug}-{year}.xlsx")
