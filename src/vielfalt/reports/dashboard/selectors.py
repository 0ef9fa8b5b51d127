"""Reads of the dashboard: every registered figure for the chosen years and district, marked.

Everything comes from the figures registry (``core.figures``), never from another app's models, and
every number passes through ``reports.cells`` (small counts withheld). The figures' cells and marks are
cached until their tables change, so a page costs a fixed number of queries whatever the data: one
cache read per figure, a query for the categories' names (the counselling topics), and when the cache
is cold one or two queries per figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vielfalt.core import figures as registry
from vielfalt.core.figures import Figure
from vielfalt.organisations.directory.maps import district_shapes
from vielfalt.reports import charts
from vielfalt.reports.cells import NO_DISTRICT, MarkedFigure, Number, category_label, marked_figures
from vielfalt.reports.dashboard.forms import Filters
from vielfalt.reports.dashboard.maps import FigureMap, figure_map

YEARS_BACK = 10  # the years that can be chosen: this one and the nine before
TREND_SPAN = 5  # the trend's default length in years


def selectable_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year - YEARS_BACK + 1, this_year + 1))


def districts() -> list[tuple[str, str]]:
    """(AGS, name) of every district, by name (from the map's outlines: no query once loaded)."""
    return sorted(((shape.ags, shape.label) for shape in district_shapes()), key=lambda item: (item[1], item[0]))


def figure_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The figures grouped by area, for a select."""
    return [
        (str(area.label), [(figure.key, str(figure.label)) for figure in registry.figures(area.key)])
        for area in registry.areas()
    ]


def default_figure() -> str:
    chosen = registry.figures()
    return chosen[0].key if chosen else ""


def unit_label(figure: Figure) -> str:
    return {
        registry.PEOPLE: _("Personen"),
        registry.ORGANISATIONS: _("Organisationen"),
        registry.COUNT: pgettext("Einheit einer Kennzahl", "Anzahl"),
        registry.HOURS: _("Stunden"),
        registry.UNITS: _("Unterrichtseinheiten"),
    }[figure.unit]


@dataclass(frozen=True)
class Row:
    label: str
    numbers: tuple[Number, ...]  # one per year


@dataclass(frozen=True)
class FigureTable:
    figure: Figure
    years: tuple[int, ...]
    rows: tuple[Row, ...]  # by category (empty for a figure without a breakdown)
    total: Row
    unit: str

    @property
    def anchor(self) -> str:
        return "zahl-" + self.figure.key.replace(".", "-")


@dataclass(frozen=True)
class AreaSection:
    key: str
    label: str
    tables: tuple[FigureTable, ...]


@dataclass(frozen=True)
class Trend:
    figure: Figure
    chart: charts.BarChart
    years: tuple[int, ...]
    numbers: tuple[Number, ...]


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    scope: str  # "ganz Hessen", "Gießen (Landkreis)", …
    areas: tuple[AreaSection, ...]
    trend: Trend | None
    map_figure: Figure | None
    map: FigureMap | None
    withheld: bool  # some number is "< 5" or "×": the page explains the marks


def scope_label(district: str | None) -> str:
    if district is None:
        return _("ganz Hessen")
    if district == NO_DISTRICT:
        return _("ohne Kreis (online oder hessenweit)")
    return dict(districts()).get(district, district)


def _labels() -> Callable[[Figure], Mapping[str, str]]:
    """The categories' names of a figure, each list asked once per page (figures share them)."""
    known: dict[object, Mapping[str, str]] = {}

    def labels(figure: Figure) -> Mapping[str, str]:
        if figure.categories is None:
            return {}
        if figure.categories not in known:
            known[figure.categories] = figure.categories()
        return known[figure.categories]

    return labels


def _figure_table(marked: MarkedFigure, filters: Filters, labels: Mapping[str, str]) -> FigureTable:
    years = tuple(filters.years)
    tables = [marked.years[year] for year in years]
    rows: list[Row] = []
    if marked.categories != ("",):
        by_year = [table.categories_in(filters.district) for table in tables]
        for category in marked.categories:
            numbers = tuple(per_year.get(category, Number(0)) for per_year in by_year)
            if any(number.value for number in numbers):  # a row of zeros tells nothing
                rows.append(Row(label=category_label(labels, category), numbers=numbers))
    total = Row(label=_("Insgesamt"), numbers=tuple(table.total_in(filters.district) for table in tables))
    return FigureTable(figure=marked.figure, years=years, rows=tuple(rows), total=total, unit=unit_label(marked.figure))


def _trend(marked: MarkedFigure, filters: Filters, scope: str) -> Trend:
    years = tuple(filters.years)
    numbers = tuple(marked.years[year].total_in(filters.district) for year in years)
    values = "; ".join(f"{year}: {number.text()}" for year, number in zip(years, numbers, strict=True))
    title = _("%(figure)s: %(scope)s, %(first)s bis %(last)s") % {
        "figure": marked.figure.label,
        "scope": scope,
        "first": years[0],
        "last": years[-1],
    }
    description = _("Säulendiagramm. %(figure)s je Jahr: %(values)s.") % {
        "figure": marked.figure.label,
        "values": values,
    }
    chart = charts.bar_chart(
        chart_id="verlauf",
        title=title,
        description=description,
        points=[
            charts.Point(label=str(year), value=number.visible_value, text=number.text())
            for year, number in zip(years, numbers, strict=True)
        ],
    )
    return Trend(figure=marked.figure, chart=chart, years=years, numbers=numbers)


def dashboard(filters: Filters) -> Dashboard:
    """Every figure for ``filters``: a table per figure by area, the trend and the map of the chosen one."""
    chosen = registry.figures()
    district_keys = [ags for ags, _name in districts()] + [NO_DISTRICT]
    marked = marked_figures(chosen, years=filters.years, districts=district_keys)
    labels = _labels()
    scope = scope_label(filters.district)
    areas = tuple(
        AreaSection(
            key=area.key,
            label=str(area.label),
            tables=tuple(
                _figure_table(marked[figure.key], filters, labels(figure)) for figure in registry.figures(area.key)
            ),
        )
        for area in registry.areas()
    )
    map_figure = marked.get(filters.figure) or (marked[chosen[0].key] if chosen else None)
    shown_years = set(filters.years)
    withheld = any(
        not number.shown
        for section in areas
        for table in section.tables
        for row in (*table.rows, table.total)
        for number in row.numbers
    )
    figure_map_ = None
    if map_figure is not None:
        figure_map_ = figure_map(table=map_figure.years[filters.year], suppressed=map_figure.figure.suppressed)
        withheld = withheld or any(not area.number.shown for area in figure_map_.areas)
    return Dashboard(
        filters=filters,
        scope=scope,
        areas=areas,
        trend=_trend(map_figure, filters, scope) if map_figure is not None and shown_years else None,
        map_figure=map_figure.figure if map_figure is not None else None,
        map=figure_map_,
        withheld=withheld,
    )
