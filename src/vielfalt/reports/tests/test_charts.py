"""The server-rendered SVG bar chart: accessible, no inline style, withheld values get no bar."""

from __future__ import annotations

from vielfalt.reports import charts


def _chart() -> charts.BarChart:
    return charts.bar_chart(
        chart_id="test",
        title="Teilnahmen: ganz Hessen, 2022 bis 2024",
        description="Säulendiagramm. Teilnahmen je Jahr: 2022: 120; 2023: < 5; 2024: 340.",
        points=[
            charts.Point(label="2022", value=120, text="120"),
            charts.Point(label="2023", value=None, text="< 5"),
            charts.Point(label="2024", value=340, text="340"),
        ],
    )


def test_the_axis_ends_at_a_round_number_in_even_steps():
    assert [charts.nice_ceiling(value) for value in (0, 3, 7, 99, 340, 1234)] == [4, 4, 8, 100, 400, 2000]


def test_bars_are_as_high_as_their_values_and_a_withheld_value_has_none():
    chart = _chart()
    first, withheld, last = chart.bars
    assert withheld.withheld and withheld.height == 0 and withheld.text == "< 5"
    assert last.height > first.height > 0
    assert abs(first.height / last.height - 120 / 340) < 0.01
    assert chart.ticks[-1].text == "400"


def test_the_svg_names_itself_and_carries_no_inline_style():
    svg = str(charts.render(_chart()))
    assert 'role="img"' in svg and 'aria-labelledby="test-title test-desc"' in svg
    assert '<title id="test-title">Teilnahmen: ganz Hessen, 2022 bis 2024</title>' in svg
    assert "2023: &lt; 5" in svg  # the text alternative names every value
    assert "style=" not in svg and "<script" not in svg
    assert svg.count("<rect") == 2  # no bar for the withheld year


def test_coordinates_are_written_with_a_point_in_every_language():
    from django.utils import translation

    with translation.override("de"):
        svg = str(charts.render(_chart()))
    assert 'y1="228.0"' in svg and ',0"' not in svg
