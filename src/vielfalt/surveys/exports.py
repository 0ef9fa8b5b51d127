"""A survey's answers as a file: CSV (Excel-friendly: BOM and ``;``) or XLSX, one row per response.

No names, no dates (``selectors.export_table``); text cells that a spreadsheet would run as a formula
are made plain text.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpResponse

from vielfalt.surveys import selectors
from vielfalt.surveys.models import Survey

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _sheet_title(title: str) -> str:
    """A worksheet name Excel takes: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Umfrage"


def export_response(survey: Survey, file_format: str) -> HttpResponse:
    import tablib

    headers, rows = selectors.export_table(survey)
    dataset = tablib.Dataset(headers=[_safe(header) for header in headers], title=_sheet_title(survey.title))
    for row in rows:
        dataset.append([_safe(value) for value in row])
    if file_format == "xlsx":
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_TYPE)
    else:
        body = "\ufeff" + dataset.export("csv", delimiter=";", lineterminator="\r\n")
        response = HttpResponse(body.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="umfrage-{survey.slug}.{file_format}"'
    return response
