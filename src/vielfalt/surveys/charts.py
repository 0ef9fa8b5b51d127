"""Horizontal bar charts of survey results, drawn as SVG on the server (no chart library, no script).

Each chart is an image with a title and a description that says every number in words, and the page
shows the same numbers in a table beside it. In right-to-left languages the bars grow from the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from vielfalt.surveys.selectors import Bar, QuestionResult, SurveyResults

WIDTH = 640
ROW = 46  # the label line and the bar below it
BAR = 18
LABEL_MAX = 70
VALUE_ROOM = 96  # room for "1234 (100 %)" after the longest bar


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_x: int
    label_y: int
    bar_x: int
    bar_y: int
    bar_width: int
    value: str
    value_x: int
    value_y: int


@dataclass(frozen=True)
class Chart:
    id: str
    width: int
    height: int
    anchor: str  # text-anchor of the labels: "start" (left-to-right) or "end"
    value_anchor: str
    rows: list[ChartRow]
    description: str


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def _value(bar: Bar) -> str:
    return _("%(count)d (%(percent)d %%)") % {"count": bar.count, "percent": bar.percent}


def bar_chart(chart_id: str, bars: list[Bar], *, rtl: bool = False) -> Chart:
    most = max((bar.count for bar in bars), default=0)
    room = WIDTH - VALUE_ROOM
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW
        width = round(room * bar.count / most) if most else 0
        width = max(width, 2) if bar.count else 0
        bar_x = WIDTH - width if rtl else 0
        value_x = (WIDTH - width - 6) if rtl else width + 6
        rows.append(
            ChartRow(
                label=_short(str(bar.label)),
                label_x=WIDTH if rtl else 0,
                label_y=top + 16,
                bar_x=bar_x,
                bar_y=top + 22,
                bar_width=width,
                value=_value(bar),
                value_x=value_x,
                value_y=top + 36,
            )
        )
    description = "; ".join(_("%(label)s: %(value)s") % {"label": str(bar.label), "value": _value(bar)} for bar in bars)
    return Chart(
        id=chart_id,
        width=WIDTH,
        height=max(len(bars), 1) * ROW,
        anchor="end" if rtl else "start",
        value_anchor="end" if rtl else "start",
        rows=rows,
        description=description,
    )


def for_results(results: SurveyResults) -> list[tuple[QuestionResult, Chart | None]]:
    """Each question's result with its chart (for questions with options or a scale)."""
    rtl = bool(get_language_bidi())
    return [
        (result, bar_chart(f"chart-{result.question.pk}", result.bars, rtl=rtl) if result.bars else None)
        for result in results.questions
    ]
