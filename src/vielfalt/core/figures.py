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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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

    @property
    def suppressed(self) -> bool:
        return self.unit in SUPPRESSED_UNITS


_areas: dict[str, Area] = {}
_figures: dict[str, Figure] = {}


def register_area(key: str, *, label: Any, order: int = 100) -> None:
    _areas[key] = Area(key=key, label=label, order=order)


def register(figure: Figure) -> None:
    """Add ``figure`` (registering a key again replaces it, so ``ready()`` may run twice)."""
    if figure.unit not in UNIT_KINDS:
        raise ValueError(f"unknown unit {figure.unit!r} of figure {figure.key!r}")
    _figures[figure.key] = figure


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
