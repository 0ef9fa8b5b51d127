"""The annual report's content, built only from the figures registry (``core.figures``).

Every registered figure appears: an app that registers a figure is in the next report without any
change here. Each figure is computed once, for the report's year and the four years before (the
trend), and answers with cells per year, district and category; the report arranges them as tables
with the districts as rows and the Hessen total below.

Small counts: a figure of people or organisations shows 1 to 4 as "< 5", and where a total would let
a reader work out such a cell, a second cell is hidden ("x") — the rule of ``suppress``, applied to
each column of a year (the districts and their total). The trend and the charts show the totals with
the marks of their year's column, so no part of the report tells what another part withholds.

A categorised figure has no total per district across its categories: a figure may count one thing
under several categories (an organisation in two fields of action), so that sum would be wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from vielfalt.core import figures as registry
from vielfalt.core.errors import ApplicationError

# The small-count rule. It moves to ``core.lib.suppression`` with the dashboard; only this import changes.
from vielfalt.core.lib.suppression import Mark, suppress
from vielfalt.regions.models import District

TREND_YEARS = 5
NO_DISTRICT = ""

__all__ = ["Mark", "Report", "build_report", "report_years"]


@dataclass(frozen=True)
class Value:
    """One number of the report, shown or withheld."""

    value: int
    mark: Mark

    @property
    def shown(self) -> bool:
        return self.mark is Mark.SHOWN

    def text(self) -> str:
        """What stands where the number is withheld (the same in the file, the PDF and the charts)."""
        return "< 5" if self.mark is Mark.SMALL else "x"


@dataclass(frozen=True)
class Column:
    """One figure (or one category of a figure) across the districts, with its Hessen total."""

    label: str
    cells: tuple[Value, ...]  # in the order of ``Report.rows``
    total: Value


@dataclass(frozen=True)
class FigureTable:
    key: str
    label: str
    description: str
    unit: str
    suppressed: bool
    categorised: bool
    columns: tuple[Column, ...]  # one for a figure without categories, one per category otherwise
    trend: tuple[tuple[int, Value], ...]  # the Hessen total per year (figures without categories)


@dataclass(frozen=True)
class AreaSection:
    key: str
    label: str
    figures: tuple[FigureTable, ...]

    @property
    def plain(self) -> tuple[FigureTable, ...]:
        """The figures without categories: one table with a column each."""
        return tuple(figure for figure in self.figures if not figure.categorised)

    @property
    def categorised(self) -> tuple[FigureTable, ...]:
        return tuple(figure for figure in self.figures if figure.categorised)


@dataclass(frozen=True)
class Row:
    key: str  # the district's AGS, or "" for what belongs to no district
    label: str


@dataclass(frozen=True)
class Report:
    year: int
    generated_at: datetime
    rows: tuple[Row, ...]
    areas: tuple[AreaSection, ...]

    @property
    def trend_years(self) -> tuple[int, ...]:
        return tuple(range(self.year - TREND_YEARS + 1, self.year + 1))

    @property
    def figure_count(self) -> int:
        return sum(len(area.figures) for area in self.areas)

    @property
    def withheld(self) -> bool:
        """Some number is "< 5" or hidden."""
        return any(
            not value.shown
            for area in self.areas
            for figure in area.figures
            for column in figure.columns
            for value in (*column.cells, column.total)
        )


def report_years(*, today: datetime | None = None, back: int = 5) -> list[int]:
    """The years a report can be made for: this year (so far) and the ``back`` years before, newest first."""
    current = (today or timezone.localtime()).year
    return list(range(current, current - back - 1, -1))


def _rows() -> tuple[Row, ...]:
    districts = [Row(key=ags, label=name) for ags, name in _district_names()]
    return (*districts, Row(key=NO_DISTRICT, label=_no_district_label()))


def _district_names() -> list[tuple[str, str]]:
    return [(district.ags, str(district)) for district in District.objects.defer("outline").order_by("name", "ags")]


def _no_district_label() -> str:
    from django.utils.translation import gettext

    return gettext("ohne Kreis (hessenweit oder online)")


def _column(label: str, values: Sequence[int], *, suppressed: bool) -> Column:
    if not suppressed:
        return Column(
            label=label,
            cells=tuple(Value(value, Mark.SHOWN) for value in values),
            total=Value(sum(values), Mark.SHOWN),
        )
    marks = suppress(values)
    return Column(
        label=label,
        cells=tuple(Value(value, mark) for value, mark in zip(values, marks.cells, strict=True)),
        total=Value(sum(values), marks.total),
    )


class _Grid:
    """A figure's cells arranged once: the values per row for each (year, category)."""

    def __init__(self, cells: Mapping[registry.Cell, int], rows: Sequence[Row]) -> None:
        index = {row.key: position for position, row in enumerate(rows)}
        fallback = index[NO_DISTRICT]  # a district the regions do not know counts as "no district"
        self._size = len(rows)
        self._values: dict[tuple[int, str], list[int]] = {}
        for (year, ags, category), value in cells.items():
            values = self._values.setdefault((year, category), [0] * self._size)
            values[index.get(ags, fallback)] += int(value)

    def values(self, *, year: int, category: str) -> list[int]:
        return self._values.get((year, category)) or [0] * self._size


