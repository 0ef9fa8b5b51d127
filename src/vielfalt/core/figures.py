"""Figures for the dashboard and the annual report, gathered from every app.

The ministry's dashboard and the annual report count what many apps hold: organisations in the
directory, events and participants, trainings, certificates, counselling cases, needs, survey answers.
Core is the lowest layer and the reports app must not import every app's models, so each app
*registers* what it counts (in its ``AppConfig.ready()``, the way ``accounts.personal_data`` gathers
the data export); the reports app sums, suppresses small counts and draws. A new app appears in the
dashboard and the report by registering, and nothing else changes.

A figure is computed for a list of years at once and answers with *cells*: the value per year, district
(the AGS of a Landkreis or kreisfreie Stadt; ``""`` when it belongs to none, e.g. an online event or a
Hessen-wide need) and category (``""`` when the figure has no breakdown; otherwise a key of
``categories()``, e.g. an organisation's kind or a need's topic). Cells that are not returned are 0.
Figures never return names or anything else about a person: only counts and sums.

Computing a figure reads many rows; ``cells`` keeps each figure's cells in the cache until a write to
one of its ``tables`` commits (``core.lib.pagecache.cached``: ``register`` watches the tables, so every
process that starts the project invalidates the same way).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, SupportsIndex

from django.utils import timezone

from vielfalt.core.lib import pagecache

# (year, district AGS or "", category key or "")
Cell = tuple[int, str, str]

# What a figure counts. People and organisations are *small counts* below 5 in anything a ministry
# viewer or an export sees (shown as "< 5", with a second cell hidden where a total would tell);
# the others (events, hours, teaching units) describe no person.
PEOPLE = "people"
ORGANISATIONS = "organisations"
COUNT = "count"
HOURS = "hours"
UNITS = "units"  # Unterrichtseinheiten
UNIT_KINDS = (PEOPLE, ORGANISATIONS, COUNT, HOURS, UNITS)
SUPPRESSED_UNITS = (PEOPLE, ORGANISATIONS)


@dataclass(frozen=True)
class Area:
    """A part of the dashboard and a sheet of the annual report (directory, events, qualification, …)."""

    key: str
    label: Any  # a lazily translated string
    order: int = 100


@dataclass(frozen=True)
class Figure:
    key: str  # stable, e.g. "events.participants": used in URLs, the report and the cache
    area: str  # an ``Area.key``
    label: Any  # a lazily translated string: "Teilnehmende"
    unit: str  # one of UNIT_KINDS
    compute: Callable[[Sequence[int]], Mapping[Cell, int]]
    description: Any = ""  # one sentence: what exactly is counted (the report's notes)
    order: int = 100
    # The category keys and their (translated) names when the figure has a breakdown, in display order.
    categories: Callable[[], Mapping[str, str]] | None = None
    # The tables the figure reads: a cached value stays valid until a write to one of them commits
    # (``core.lib.pagecache.cached``).
    tables: tuple[str, ...] = field(default=())
    # The key of the count whose cells this figure's values describe (the hours of the contacts): they
    # are withheld wherever that count is ("< 5" or hidden), since they would tell about those few.
    # Its ``tables`` must include the other figure's.
    follows: str = ""

    @property
    def suppressed(self) -> bool:
        return self.unit in SUPPRESSED_UNITS or bool(self.follows)

    @property
    def cache_group(self) -> str:
        return f"figure.{self.key}"

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """A registered figure is pickled (into the cache, inside each marked table) as its key and read
        back as the registered one: its lazily translated label and description would otherwise each
        come back as a new lazy class, ~100 µs apiece, 34 a figures page."""
        if _figures.get(self.key) is self:
            return (figure, (self.key,))
        return super().__reduce_ex__(protocol)


_areas: dict[str, Area] = {}
_figures: dict[str, Figure] = {}


def register_area(key: str, *, label: Any, order: int = 100) -> None:
    _areas[key] = Area(key=key, label=label, order=order)


def register(figure: Figure) -> None:
    """Add ``figure`` (registering a key again replaces it, so ``ready()`` may run twice)."""
    if figure.unit not in UNIT_KINDS:
        raise ValueError(f"unknown unit {figure.unit!r} of figure {figure.key!r}")
    _figures[figure.key] = figure
    if figure.tables:
        pagecache.watch_tables(figure.cache_group, figure.tables)


def areas() -> list[Area]:
    """The areas that have at least one figure, in order."""
    used = {figure.area for figure in _figures.values()}
    return sorted((area for area in _areas.values() if area.key in used), key=lambda a: (a.order, a.key))


def figures(area: str | None = None) -> list[Figure]:
    """The registered figures (of one area), in order."""
    chosen = [f for f in _figures.values() if area is None or f.area == area]
    return sorted(chosen, key=lambda f: (_areas[f.area].order if f.area in _areas else 999, f.order, f.key))


def figure(key: str) -> Figure:
    return _figures[key]


def cells(figure: Figure, years: Sequence[int]) -> dict[Cell, int]:
    """``figure.compute(years)`` (years sorted, without repeats), kept in the cache until a write to one
    of the figure's tables commits; without ``tables`` it is computed every time."""
    chosen = sorted(set(years))

    def compute() -> dict[Cell, int]:
        return {cell: int(value) for cell, value in figure.compute(chosen).items() if value}

    if not figure.tables:
        return compute()
    return pagecache.cached(figure.cache_group, ",".join(map(str, chosen)), compute)


# --- helpers for the apps' figures ---------------------------------------------------------------------------


def period(years: Sequence[int]) -> tuple[datetime, datetime]:
    """From the start of the first of ``years`` to the start of the year after the last (local time)."""
    zone = timezone.get_current_timezone()
    return datetime(min(years), 1, 1, tzinfo=zone), datetime(max(years) + 1, 1, 1, tzinfo=zone)


def whole(value: int | float | Decimal | None) -> int:
    """A sum (hours, teaching units) as a whole number, halves rounded up."""
    return int(Decimal(value or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP))


Row = tuple[int, str | None, str | None, Any]


def tally(rows: Iterable[Row], years: Sequence[int] | None) -> dict[Cell, int]:
    """Grouped rows ``(year, district AGS, category, value)`` as cells: years not asked for are left
    out (``None``: none), a missing district or category is ``""``, values of the same cell are added
    (sums rounded)."""
    wanted = None if years is None else set(years)
    sums: dict[Cell, Decimal] = defaultdict(Decimal)
    for year, district, category, value in rows:
        if (wanted is None or year in wanted) and value:
            sums[(year, district or "", category or "")] += Decimal(value)
    return {cell: whole(value) for cell, value in sums.items() if value}


def accumulate(rows: Iterable[Row], years: Sequence[int]) -> dict[Cell, int]:
    """Cells of a stock at the end of each year from the rows of what was added in each year: a row of
    a year up to the cell's year counts (rows of years before the first are in every cell)."""
    added = tally(rows, None)
    cells: dict[Cell, int] = defaultdict(int)
    for (added_in, district, category), value in added.items():
        for year in years:
            if added_in <= year:
                cells[(year, district, category)] += value
    return dict(cells)
