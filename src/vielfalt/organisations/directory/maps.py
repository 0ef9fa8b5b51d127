"""Reads for the map of Hessen: the 26 districts as SVG paths, shaded by a number per district.

The outlines (BKG VG5000, WGS84) are projected once per process with a plain equirectangular
projection, longitudes scaled by cos(50.5°) so Hessen keeps its shape; nothing is loaded from
another host. Colours come from classes (``vf-map__shade-0`` … ``-4`` in site.css), never inline
styles, because the Content Security Policy allows no inline styles.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.regions.models import District

CREDIT = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
CREDIT_URL = "https://www.bkg.bund.de"
SHADES = 4  # shades 1..4 for districts with organisations; 0 for none
_LATITUDE = 50.5  # middle of Hessen
_WIDTH = 600.0  # width of the view box in SVG units
_PADDING = 4.0


@dataclass(frozen=True)
class DistrictShape:
    ags: str
    name: str
    kind: str
    path: str  # SVG path data in view-box units

    @property
    def is_city(self) -> bool:
        return self.kind == District.Kind.CITY

    @property
    def label(self) -> str:
        """The district's name, with "(Landkreis)" where a city has the same name (in the current language)."""
        if self.is_city:
            return self.name
        return f"{self.name} ({District.Kind(self.kind).label})"


@dataclass(frozen=True)
class MapArea:
    shape: DistrictShape
    count: int
    shade: int
    description: str  # "Gießen (Landkreis): 12 Organisationen"

    @property
    def ags(self) -> str:
        return self.shape.ags


@dataclass(frozen=True)
class LegendEntry:
    shade: int
    label: str


@dataclass(frozen=True)
class DistrictMap:
    view_box: str
    areas: list[MapArea]  # in drawing order: districts first, cities on top
    legend: list[LegendEntry]
    credit: str = CREDIT
    credit_url: str = CREDIT_URL

    @property
    def rows(self) -> list[MapArea]:
        """The same numbers as a table, by name."""
        return sorted(self.areas, key=lambda area: (area.shape.label, area.ags))

    @property
    def total(self) -> int:
        return sum(area.count for area in self.areas)


@dataclass(frozen=True)
class _Geometry:
    shapes: tuple[DistrictShape, ...]
    view_box: str


def district_shapes() -> tuple[DistrictShape, ...]:
    """All districts with their projected outlines (computed once per process)."""
    return _geometry().shapes


def district_map(*, counts: Mapping[str, int]) -> DistrictMap:
    """The map with each district shaded by ``counts[ags]`` (missing districts count 0)."""
    geometry = _geometry()
    highest = max((counts.get(shape.ags, 0) for shape in geometry.shapes), default=0)
    areas = [
        MapArea(
            shape=shape,
            count=counts.get(shape.ags, 0),
            shade=shade_of(counts.get(shape.ags, 0), highest=highest),
            description=_area_description(shape.label, counts.get(shape.ags, 0)),
        )
        for shape in sorted(geometry.shapes, key=lambda shape: (shape.is_city, shape.ags))
    ]
    return DistrictMap(view_box=geometry.view_box, areas=areas, legend=legend(highest=highest))


def shade_of(count: int, *, highest: int) -> int:
    """0 for none; otherwise 1..4 in equal steps up to the highest count."""
    if count <= 0 or highest <= 0:
        return 0
    return min(SHADES, max(1, math.ceil(SHADES * count / highest)))


def legend(*, highest: int) -> list[LegendEntry]:
    """What each shade means, e.g. "1–5", "6–10" (steps that hold no whole number are left out)."""
    entries = [LegendEntry(0, _("keine"))]
    for shade in range(1, SHADES + 1):
        low = math.floor((shade - 1) * highest / SHADES) + 1
        high = math.floor(shade * highest / SHADES)
        if low > high:
            continue
        entries.append(LegendEntry(shade, str(low) if low == high else f"{low}–{high}"))
    return entries


def _area_description(label: str, count: int) -> str:
    return ngettext("%(district)s: %(count)s Organisation", "%(district)s: %(count)s Organisationen", count) % {
        "district": label,
        "count": count,
    }


def clear_cache() -> None:
    """Forget the projected outlines (after the regions were imported again)."""
    _geometry.cache_clear()


@cache
def _geometry() -> _Geometry:
    districts = list(District.objects.order_by("ags").values("ags", "name", "kind", "outline"))
    rings_by_district = [(district, list(_rings(district["outline"]))) for district in districts]
    points = [point for _district, rings in rings_by_district for ring in rings for point in ring]
    if not points:
        _geometry.cache_clear()  # nothing imported yet: do not remember an empty map
        return _Geometry(shapes=(), view_box="0 0 1 1")
    x_scale = math.cos(math.radians(_LATITUDE))
    west = min(lon for lon, _lat in points)
    north = max(lat for _lon, lat in points)
    east = max(lon for lon, _lat in points)
    south = min(lat for _lon, lat in points)
    scale = _WIDTH / ((east - west) * x_scale)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * x_scale * scale + _PADDING, (north - lat) * scale + _PADDING

    shapes = tuple(
        DistrictShape(
            ags=district["ags"],
            name=district["name"],
            kind=district["kind"],
            path=" ".join(_path([project(lon, lat) for lon, lat in ring]) for ring in rings),
        )
        for district, rings in rings_by_district
    )
    height = (north - south) * scale + 2 * _PADDING
    return _Geometry(shapes=shapes, view_box=f"0 0 {_WIDTH + 2 * _PADDING:.0f} {math.ceil(height)}")


def _rings(geometry: Mapping[str, Any]) -> Iterable[list[tuple[float, float]]]:
    """Every ring (outer boundaries and holes) of a GeoJSON Polygon or MultiPolygon."""
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    polygons: Sequence[Any] = ()
    if kind == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif kind == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    for polygon in polygons:
        for ring in polygon:
            points = [(float(point[0]), float(point[1])) for point in ring if len(point) >= 2]
            if len(points) >= 3:
                yield points


def _path(points: Sequence[tuple[float, float]]) -> str:
    """ "M x y x y … Z" with coordinates rounded to one decimal (a tenth of a unit is ~30 m)."""
    numbers = " ".join(f"{_number(x)} {_number(y)}" for x, y in points)
    return f"M{numbers}Z"


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
