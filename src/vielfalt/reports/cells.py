"""A figure's numbers as a ministry viewer or an export may see them: small counts withheld.

For each year a figure is one table: a row per district (and one for "no district"), a column per
category, with the districts' totals (the map, a district's total), the categories' totals (Hessen by
category) and Hessen's total. Every view of the dashboard and the report reads from that one table
and its marks (``core.lib.suppression.suppress_table``), so no two views together reveal what one
withholds: the total of a district on the map and in its own table carry the same mark.

Figures that count people or organisations are suppressed; those that describe the cells of such a
count (``Figure.follows``: the hours of the contacts) take its marks; the others (events, UE) are
shown as they are. The marked tables are cached with the figure's cells (``core.figures.cells``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from django.conf import settings
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vielfalt.core import figures as registry
from vielfalt.core.figures import Cell, Figure
from vielfalt.core.lib import pagecache
from vielfalt.core.lib.suppression import Mark, TableMarks, follow_table, shown_all, suppress_table

NO_DISTRICT = ""  # online, Hessen-wide, not known


def grouped(value: int) -> str:
    """``number_format(value, force_grouping=True)`` for a whole number, at a third of its cost: the
    figures page writes several hundred numbers, and Django looks up the language's separators for each."""
    separator = _thousands_separator(get_language() or settings.LANGUAGE_CODE)
    if separator is None:
        return number_format(value, force_grouping=True)
    return f"{value:,}".replace(",", separator)


@cache
def _thousands_separator(language: str) -> str | None:
    """The separator of thousands in ``language``, where it groups digits by three (all of ours do)."""
    return str(get_format("THOUSAND_SEPARATOR", language)) if get_format("NUMBER_GROUPING", language) == 3 else None


@dataclass(frozen=True)
class Number:
    """A value with its mark: shown, "< 5" (``small``), or hidden so that a small one stays unknown."""

    value: int
    mark: Mark = Mark.SHOWN

    @property
    def shown(self) -> bool:
        return self.mark is Mark.SHOWN

    @property
    def small(self) -> bool:
        return self.mark is Mark.SMALL

    @property
    def hidden(self) -> bool:
        return self.mark is Mark.HIDDEN

    @property
    def visible_value(self) -> int | None:
        """The value when it may be seen, else ``None`` (charts draw no bar for it)."""
        return self.value if self.shown else None

    def text(self) -> str:
        """What a page or a file shows: the number (grouped as the language writes it), "< 5" or "×"."""
        if self.small:
            return "< 5"
        if self.hidden:
            return "×"
        return grouped(self.value)

    def __str__(self) -> str:
        return self.text()


# Marks as one letter each while cached: a page reads every figure's tables from the cache, and
# unpickling tens of thousands of enum members and small objects would cost more than the page.
_CODE = {Mark.SHOWN: "s", Mark.SMALL: "m", Mark.HIDDEN: "h"}
_MARK = {code: mark for mark, code in _CODE.items()}


def _codes(marks: Sequence[Mark]) -> str:
    return "".join(_CODE[mark] for mark in marks)


def _marks(codes: str) -> tuple[Mark, ...]:
    return tuple(_MARK[code] for code in codes)


@dataclass(frozen=True)
class YearTable:
    """One figure in one year, every number marked: a row per district, a column per category."""

    year: int
    districts: tuple[str, ...]
    categories: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    codes: tuple[str, ...]  # the cells' marks, a letter each, a string per row
    row_codes: str
    column_codes: str
    total_code: str

    @classmethod
    def of(
        cls,
        *,
        year: int,
        districts: tuple[str, ...],
        categories: tuple[str, ...],
        table: list[list[int]],
        marks: TableMarks,
    ) -> YearTable:
        return cls(
            year=year,
            districts=districts,
            categories=categories,
            values=tuple(tuple(row) for row in table),
            codes=tuple(_codes(row) for row in marks.cells),
            row_codes=_codes(marks.rows),
            column_codes=_codes(marks.columns),
            total_code=_CODE[marks.total],
        )

    @property
    def marks(self) -> TableMarks:
        return TableMarks(
            cells=tuple(_marks(row) for row in self.codes),
            rows=_marks(self.row_codes),
            columns=_marks(self.column_codes),
            total=_MARK[self.total_code],
        )

    @cached_property
    def cells(self) -> dict[tuple[str, str], Number]:
        """(district, category) → number."""
        return {
            (district, category): Number(self.values[r][c], _MARK[self.codes[r][c]])
            for r, district in enumerate(self.districts)
            for c, category in enumerate(self.categories)
        }

    @cached_property
    def by_district(self) -> dict[str, Number]:
        return {
            district: Number(sum(self.values[r]), _MARK[self.row_codes[r]]) for r, district in enumerate(self.districts)
        }

    @cached_property
    def by_category(self) -> dict[str, Number]:
        return {
            category: Number(sum(row[c] for row in self.values), _MARK[self.column_codes[c]])
            for c, category in enumerate(self.categories)
        }

    @property
    def total(self) -> Number:
        return Number(sum(map(sum, self.values)), _MARK[self.total_code])

    def categories_in(self, district: str | None) -> dict[str, Number]:
        """The numbers by category in Hessen (``None``) or in one district."""
        if district is None:
            return dict(self.by_category)
        if district not in self.districts:
            return {}
        r = self.districts.index(district)
        return {
            category: Number(self.values[r][c], _MARK[self.codes[r][c]]) for c, category in enumerate(self.categories)
        }

    def total_in(self, district: str | None) -> Number:
        return self.total if district is None else self.by_district.get(district, Number(0))


