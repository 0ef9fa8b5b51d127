"""The XLSX and the PDF: German, numbers as numbers, small counts withheld, the PDF tagged and readable."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from vielfalt.reports.annual.pdf import report_html, report_pdf
from vielfalt.reports.annual.tables import build_report
from vielfalt.reports.annual.xlsx import report_xlsx
from vielfalt.reports.tests.conftest import YEAR, ReportFigures

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(report_figures: ReportFigures):  # type: ignore[no-untyped-def]
    with translation.override("de"):
        return build_report(year=YEAR)


def _rows(sheet):  # type: ignore[no-untyped-def]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_a_cover_and_a_sheet_per_area(report) -> None:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames == ["Übersicht", "Verzeichnis (Test)", "Veranstaltungen (Test)"]
    cover = _rows(book["Übersicht"])
    texts = [str(value) for row in cover for value in row if value is not None]
    assert f"Jahresbericht {YEAR} – Kompetenzzentrum Vielfalt Hessen" in texts
    assert YEAR in [value for row in cover for value in row]
    assert "Geprüfte Organisationen am Jahresende." in texts
    assert any("< 5" in text for text in texts)  # the note on small counts


def test_xlsx_area_sheet_districts_as_rows_numbers_as_numbers(report) -> None:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        book = load_workbook(io.BytesIO(report_xlsx(report)))
    sheet = book["Verzeichnis (Test)"]
    assert sheet.freeze_panes == "B4"
    rows = _rows(sheet)
    assert rows[1][:4] == ["Kreis", "Organisationen im Verzeichnis", "Organisationen nach Art", None]
    assert rows[2][:4] == ["Einheit", "Organisationen", "Verein", "Initiative"]
    by_district = {row[0]: row[1:4] for row in rows[3:31]}
    # Verein in Darmstadt (25) is hidden: with the total 27 it would tell Gießen's 2.
    assert by_district["Darmstadt"] == [40, "x", 15]
    assert by_district["Gießen (Landkreis)"][:2] == ["< 5", "< 5"]
    assert by_district["Kassel"][0] == "x"
    assert isinstance(by_district["Darmstadt"][0], int)
    total = rows[3 + 27]
    assert total[0] == "Hessen insgesamt" and total[1] == 55
    assert sheet.column_dimensions["A"].width > 20


def test_pdf_is_tagged_german_and_its_text_extractable(report) -> None:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        content = report_pdf(report)
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == "de"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert 'pdfuaid:part="1"' in reader.xmp_metadata.rdf_root.toxml()  # type: ignore[union-attr]
    assert (
        reader.metadata is not None
        and reader.metadata.title == f"Jahresbericht {YEAR} – Kompetenzzentrum Vielfalt Hessen"
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"Jahresbericht {YEAR}" in text
    assert "Organisationen im Verzeichnis" in text
    assert "Hessen insgesamt" in text
    assert "< 5" in text
    assert "Geprüfte Organisationen am Jahresende." in text


def test_pdf_tables_have_header_cells_and_charts_a_text_alternative(report) -> None:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        html = report_html(report)
    assert '<html lang="de"' in html
    assert '<th scope="col" class="district">Kreis</th>' in html
    assert '<th scope="row">Hessen insgesamt</th>' in html
    # The trend chart names every value, withheld ones by their mark.
    assert f'<title id="trend-0-0-title">Organisationen im Verzeichnis in Hessen, {YEAR - 4} bis {YEAR}:' in html
    assert f"{YEAR} 55" in html
    assert "Verein &lt; 5" not in html  # Hessen's total of Verein is 27, shown
    assert "Verein 27" in html


def test_pdf_structure_has_figures_with_alt_text(report) -> None:  # type: ignore[no-untyped-def]
    with translation.override("de"):
        content = report_pdf(report)
    reader = PdfReader(io.BytesIO(content))
    kinds: set[str] = set()
    alts: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                kinds.add(str(node["/S"]))
                if "/Alt" in node:
                    alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    assert any(alt.startswith("Organisationen im Verzeichnis in Hessen") for alt in alts)


def test_empty_registry_still_makes_both_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from vielfalt.core import figures as registry

    monkeypatch.setattr(registry, "_figures", {})
    with translation.override("de"):
        report = build_report(year=YEAR)
        book = load_workbook(io.BytesIO(report_xlsx(report)))
        content = report_pdf(report)
    assert book.sheetnames == ["Übersicht"]
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Es sind noch keine Kennzahlen eingerichtet." in text
