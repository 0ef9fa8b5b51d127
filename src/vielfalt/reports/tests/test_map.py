"""The dashboard's map: districts shaded by a figure, withheld numbers with shades and legend entries of their own."""

from __future__ import annotations

import pytest

from vielfalt.core.figures import COUNT, PEOPLE, Figure
from vielfalt.reports.cells import marked
from vielfalt.reports.dashboard.maps import HIDDEN_SHADE, SMALL_SHADE, figure_map
from vielfalt.reports.dashboard.selectors import districts

GIESSEN, KASSEL, FULDA = "06531", "06611", "06631"


def _map(unit: str, cells: dict[tuple[int, str, str], int]):  # type: ignore[no-untyped-def]
    figure = Figure(key="test.map", area="test", label="Test", unit=unit, compute=lambda years: {})
    keys = [ags for ags, _name in districts()] + [""]
    table = marked(figure, cells, years=[2024], districts=keys, categories=("",)).years[2024]
    return figure_map(table=table, suppressed=figure.suppressed)


@pytest.mark.django_db
def test_a_small_count_and_the_cell_hiding_it_get_their_own_shades_and_legend_entries():
    shown = _map(PEOPLE, {(2024, GIESSEN, ""): 3, (2024, KASSEL, ""): 40, (2024, FULDA, ""): 80})
    shades = {area.ags: area.shade for area in shown.areas}
    assert shades[GIESSEN] == SMALL_SHADE and shades[KASSEL] == HIDDEN_SHADE and shades[FULDA] == "4"
    labels = [entry.label for entry in shown.legend]
    assert labels[0] == "0" and "< 5 (kleine Zahl)" in labels
    assert all(not label[0].isdigit() or int(label.split("–")[0]) >= 5 for label in labels[1:])  # steps start at 5
    assert next(area for area in shown.areas if area.ags == GIESSEN).description == "Gießen (Landkreis): < 5"
    assert shown.total.text() == "123" and len(shown.rows) == 26


@pytest.mark.django_db
def test_counts_that_describe_nobody_are_shaded_from_one():
    shown = _map(COUNT, {(2024, GIESSEN, ""): 1, (2024, KASSEL, ""): 4, (2024, "", ""): 2})
    assert {area.ags: area.shade for area in shown.areas}[GIESSEN] == "1"
    assert [entry.label for entry in shown.legend] == ["0", "1", "2", "3", "4"]
    assert shown.no_district.text() == "2"
