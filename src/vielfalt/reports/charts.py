"""Bar charts as SVG drawn on the server: no chart library, nothing loaded from another host.

``bar_chart`` lays the chart out (pure: positions in view-box units); ``render`` writes it with the
template ``reports/charts/bar_chart.svg`` — the dashboard includes that template, the annual report
(PDF) can render the same SVG. Colours come from classes in site.css (the Content Security Policy
allows no inline styles); the numbers stand above their bars, and the chart names itself with
``<title>`` and ``<desc>`` (the text alternative). A value that is withheld ("< 5", "×") gets no bar,
only its mark, so the height of a bar never tells what the number hides. Pages show the same numbers
in a table next to the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString

WIDTH = 640.0
HEIGHT = 260.0
LEFT = 64.0  # room for the axis' numbers
RIGHT = 8.0
TOP = 24.0  # room for the number above the highest bar
BOTTOM = 32.0  # room for the labels under the bars
TICKS = 4


@dataclass(frozen=True)
class Point:
    """One value of the chart: its label (a year), the value (``None`` when withheld) and its text."""

    label: str
    value: int | None
    text: str


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    text_y: float
    withheld: bool


@dataclass(frozen=True)
class Tick:
    text: str
    y: float


@dataclass(frozen=True)
class BarChart:
    chart_id: str  # unique on the page: ids of the title and the description
    title: str
    description: str  # the text alternative: every value in words
    view_box: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_left: float
    axis_right: float
    baseline: float


def nice_ceiling(value: int) -> int:
    """The top of the axis: ``TICKS`` even whole steps of 1, 2, 2.5 or 5 × 10ⁿ that reach ``value``."""
    needed = max(value, 1) / TICKS
    magnitude = 10 ** math.floor(math.log10(needed)) if needed >= 1 else 1
    factors = (1, 2, 2.5, 5, 10) if magnitude >= 10 else (1, 2, 5, 10)
    step = next(factor * magnitude for factor in factors if factor * magnitude >= needed)
    return int(step * TICKS)


def bar_chart(*, chart_id: str, title: str, description: str, points: Sequence[Point]) -> BarChart:
    """Lay out a bar chart of ``points`` from left to right (years in ascending order)."""
    highest = nice_ceiling(max((point.value or 0 for point in points), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    band = plot_width / max(len(points), 1)
    bar_width = band * 0.6
    bars = []
    for index, point in enumerate(points):
        height = plot_height * (point.value or 0) / highest
        x = LEFT + index * band + (band - bar_width) / 2
        bars.append(
            Bar(
                label=point.label,
                text=point.text,
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                label_x=round(x + bar_width / 2, 1),
                label_y=round(baseline + 20, 1),
                text_y=round(baseline - height - 6, 1),
                withheld=point.value is None,
            )
        )
    ticks = tuple(
        Tick(
            text=number_format(highest * step // TICKS, force_grouping=True),
            y=round(baseline - plot_height * step / TICKS, 1),
        )
        for step in range(TICKS + 1)
    )
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        view_box=f"0 0 {WIDTH:.0f} {HEIGHT:.0f}",
        bars=tuple(bars),
        ticks=ticks,
        axis_left=LEFT,
        axis_right=WIDTH - RIGHT,
        baseline=baseline,
    )


def render(chart: BarChart) -> SafeString:
    """The chart as an SVG element (for a page, or for the annual report's PDF)."""
    return SafeString(render_to_string("reports/charts/bar_chart.svg", {"chart": chart}))
