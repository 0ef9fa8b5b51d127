"""The annual report's charts: horizontal bars as SVG, drawn on the server (no chart library).

A chart is a picture of numbers the report also prints in a table. Its ``<title>`` is the text
alternative (WeasyPrint writes it as the figure's ``Alt`` in the tagged PDF) and names every value,
so a screen reader loses nothing; a withheld value gets no bar and reads "< 5" or "x" as everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from vielfalt.reports.annual.tables import Value

WIDTH = 480  # in CSS pixels (the PDF scales them: 0.75 pt each)
LABEL_WIDTH = 170
VALUE_WIDTH = 60
BAR_HEIGHT = 14
ROW_HEIGHT = 20
COLOUR = "#0b4f6c"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Value


def value_text(value: Value) -> str:
    """A value as the report writes it: grouped German digits, or the mark of a withheld value."""
    return number_format(value.value, use_l10n=True, force_grouping=True) if value.shown else value.text()


def _shorten(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(*, title: str, bars: Sequence[Bar], chart_id: str) -> SafeString:
    """A horizontal bar chart of ``bars`` with ``title`` and a text alternative naming every value."""
    peak = max((bar.value.value for bar in bars if bar.value.shown), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * len(bars) + 8
    alternative = gettext("%(title)s: %(values)s.") % {
        "title": title,
        "values": "; ".join(f"{bar.label} {value_text(bar.value)}" for bar in bars),
    }
    rows = []
    for position, bar in enumerate(bars):
        top = 4 + position * ROW_HEIGHT
        middle = top + BAR_HEIGHT / 2 + 4
        length = round(span * bar.value.value / peak, 1) if bar.value.shown else 0
        rows.append(
            (
                LABEL_WIDTH - 6,
                middle,
                _shorten(bar.label),
                LABEL_WIDTH,
                top,
                length,
                BAR_HEIGHT,
                COLOUR,
                LABEL_WIDTH + length + 4,
                middle,
                value_text(bar.value),
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title" width="{width}" '
        'height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="10" '
        'fill="#111"><title id="{id}-title">{alternative}</title>'
        '<line x1="{axis}" y1="0" x2="{axis}" y2="{height}" stroke="#666" stroke-width="1"/>{body}</svg>',
        id=chart_id,
        width=WIDTH,
        height=height,
        alternative=alternative,
        axis=LABEL_WIDTH,
        body=body,
    )
