"""The annual report as an accessible PDF in German (WeasyPrint, tagged as PDF/UA-1).

The HTML is self-contained (system fonts, the charts inline as SVG), so WeasyPrint fetches nothing.
Tagging gives the PDF its structure: the title and language ``de`` from the HTML, headings, tables
whose header cells are ``TH`` (with their scope), and every chart a ``Figure`` whose ``Alt`` is the
SVG's ``<title>`` naming all its values. Wide tables are cut into parts of ``COLUMNS_PER_TABLE``
columns, each with the district column, so nothing is squeezed off the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vielfalt.reports.annual.charts import Bar, bar_chart, value_text
from vielfalt.reports.annual.tables import AreaSection, Column, FigureTable, Report
from vielfalt.reports.annual.xlsx import suppression_note, unit_label

COLUMNS_PER_TABLE = 5
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class TablePart:
    """A table as the PDF prints it: the values already written as text (German digits or the mark)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # district, values
    totals: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    caption: str
    svg: SafeString


@dataclass(frozen=True)
class FigureBlock:
    figure: FigureTable
    unit: str
    chart: Chart | None
    tables: tuple[TablePart, ...]


@dataclass(frozen=True)
class AreaBlock:
    key: str
    label: str
    overview: tuple[TablePart, ...]  # the figures without categories, a column each
    trends: tuple[Chart, ...]
    categorised: tuple[FigureBlock, ...]


def _part(caption: str, report: Report, columns: tuple[Column, ...], headers: tuple[str, ...]) -> TablePart:
    return TablePart(
        caption=caption,
        headers=headers,
        rows=tuple(
            (row.label, tuple(value_text(column.cells[index]) for column in columns))
            for index, row in enumerate(report.rows)
        ),
        totals=tuple(value_text(column.total) for column in columns),
    )


def _parts(
    caption: str, report: Report, columns: tuple[Column, ...], headers: tuple[str, ...]
) -> tuple[TablePart, ...]:
    starts = range(0, len(columns), COLUMNS_PER_TABLE)
    if len(starts) <= 1:
        return (_part(caption, report, columns, headers),)
    return tuple(
        _part(
            _("%(caption)s (Teil %(part)d von %(parts)d)") % {"caption": caption, "part": number, "parts": len(starts)},
            report,
            columns[start : start + COLUMNS_PER_TABLE],
            headers[start : start + COLUMNS_PER_TABLE],
        )
        for number, start in enumerate(starts, start=1)
    )


def _area_block(report: Report, index: int, area: AreaSection) -> AreaBlock:
    plain = area.plain
    overview = _parts(
        _("%(area)s %(year)s nach Kreisen") % {"area": area.label, "year": report.year},
        report,
        tuple(figure.columns[0] for figure in plain),
        tuple(f"{figure.label} ({unit_label(figure.unit)})" for figure in plain),
    )
    trends = tuple(
        Chart(
            caption=_("%(figure)s in Hessen, %(first)d bis %(last)d")
            % {"figure": figure.label, "first": report.trend_years[0], "last": report.year},
            svg=bar_chart(
                title=_("%(figure)s in Hessen, %(first)d bis %(last)d")
                % {"figure": figure.label, "first": report.trend_years[0], "last": report.year},
                bars=[Bar(label=str(year), value=value) for year, value in figure.trend],
                chart_id=f"trend-{index}-{number}",
            ),
        )
        for number, figure in enumerate(plain)
    )
    blocks = []
    for number, figure in enumerate(area.categorised):
        caption = _("%(figure)s in Hessen %(year)d") % {"figure": figure.label, "year": report.year}
        chart = (
            Chart(
                caption=caption,
                svg=bar_chart(
                    title=caption,
                    bars=[Bar(label=column.label, value=column.total) for column in figure.columns],
                    chart_id=f"categories-{index}-{number}",
                ),
            )
            if figure.columns
            else None
        )
        blocks.append(
            FigureBlock(
                figure=figure,
                unit=unit_label(figure.unit),
                chart=chart,
                tables=_parts(
                    _("%(figure)s %(year)d nach Kreisen") % {"figure": figure.label, "year": report.year},
                    report,
                    figure.columns,
                    tuple(column.label for column in figure.columns),
                ),
            )
        )
    return AreaBlock(
        key=area.key,
        label=area.label,
        overview=overview if plain else (),
        trends=trends,
        categorised=tuple(blocks),
    )


def report_html(report: Report) -> str:
    """The report's HTML for WeasyPrint (call inside ``translation.override("de")``)."""
    generated = timezone.localtime(report.generated_at)
    return render_to_string(
        "reports/annual/pdf.html",
        {
            "report": report,
            "generated": generated,
            "unfinished": report.year >= generated.year,
            "areas": [_area_block(report, index, area) for index, area in enumerate(report.areas)],
            "suppression_note": suppression_note(),
            "notes": [
                (area.label, figure.label, unit_label(figure.unit), figure.description)
                for area in report.areas
                for figure in area.figures
            ],
        },
    )


@cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def report_pdf(report: Report) -> bytes:
    """The report as a tagged PDF/UA-1 (call inside ``translation.override("de")``)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    # Nothing is fetched: any address stops the rendering.
    fetcher = URLFetcher(allowed_protocols=set(), fail_on_errors=True)
    document = weasyprint.HTML(string=report_html(report), url_fetcher=fetcher)
    return bytes(document.write_pdf(font_config=_font_config(), pdf_variant=PDF_VARIANT))
