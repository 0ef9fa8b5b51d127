"""The map of the dashboard: the directory's SVG map of Hessen (``organisations.directory.maps``),
each district shaded by a figure's number in a year.

A withheld number gets a shade of its own ("< 5" and "×", with their own legend entries) instead of a
step of the scale, and the steps of a suppressed figure start at 5: the colour never says more than
the table beside the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vielfalt.core.lib.suppression import THRESHOLD
from vielfalt.organisations.directory.maps import (
    CREDIT,
    CREDIT_URL,
    SHADES,
    DistrictShape,
    district_map,
    district_shapes,
    shade_of,
)
from vielfalt.reports.cells import NO_DISTRICT, Number, YearTable

SMALL_SHADE = "small"
HIDDEN_SHADE = "hidden"


@dataclass(frozen=True)
class MapArea:
    shape: DistrictShape
    number: Number
    shade: str  # "0" … "4", "small", "hidden": the class vf-map__shade-<shade>
    description: str  # "Gießen (Landkreis): < 5"

    @property
    def ags(self) -> str:
        return self.shape.ags


@dataclass(frozen=True)
class LegendEntry:
    shade: str
    label: str


@dataclass(frozen=True)
class FigureMap:
    view_box: str
    areas: list[MapArea]  # in drawing order: districts first, cities on top
    legend: list[LegendEntry]
    no_district: Number  # online, Hessen-wide, not known: on no district of the map
    total: Number
    credit: str = CREDIT
    credit_url: str = CREDIT_URL

    @property
    def rows(self) -> list[MapArea]:
        """The same numbers as a table, by name."""
        return sorted(self.areas, key=lambda area: (area.shape.label, area.ags))


def _shade(number: Number, highest: int) -> str:
    if number.small:
        return SMALL_SHADE
    if number.hidden:
        return HIDDEN_SHADE
    return str(shade_of(number.value, highest=highest))


def _legend(*, highest: int, lowest_shown: int, shades: set[str]) -> list[LegendEntry]:
    """What each shade on the map means; a step below ``lowest_shown`` (5 for a suppressed figure) is
    cut there, a step that holds no whole number is left out."""
    entries = [LegendEntry("0", "0")]
    for shade in range(1, SHADES + 1):
        low = max(math.floor((shade - 1) * highest / SHADES) + 1, lowest_shown)
        high = math.floor(shade * highest / SHADES)
        if low > high:
            continue
        entries.append(LegendEntry(str(shade), str(low) if low == high else f"{low}–{high}"))
    if SMALL_SHADE in shades:
        entries.append(LegendEntry(SMALL_SHADE, _("< 5 (kleine Zahl)")))
    if HIDDEN_SHADE in shades:
        entries.append(LegendEntry(HIDDEN_SHADE, _("× (verdeckt, damit sich keine kleine Zahl ausrechnen lässt)")))
    return entries


def figure_map(*, table: YearTable, suppressed: bool) -> FigureMap:
    """The map of one figure's year: each district shaded by its total (as marked in ``table``)."""
    shapes = sorted(district_shapes(), key=lambda shape: (shape.is_city, shape.ags))
    numbers = {shape.ags: table.by_district.get(shape.ags, Number(0)) for shape in shapes}
    highest = max((number.value for number in numbers.values() if number.shown), default=0)
    areas = [
        MapArea(
            shape=shape,
            number=numbers[shape.ags],
            shade=_shade(numbers[shape.ags], highest),
            description=pgettext("Karte: Kreis und Zahl", "%(district)s: %(value)s")
            % {"district": shape.label, "value": numbers[shape.ags].text()},
        )
        for shape in shapes
    ]
    return FigureMap(
        view_box=district_map(counts={}).view_box,
        areas=areas,
        legend=_legend(
            highest=highest, lowest_shown=THRESHOLD if suppressed else 1, shades={area.shade for area in areas}
        ),
        no_district=table.by_district.get(NO_DISTRICT, Number(0)),
        total=table.total,
    )