@dataclass(frozen=True)
class MarkedFigure:
    figure: Figure
    districts: tuple[str, ...]
    categories: tuple[str, ...]  # ("",) for a figure without a breakdown
    years: dict[int, YearTable]

    @property
    def withheld(self) -> bool:
        return any(
            not number.shown
            for table in self.years.values()
            for number in (*table.cells.values(), *table.by_district.values(), table.total)
        )


def _table_marks(figure: Figure, table: list[list[int]], base: TableMarks | None) -> TableMarks:
    if base is not None:
        return follow_table(base)
    if figure.unit in registry.SUPPRESSED_UNITS:
        return suppress_table(table)
    return shown_all(len(table), len(table[0]))


def marked(
    figure: Figure,
    cells: Mapping[Cell, int],
    *,
    years: Sequence[int],
    districts: Sequence[str],
    categories: Sequence[str],
    base: MarkedFigure | None = None,
) -> MarkedFigure:
    """``cells`` of ``figure`` as marked tables, one per year (pure: no query). ``base`` is the marked
    figure this one follows; its districts and categories are used so the marks line up."""
    if base is not None:
        districts, categories = base.districts, base.categories
    else:
        known_districts = set(districts)
        known_categories = set(categories)
        extra_districts = sorted({d for _y, d, _c in cells if d not in known_districts})
        extra_categories = sorted({c for _y, _d, c in cells if c not in known_categories})
        districts = (*districts, *extra_districts)
        categories = (*categories, *extra_categories)
    tables: dict[int, YearTable] = {}
    for year in years:
        table = [[cells.get((year, district, category), 0) for category in categories] for district in districts]
        marks = _table_marks(figure, table, base.years[year].marks if base is not None else None)
        tables[year] = YearTable.of(
            year=year, districts=tuple(districts), categories=tuple(categories), table=table, marks=marks
        )
    return MarkedFigure(figure=figure, districts=tuple(districts), categories=tuple(categories), years=tables)


def category_keys(figure: Figure) -> tuple[str, ...]:
    return tuple(figure.categories()) if figure.categories is not None else ("",)


def marked_figures(
    chosen: Sequence[Figure], *, years: Sequence[int], districts: Sequence[str]
) -> dict[str, MarkedFigure]:
    """The marked tables of ``chosen`` figures (and of the figures they follow) for ``years``: each from
    the cache while none of its tables changed (two cache reads for all of them), else computed (one or
    two queries a figure)."""
    years = sorted(set(years))
    needed: dict[str, Figure] = {}

    def add(figure: Figure) -> None:  # the figure followed comes first
        if figure.follows:
            add(registry.figure(figure.follows))
        needed.setdefault(figure.key, figure)

    for figure in chosen:
        add(figure)

    def compute(name: str, done: Mapping[str, MarkedFigure]) -> MarkedFigure:
        figure = needed[name]
        base = done[figure.follows] if figure.follows else None
        return marked(
            figure,
            registry.cells(figure, years),
            years=years,
            districts=districts,
            categories=category_keys(figure) if base is None else (),
            base=base,
        )

    key = f"marked:{','.join(map(str, years))}:{','.join(districts)}"
    cached = {
        name: (figure.cache_group, key)
        for name, figure in needed.items()
        if figure.tables and (not figure.follows or needed[figure.follows].tables)
    }
    done = pagecache.cached_many(cached, compute) if cached else {}
    # A figure without tables cannot be cached; neither can one following it (or followed by it).
    for name in needed:
        if name not in done:
            done[name] = compute(name, done)
    return done


def category_label(labels: Mapping[str, str], key: str) -> str:
    if not key:
        return _("ohne Angabe")
    return labels.get(key, key)