def _figure_table(
    figure: registry.Figure, cells: Mapping[registry.Cell, int], *, year: int, rows: Sequence[Row]
) -> FigureTable:
    label = str(figure.label)
    grid = _Grid(cells, rows)
    if figure.categories is None:
        columns: tuple[Column, ...] = (
            _column(label, grid.values(year=year, category=""), suppressed=figure.suppressed),
        )
        trend = []
        for trend_year in range(year - TREND_YEARS + 1, year + 1):
            column = _column(label, grid.values(year=trend_year, category=""), suppressed=figure.suppressed)
            trend.append((trend_year, column.total))
        return FigureTable(
            key=figure.key,
            label=label,
            description=str(figure.description or ""),
            unit=figure.unit,
            suppressed=figure.suppressed,
            categorised=False,
            columns=columns,
            trend=tuple(trend),
        )
    columns = tuple(
        _column(str(name), grid.values(year=year, category=key), suppressed=figure.suppressed)
        for key, name in figure.categories().items()
    )
    return FigureTable(
        key=figure.key,
        label=label,
        description=str(figure.description or ""),
        unit=figure.unit,
        suppressed=figure.suppressed,
        categorised=True,
        columns=columns,
        trend=(),
    )


class FigureFailed(ApplicationError):
    """A registered figure could not be computed: the report is not made (it would be incomplete)."""

    def __init__(self, message: Any, *, figure_key: str) -> None:
        super().__init__(message, code="figure_failed")
        self.figure_key = figure_key


def figure_failed_message(label: str) -> str:
    from django.utils.translation import gettext

    return gettext("Die Kennzahl „%(figure)s“ konnte nicht berechnet werden.") % {"figure": label}


def build_report(*, year: int, on_figure: Callable[[int, int], Any] | None = None) -> Report:
    """The report of ``year`` from every registered figure, in the registry's order.

    ``on_figure(done, total)`` is called after each figure (the worker reports its progress with it).
    Raises ``FigureFailed`` naming the figure that could not be computed.
    """
    rows = _rows()
    years = list(range(year - TREND_YEARS + 1, year + 1))
    chosen = registry.figures()
    # The registry's order; a figure whose area was never registered still appears (under its key).
    labels = {area.key: str(area.label) for area in registry.areas()}
    order = list(dict.fromkeys(figure.area for figure in chosen))
    done = 0
    sections: list[AreaSection] = []
    for area_key in order:
        tables = []
        for figure in (f for f in chosen if f.area == area_key):
            try:
                cells = figure.compute(years)
            except Exception as error:
                raise FigureFailed(figure_failed_message(str(figure.label)), figure_key=figure.key) from error
            tables.append(_figure_table(figure, cells, year=year, rows=rows))
            done += 1
            if on_figure is not None:
                on_figure(done, len(chosen))
        sections.append(AreaSection(key=area_key, label=labels.get(area_key, area_key), figures=tuple(tables)))
    return Report(year=year, generated_at=timezone.now(), rows=rows, areas=tuple(sections))
